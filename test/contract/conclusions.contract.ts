import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { ConclusionNoticeRecord, ConclusionRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';
import { makeItem } from './agenda-search.contract.js';

const conclusion = (
  meetingId: string,
  agendaItemId: string,
  version: number,
  texts: string[],
): ConclusionRecord => ({
  id: randomUUID(),
  meetingId,
  agendaItemId,
  points: texts.map((text) => ({ id: randomUUID(), text })),
  version,
  createdAt: at(0),
  updatedAt: at(version),
  updatedBy: randomUUID(),
});

const notice = (
  meetingId: string,
  version: number,
  state: ConclusionNoticeRecord['state'],
): ConclusionNoticeRecord => ({
  meetingId,
  state,
  version,
  signed: null,
  documentId: null,
  issuedAt: null,
  history: [],
  updatedAt: at(version),
});

/** Conclusions per agenda item and the conclusion notice: saved on the version read, never silently overwritten. */
export function conclusionsContract(store: CurrentStore): void {
  describe('conclusions and the conclusion notice', () => {
    async function meetingWithItem() {
      const m = await store().meetings.create(makeMeeting());
      const item = makeItem(m.id);
      await store().agenda.apply(m.id, 0, { upsert: [item] }, null);
      return { m, item };
    }

    it('stores the points in order with their ids, and updates only on the version read', async () => {
      const { m, item } = await meetingWithItem();
      const first = conclusion(m.id, item.id, 1, ['Giao Sở Tài chính', 'Giao Sở Xây dựng']);
      await store().conclusions.save(first, 0);
      await expect(store().conclusions.get(m.id, item.id)).resolves.toEqual(first);
      const reordered = { ...first, points: [...first.points].reverse(), version: 2, updatedAt: at(2) };
      await store().conclusions.save(reordered, 1);
      await expect(store().conclusions.listByMeeting(m.id)).resolves.toEqual([reordered]);
      // A save on the version read before is refused and changes nothing.
      await expect(store().conclusions.save({ ...first, version: 2, points: [] }, 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      // So is a second first save of the same item.
      await expect(store().conclusions.save(conclusion(m.id, item.id, 1, ['x']), 0)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().conclusions.get(m.id, item.id)).resolves.toEqual(reordered);
    });

    it('refuses conclusions of an agenda item that does not exist', async () => {
      const m = await store().meetings.create(makeMeeting());
      await expect(
        store().conclusions.save(conclusion(m.id, randomUUID(), 1, ['x']), 0),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('keeps one notice per meeting, moved only from the version read', async () => {
      const { m } = await meetingWithItem();
      await expect(store().conclusions.getNotice(m.id)).resolves.toBeNull();
      await store().conclusions.saveNotice(notice(m.id, 1, 'submitted'), 0);
      await expect(store().conclusions.saveNotice(notice(m.id, 1, 'submitted'), 0)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      const approved = {
        ...notice(m.id, 2, 'approved'),
        history: [
          {
            action: 'approve' as const,
            from: 'submitted' as const,
            to: 'approved' as const,
            by: randomUUID(),
            byName: 'Nguyễn Văn An',
            at: at(2),
            comment: null,
          },
        ],
        signed: { at: at(3), by: randomUUID(), sha256: 'a'.repeat(64) },
      };
      await store().conclusions.saveNotice(approved, 1);
      await expect(store().conclusions.saveNotice(notice(m.id, 2, 'draft'), 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().conclusions.getNotice(m.id)).resolves.toEqual(approved);
      await expect(
        store().conclusions.saveNotice(notice(randomUUID(), 1, 'draft'), 0),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });
  });
}
