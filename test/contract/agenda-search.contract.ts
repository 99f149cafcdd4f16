import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { AgendaItemRecord, MeetingListFilter } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting, makeParticipant } from './fixtures.js';

const page = { limit: 50, offset: 0 };

/** An agenda item of `meetingId`; override what the test is about. */
export function makeItem(meetingId: string, overrides: Partial<AgendaItemRecord> = {}): AgendaItemRecord {
  return {
    id: randomUUID(),
    meetingId,
    parentId: null,
    order: 0,
    title: 'Báo cáo tình hình kinh tế - xã hội',
    description: null,
    presenterId: null,
    presenterName: null,
    plannedMinutes: 30,
    actualStart: null,
    actualEnd: null,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

const by = { userId: randomUUID(), fullName: 'Trần Thị Bích' };

/** Meetings lists with visibility, words, kinds and order; the extra participant operations. */
export function meetingsListContract(store: CurrentStore): void {
  describe('meetings lists', () => {
    const titles = async (filter: Partial<MeetingListFilter>) =>
      (await store().meetings.list({ ...page, ...filter })).items.map((m) => m.title);

    it('keeps description, agenda version and series, and an edit never resets the agenda version', async () => {
      const m = await store().meetings.create(
        makeMeeting(0, { description: 'Nội dung', seriesId: randomUUID(), agendaVersion: 0 }),
      );
      await store().agenda.apply(m.id, 0, { upsert: [makeItem(m.id)] }, null);
      const updated = await store().meetings.update(m.id, { description: 'Mới', title: 'Sửa' }, 0, at(9));
      expect(updated).toMatchObject({
        description: 'Mới',
        title: 'Sửa',
        seriesId: m.seriesId,
        agendaVersion: 1,
      });
      await expect(store().meetings.getById(m.id)).resolves.toEqual(updated);
    });

    it('shows a member only their meetings, the secretariat every non-confidential one', async () => {
      const userId = randomUUID();
      const mine = await store().meetings.create(
        makeMeeting(0, { title: 'Của tôi', confidentiality: 'confidential' }),
      );
      await store().participants.add(makeParticipant(mine.id, userId));
      await store().meetings.create(makeMeeting(10, { title: 'Nội bộ', confidentiality: 'internal' }));
      await store().meetings.create(makeMeeting(20, { title: 'Mật', confidentiality: 'confidential' }));
      await expect(titles({ visibleTo: { userId, nonConfidential: false } })).resolves.toEqual(['Của tôi']);
      await expect(titles({ visibleTo: { userId, nonConfidential: true } })).resolves.toEqual([
        'Của tôi',
        'Nội bộ',
      ]);
      await expect(titles({ visibleTo: { userId: randomUUID(), nonConfidential: true } })).resolves.toEqual([
        'Nội bộ',
      ]);
      await expect(titles({})).resolves.toEqual(['Của tôi', 'Nội bộ', 'Mật']);
    });

    it('shows a user drafts only of meetings they chair or are secretary of', async () => {
      const userId = randomUUID();
      const organised = await store().meetings.create(
        makeMeeting(0, { title: 'Nháp tôi soạn', status: 'draft' }),
      );
      const attended = await store().meetings.create(
        makeMeeting(10, { title: 'Nháp tôi dự', status: 'draft' }),
      );
      const published = await store().meetings.create(makeMeeting(20, { title: 'Đã công bố' }));
      await store().participants.add(makeParticipant(organised.id, userId, { role: 'secretary' }));
      await store().participants.add(makeParticipant(attended.id, userId, { role: 'delegate' }));
      await store().participants.add(makeParticipant(published.id, userId, { role: 'delegate' }));
      const visibleTo = { userId, nonConfidential: false };
      await expect(titles({ visibleTo, hideDraftsFrom: userId })).resolves.toEqual([
        'Nháp tôi soạn',
        'Đã công bố',
      ]);
      await expect(titles({ visibleTo })).resolves.toEqual(['Nháp tôi soạn', 'Nháp tôi dự', 'Đã công bố']);
    });

    it('shows the secretariat every non-confidential draft, and confidential ones only it organises', async () => {
      const userId = randomUUID();
      await store().meetings.create(makeMeeting(0, { title: 'Nháp nội bộ', status: 'draft' }));
      const attended = await store().meetings.create(
        makeMeeting(10, { title: 'Nháp mật tôi dự', status: 'draft', confidentiality: 'confidential' }),
      );
      const organised = await store().meetings.create(
        makeMeeting(20, { title: 'Nháp mật tôi soạn', status: 'draft', confidentiality: 'confidential' }),
      );
      await store().participants.add(makeParticipant(attended.id, userId, { role: 'delegate' }));
      await store().participants.add(makeParticipant(organised.id, userId, { role: 'secretary' }));
      const visibleTo = { userId, nonConfidential: true };
      await expect(
        titles({ visibleTo, hideDraftsFrom: userId, draftsOfNonConfidential: true }),
      ).resolves.toEqual(['Nháp nội bộ', 'Nháp mật tôi soạn']);
    });

    it('filters by folded words, kind and excluded statuses, newest first on request', async () => {
      await store().meetings.create(makeMeeting(0, { title: 'Họp về Đô thị thông minh', kind: 'thematic' }));
      await store().meetings.create(
        makeMeeting(10, { title: 'Giao ban tuần', kind: 'briefing', status: 'draft' }),
      );
      await store().meetings.create(
        makeMeeting(20, { title: 'Họp thường kỳ', location: 'Hội trường Đống Đa' }),
      );
      await expect(titles({ q: 'do thi' })).resolves.toEqual(['Họp về Đô thị thông minh']);
      await expect(titles({ q: 'DONG DA' })).resolves.toEqual(['Họp thường kỳ']);
      await expect(titles({ kind: 'briefing' })).resolves.toEqual(['Giao ban tuần']);
      await expect(titles({ excludeStatus: ['draft'] })).resolves.toEqual([
        'Họp về Đô thị thông minh',
        'Họp thường kỳ',
      ]);
      await expect(titles({ order: 'desc' })).resolves.toEqual([
        'Họp thường kỳ',
        'Giao ban tuần',
        'Họp về Đô thị thông minh',
      ]);
    });
  });

  describe('participants, more', () => {
    it('adds many, skipping users already there or listed twice', async () => {
      const m = await store().meetings.create(makeMeeting());
      const [a, b] = [randomUUID(), randomUUID()];
      await store().participants.add(makeParticipant(m.id, a));
      const result = await store().participants.addMany([
        makeParticipant(m.id, a),
        makeParticipant(m.id, b),
        makeParticipant(m.id, b),
        makeParticipant(m.id, null),
      ]);
      expect(result).toEqual({ added: 2, skipped: 2 });
      expect(await store().participants.listByMeeting(m.id)).toHaveLength(3);
      await expect(store().participants.addMany([makeParticipant(randomUUID(), a)])).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });

    it('reads one by id, counts per meeting, updates role, vote and seat', async () => {
      const m1 = await store().meetings.create(makeMeeting());
      const m2 = await store().meetings.create(makeMeeting(10));
      const p = await store().participants.add(makeParticipant(m1.id, randomUUID()));
      await store().participants.add(makeParticipant(m1.id, null));
      await expect(store().participants.getById(p.id)).resolves.toEqual(p);
      await expect(store().participants.getById(randomUUID())).resolves.toBeNull();
      const counts = await store().participants.countByMeetings([m1.id, m2.id]);
      expect([counts.get(m1.id), counts.get(m2.id)]).toEqual([2, 0]);
      const updated = await store().participants.update(p.id, {
        role: 'observer',
        votingRight: false,
        seat: 'B2',
      });
      expect(updated).toEqual({ ...p, role: 'observer', votingRight: false, seat: 'B2' });
      await expect(store().participants.getById(p.id)).resolves.toEqual(updated);
      await expect(store().participants.update(randomUUID(), { seat: null })).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });
  });
}

/** The agenda: depth-first order, atomic versioned writes, revisions. */
export function agendaContract(store: CurrentStore): void {
  describe('agenda', () => {
    it('lists items depth-first whatever order they were written in', async () => {
      const m = await store().meetings.create(makeMeeting());
      const a = makeItem(m.id, { title: 'A', order: 0 });
      const b = makeItem(m.id, { title: 'B', order: 1 });
      const b1 = makeItem(m.id, { title: 'B.1', order: 0, parentId: b.id });
      const b2 = makeItem(m.id, { title: 'B.2', order: 1, parentId: b.id });
      const a1 = makeItem(m.id, { title: 'A.1', order: 0, parentId: a.id });
      const version = await store().agenda.apply(m.id, 0, { upsert: [b2, b1, b, a1, a] }, null);
      expect(version).toBe(1);
      expect((await store().agenda.list(m.id)).map((i) => i.title)).toEqual(['A', 'A.1', 'B', 'B.1', 'B.2']);
      await expect(store().agenda.getItem(b1.id)).resolves.toEqual(b1);
      await expect(store().agenda.getItem(randomUUID())).resolves.toBeNull();
      expect((await store().meetings.getById(m.id))?.agendaVersion).toBe(1);
    });

    it('refuses a stale version and changes nothing', async () => {
      const m = await store().meetings.create(makeMeeting());
      await store().agenda.apply(m.id, 0, { upsert: [makeItem(m.id, { title: 'Đầu tiên' })] }, null);
      const late = store().agenda.apply(m.id, 0, { upsert: [makeItem(m.id, { title: 'Muộn' })] }, null);
      await expect(late).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store().agenda.list(m.id)).map((i) => i.title)).toEqual(['Đầu tiên']);
      await expect(store().agenda.apply(randomUUID(), 0, {}, null)).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });

    it('lets exactly one of two concurrent writers at the same version through', async () => {
      const m = await store().meetings.create(makeMeeting());
      const results = await Promise.allSettled([
        store().agenda.apply(m.id, 0, { upsert: [makeItem(m.id, { title: 'Một' })] }, null),
        store().agenda.apply(m.id, 0, { upsert: [makeItem(m.id, { title: 'Hai' })] }, null),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await store().agenda.list(m.id)).toHaveLength(1);
    });

    it('deletes an item with its sub-items, updates others, and never touches another meeting', async () => {
      const m = await store().meetings.create(makeMeeting());
      const other = await store().meetings.create(makeMeeting(10));
      const a = makeItem(m.id, { title: 'A' });
      const a1 = makeItem(m.id, { title: 'A.1', parentId: a.id });
      const b = makeItem(m.id, { title: 'B', order: 1 });
      const foreign = makeItem(other.id, { title: 'Khác' });
      await store().agenda.apply(m.id, 0, { upsert: [a, a1, b] }, null);
      await store().agenda.apply(other.id, 0, { upsert: [foreign] }, null);
      await store().agenda.apply(m.id, 1, { delete: [a.id, foreign.id], upsert: [{ ...b, order: 0 }] }, null);
      expect((await store().agenda.list(m.id)).map((i) => [i.title, i.order])).toEqual([['B', 0]]);
      expect((await store().agenda.list(other.id)).map((i) => i.title)).toEqual(['Khác']);
      const hijack = store().agenda.apply(m.id, 2, { upsert: [{ ...foreign, title: 'Cướp' }] }, null);
      await expect(hijack).rejects.toBeInstanceOf(RecordNotFoundError);
      expect((await store().agenda.list(other.id)).map((i) => i.title)).toEqual(['Khác']);
      expect((await store().meetings.getById(m.id))?.agendaVersion).toBe(2);
    });

    it('stores a revision under the new version, newest first', async () => {
      const m = await store().meetings.create(makeMeeting());
      await store().agenda.apply(
        m.id,
        0,
        { upsert: [makeItem(m.id)] },
        { at: at(5), by, summary: ['Thêm mục "A"'] },
      );
      await store().agenda.apply(
        m.id,
        1,
        {},
        { at: at(6), by, summary: ['Sắp xếp lại thứ tự chương trình'] },
      );
      await store().agenda.apply(m.id, 2, {}, null);
      expect(await store().agenda.revisions(m.id)).toEqual([
        { meetingId: m.id, version: 2, at: at(6), by, summary: ['Sắp xếp lại thứ tự chương trình'] },
        { meetingId: m.id, version: 1, at: at(5), by, summary: ['Thêm mục "A"'] },
      ]);
    });
  });
}

/** The search index: accent-insensitive, every word required, filtered by visibility. */
export function searchContract(store: CurrentStore): void {
  describe('search index', () => {
    const ids = async (q: string, visibleTo?: { userId: string; nonConfidential: boolean }) =>
      (await store().search.query({ tokens: q.split(' '), visibleTo, limit: 20 })).map((e) => e.id);

    it('finds folded words in titles and text, all words required', async () => {
      const m = await store().meetings.create(makeMeeting());
      const item = randomUUID();
      const doc = randomUUID();
      await store().search.upsert({
        kind: 'meeting',
        id: m.id,
        meetingId: m.id,
        title: 'Họp thường kỳ',
        text: '',
      });
      await store().search.upsert({
        kind: 'agenda_item',
        id: item,
        meetingId: m.id,
        title: 'Báo cáo kết quả chuyển đổi số',
        text: '',
      });
      await store().search.upsert({
        kind: 'document',
        id: doc,
        meetingId: m.id,
        title: 'bao-cao.pdf',
        text: 'Trang 1\nThành phố đẩy mạnh Chuyển Đổi Số trong cơ quan nhà nước',
      });
      expect((await ids('chuyen doi so')).sort()).toEqual([item, doc].sort());
      await expect(ids('co quan nha nuoc')).resolves.toEqual([doc]);
      await expect(ids('chuyen doi hop')).resolves.toEqual([]);
      const [entry] = await store().search.query({ tokens: ['nha', 'nuoc'], limit: 5 });
      // Stored flattened: one space for any run of white space.
      expect(entry).toEqual({
        kind: 'document',
        id: doc,
        meetingId: m.id,
        title: 'bao-cao.pdf',
        text: 'Trang 1 Thành phố đẩy mạnh Chuyển Đổi Số trong cơ quan nhà nước',
      });
    });

    it('replaces an entry on a second upsert and forgets it on remove', async () => {
      const m = await store().meetings.create(makeMeeting());
      await store().search.upsert({
        kind: 'meeting',
        id: m.id,
        meetingId: m.id,
        title: 'Quy hoạch',
        text: '',
      });
      await store().search.upsert({
        kind: 'meeting',
        id: m.id,
        meetingId: m.id,
        title: 'Giao thông',
        text: '',
      });
      await expect(ids('quy hoach')).resolves.toEqual([]);
      await expect(ids('giao thong')).resolves.toEqual([m.id]);
      await store().search.remove(m.id);
      await store().search.remove(m.id);
      await expect(ids('giao thong')).resolves.toEqual([]);
    });

    it('returns only entries of meetings the caller may see', async () => {
      const userId = randomUUID();
      const mine = await store().meetings.create(makeMeeting(0, { confidentiality: 'confidential' }));
      await store().participants.add(makeParticipant(mine.id, userId));
      const internal = await store().meetings.create(makeMeeting(10));
      const secret = await store().meetings.create(makeMeeting(20, { confidentiality: 'confidential' }));
      for (const m of [mine, internal, secret]) {
        await store().search.upsert({
          kind: 'meeting',
          id: m.id,
          meetingId: m.id,
          title: 'Ngân sách',
          text: '',
        });
      }
      await expect(ids('ngan sach', { userId, nonConfidential: false })).resolves.toEqual([mine.id]);
      expect((await ids('ngan sach', { userId, nonConfidential: true })).sort()).toEqual(
        [mine.id, internal.id].sort(),
      );
      expect(await ids('ngan sach')).toHaveLength(3);
    });

    it('hands back a long text cut around the first word found', async () => {
      const m = await store().meetings.create(makeMeeting());
      const text = `${'Mở đầu. '.repeat(400)}Đề án phát triển giao thông đô thị. ${'Kết thúc. '.repeat(400)}`;
      await store().search.upsert({ kind: 'document', id: m.id, meetingId: m.id, title: 'x.pdf', text });
      const [entry] = await store().search.query({ tokens: ['giao', 'thong'], limit: 5 });
      expect(entry?.text.length).toBeLessThanOrEqual(480);
      expect(entry?.text).toContain('Đề án phát triển giao thông đô thị.');
    });

    it('ignores words without letters or digits', async () => {
      await expect(store().search.query({ tokens: ['--', '"'], limit: 5 })).resolves.toEqual([]);
      await expect(store().search.query({ tokens: [], limit: 5 })).resolves.toEqual([]);
    });
  });
}
