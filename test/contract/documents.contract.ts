import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { DocumentRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A meeting with the fields the meetings module added (explicit, so this suite does not depend on when the shared fixture learns them). */
const newMeeting = () => makeMeeting(0, { description: null, agendaVersion: 0, seriesId: null });

let minute = 0;
/** A first version of a document in `meetingId`. */
export function makeDocument(meetingId: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  const id = randomUUID();
  const created = at(++minute);
  return {
    id,
    chainId: id,
    meetingId,
    agendaItemId: null,
    name: 'Báo cáo chuyển đổi số 2024.pdf',
    sha256: sha(id),
    size: 105_845,
    pages: 10,
    mime: 'application/pdf',
    classification: { openBy: 'participants', download: true, watermark: false },
    versionNo: 1,
    previousId: null,
    latest: true,
    optimized: true,
    uploadedBy: randomUUID(),
    createdAt: created,
    updatedAt: created,
    version: 0,
    ...overrides,
  };
}

/** The next version of `previous`. */
const nextVersion = (previous: DocumentRecord, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  ...previous,
  id: randomUUID(),
  sha256: sha(randomUUID()),
  versionNo: previous.versionNo + 1,
  previousId: previous.id,
  latest: true,
  createdAt: at(++minute),
  updatedAt: at(minute),
  version: 0,
  ...overrides,
});

/** Documents: version chains, classification updates, content references and page texts. */
export function documentsContract(store: CurrentStore): void {
  describe('documents', () => {
    it('stores a document and reads it back, listed under its meeting', async () => {
      const meeting = await store().meetings.create(newMeeting());
      const doc = makeDocument(meeting.id, { name: 'Tờ trình Đề án 06.pdf' });
      await expect(store().documents.create(doc)).resolves.toEqual(doc);
      await expect(store().documents.getById(doc.id)).resolves.toEqual(doc);
      await expect(store().documents.getById(randomUUID())).resolves.toBeNull();
      await expect(store().documents.listByMeeting(meeting.id)).resolves.toEqual([doc]);
      await expect(store().documents.countByMeeting(meeting.id)).resolves.toBe(1);
    });

    it('refuses a document of a meeting that does not exist, and a duplicate id', async () => {
      await expect(store().documents.create(makeDocument(randomUUID()))).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
      const meeting = await store().meetings.create(newMeeting());
      const doc = await store().documents.create(makeDocument(meeting.id));
      await expect(store().documents.create(makeDocument(meeting.id, { id: doc.id }))).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
    });

    it('adds a version that retires the previous one, keeping the whole chain', async () => {
      const meeting = await store().meetings.create(newMeeting());
      const v1 = await store().documents.create(makeDocument(meeting.id));
      const v2 = nextVersion(v1);
      await store().documents.addVersion(v2, at(100));
      const chain = await store().documents.listChain(v1.chainId);
      expect(chain.map((d) => [d.id, d.versionNo, d.latest])).toEqual([
        [v1.id, 1, false],
        [v2.id, 2, true],
      ]);
      expect(chain[0]!.version).toBe(1);
      await expect(store().documents.listByMeeting(meeting.id)).resolves.toEqual([v2]);
      const all = await store().documents.listByMeeting(meeting.id, { all: true });
      expect(all.map((d) => d.id)).toEqual([v1.id, v2.id]);
      await expect(store().documents.countByMeeting(meeting.id)).resolves.toBe(1);
    });

    it('counts the latest documents of many meetings in one call, 0 for a meeting without any', async () => {
      const a = await store().meetings.create(newMeeting());
      const b = await store().meetings.create(newMeeting());
      const empty = await store().meetings.create(newMeeting());
      const v1 = await store().documents.create(makeDocument(a.id));
      await store().documents.addVersion(nextVersion(v1), at(100));
      await store().documents.create(makeDocument(a.id));
      await store().documents.create(makeDocument(b.id));
      const counts = await store().documents.countByMeetings([a.id, b.id, empty.id]);
      expect(Object.fromEntries(counts)).toEqual({ [a.id]: 2, [b.id]: 1, [empty.id]: 0 });
      await expect(store().documents.countByMeetings([])).resolves.toEqual(new Map());
    });

    it('refuses to replace a version that is no longer the latest (two replacements at once)', async () => {
      const meeting = await store().meetings.create(newMeeting());
      const v1 = await store().documents.create(makeDocument(meeting.id));
      await store().documents.addVersion(nextVersion(v1), at(100));
      await expect(store().documents.addVersion(nextVersion(v1), at(101))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await store().documents.listChain(v1.chainId)).toHaveLength(2);
    });

    it('applies a versioned metadata update and refuses a stale one', async () => {
      const meeting = await store().meetings.create(newMeeting());
      const doc = await store().documents.create(makeDocument(meeting.id));
      const itemId = randomUUID();
      const updated = await store().documents.update(
        doc.id,
        {
          name: 'Phụ lục.pdf',
          agendaItemId: itemId,
          classification: { openBy: 'organisers', download: false, watermark: true },
        },
        0,
        at(200),
      );
      expect(updated).toEqual({
        ...doc,
        name: 'Phụ lục.pdf',
        agendaItemId: itemId,
        classification: { openBy: 'organisers', download: false, watermark: true },
        updatedAt: at(200),
        version: 1,
      });
      await expect(store().documents.getById(doc.id)).resolves.toEqual(updated);
      await expect(store().documents.update(doc.id, { name: 'x.pdf' }, 0, at(201))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(
        store().documents.update(randomUUID(), { name: 'x.pdf' }, 0, at(201)),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('unlinks the documents of a deleted agenda item', async () => {
      const meeting = await store().meetings.create(newMeeting());
      const itemId = randomUUID();
      const doc = await store().documents.create(makeDocument(meeting.id, { agendaItemId: itemId }));
      await expect(store().documents.unlinkAgendaItem(itemId, at(300))).resolves.toBe(1);
      expect((await store().documents.getById(doc.id))?.agendaItemId).toBeNull();
    });

    it('counts the versions that use one content and removes a chain', async () => {
      const meeting = await store().meetings.create(newMeeting());
      const shared = sha('same bytes');
      const a = await store().documents.create(makeDocument(meeting.id, { sha256: shared }));
      const b = await store().documents.create(makeDocument(meeting.id, { sha256: shared }));
      await expect(store().documents.countBySha(shared)).resolves.toBe(2);
      const removed = await store().documents.removeChain(a.chainId);
      expect(removed.map((d) => d.id)).toEqual([a.id]);
      await expect(store().documents.countBySha(shared)).resolves.toBe(1);
      await expect(store().documents.listByMeeting(meeting.id)).resolves.toEqual([b]);
    });

    it('keeps the page texts of a content, with Vietnamese intact', async () => {
      const key = sha('text');
      await expect(store().documents.getText(key)).resolves.toBeNull();
      await store().documents.putText(key, ['ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI', '', 'Chuyển đổi số']);
      await store().documents.putText(key, ['ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI', '', 'Chuyển đổi số']);
      await expect(store().documents.getText(key)).resolves.toEqual([
        'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI',
        '',
        'Chuyển đổi số',
      ]);
      await store().documents.removeText(key);
      await expect(store().documents.getText(key)).resolves.toBeNull();
    });
  });
}
