import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MinutesVersionRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

const version = (
  meetingId: string,
  n: number,
  kind: MinutesVersionRecord['kind'] = 'manual',
): MinutesVersionRecord => ({
  id: randomUUID(),
  meetingId,
  name: `Phiên bản ${n}`,
  kind,
  createdBy: randomUUID(),
  createdByName: 'Nguyễn Thu Hà',
  createdAt: at(n),
  state: new Uint8Array([1, 2, 3, n]),
  text: `BIÊN BẢN CUỘC HỌP\nLần ${n}`,
});

/** The minutes' record (prefill claim, the chair's toggle, the lock) and their named versions. */
export function minutesContract(store: CurrentStore): void {
  describe('minutes', () => {
    it('gives the prefill claim to exactly one of many concurrent openings', async () => {
      const m = await store().meetings.create(makeMeeting());
      await expect(store().minutes.get(m.id)).resolves.toBeNull();
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => store().minutes.claimPrefill(m.id, at(1))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store().minutes.get(m.id)).toMatchObject({ prefilledAt: at(1), othersMayEdit: false });
      await store().minutes.releasePrefill(m.id);
      await expect(store().minutes.claimPrefill(m.id, at(2))).resolves.toBe(true);
      await expect(store().minutes.claimPrefill(randomUUID(), at(2))).rejects.toMatchObject({
        name: 'RecordNotFoundError',
      });
    });

    it('keeps the chair’s toggle', async () => {
      const m = await store().meetings.create(makeMeeting());
      expect((await store().minutes.setOthersMayEdit(m.id, true, at(1))).othersMayEdit).toBe(true);
      expect((await store().minutes.get(m.id))?.othersMayEdit).toBe(true);
      expect((await store().minutes.setOthersMayEdit(m.id, false, at(2))).othersMayEdit).toBe(false);
    });

    it('locks once with its version, reopens, and keeps every version with its state and text', async () => {
      const m = await store().meetings.create(makeMeeting());
      const first = version(m.id, 1);
      await store().minutes.addVersion(first);
      const locked = version(m.id, 2, 'lock');
      await expect(store().minutes.lock(locked, at(2))).resolves.toBe(true);
      const again = version(m.id, 3, 'lock');
      await expect(store().minutes.lock(again, at(3))).resolves.toBe(false);
      expect(await store().minutes.get(m.id)).toMatchObject({
        lockedAt: at(2),
        lockedBy: locked.createdBy,
        lockedByName: 'Nguyễn Thu Hà',
        lockedVersionId: locked.id,
      });
      // The refused lock stored no version.
      expect((await store().minutes.listVersions(m.id)).map((v) => v.id)).toEqual([first.id, locked.id]);
      await expect(store().minutes.reopen(m.id, at(4))).resolves.toBe(true);
      await expect(store().minutes.reopen(m.id, at(5))).resolves.toBe(false);
      expect(await store().minutes.get(m.id)).toMatchObject({ lockedAt: null, lockedVersionId: null });
      const read = await store().minutes.getVersion(m.id, locked.id);
      expect(read).toEqual(locked);
      await expect(store().minutes.getVersion(randomUUID(), locked.id)).resolves.toBeNull();
      const listed = await store().minutes.listVersions(m.id);
      expect(listed[1]).toEqual({
        id: locked.id,
        meetingId: m.id,
        name: 'Phiên bản 2',
        kind: 'lock',
        createdBy: locked.createdBy,
        createdByName: 'Nguyễn Thu Hà',
        createdAt: at(2),
      });
    });

    it('keeps the approval of the minutes on the version read, one per meeting', async () => {
      const m = await store().meetings.create(makeMeeting());
      await expect(store().minutes.getApproval(m.id)).resolves.toBeNull();
      const first = {
        meetingId: m.id,
        state: 'submitted' as const,
        version: 1,
        signed: null,
        documentId: null,
        issuedAt: null,
        history: [
          {
            action: 'submit' as const,
            from: 'draft' as const,
            to: 'submitted' as const,
            by: randomUUID(),
            byName: 'Nguyễn Thu Hà',
            at: at(1),
            comment: null,
          },
        ],
        updatedAt: at(1),
      };
      await expect(store().minutes.saveApproval(first, 0)).resolves.toEqual(first);
      // A second "first" save, and a save on a stale version, are conflicts; nothing changes.
      await expect(store().minutes.saveApproval(first, 0)).rejects.toMatchObject({
        name: 'VersionConflictError',
      });
      const signed = {
        ...first,
        state: 'signed' as const,
        version: 2,
        signed: { at: at(2), by: randomUUID(), sha256: 'ab'.repeat(32) },
        updatedAt: at(2),
      };
      await expect(store().minutes.saveApproval(signed, 0)).rejects.toMatchObject({
        name: 'VersionConflictError',
      });
      await expect(store().minutes.saveApproval(signed, 5)).rejects.toMatchObject({
        name: 'VersionConflictError',
      });
      expect(await store().minutes.getApproval(m.id)).toEqual(first);
      await expect(store().minutes.saveApproval(signed, 1)).resolves.toEqual(signed);
      expect(await store().minutes.getApproval(m.id)).toEqual(signed);
      await expect(
        store().minutes.saveApproval({ ...first, meetingId: randomUUID() }, 0),
      ).rejects.toMatchObject({ name: 'RecordNotFoundError' });
    });
  });
}
