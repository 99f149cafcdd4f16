import { describe, expect, it } from 'vitest';
import { DEFAULT_QUORUM, initialRoomState } from '@icabinet/shared';
import { VersionConflictError } from './store-under-test.js';
import type { RoomRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

function record(meetingId: string, seq: number, page: number): RoomRecord {
  const state = initialRoomState(meetingId, DEFAULT_QUORUM, at(0));
  return {
    meetingId,
    seq,
    state: {
      ...state,
      seq,
      status: 'running',
      startedAt: at(1),
      document: null,
      presenter: { participantId: `p-${page}`, name: `Người trình bày ${page}` },
    },
    ops: [{ key: `u1:op-${seq}`, seq }],
    updatedAt: at(seq),
  };
}

/** The live room's stored state: read back whole, written only over the seq the writer read. */
export function roomContract(current: CurrentStore): void {
  describe('room', () => {
    it('has no record for a meeting that never started, then reads back what was saved', async () => {
      const meeting = await current().meetings.create(makeMeeting());
      expect(await current().room.get(meeting.id)).toBeNull();
      const first = record(meeting.id, 1, 1);
      await current().room.save(first, 0);
      expect(await current().room.get(meeting.id)).toEqual(first);
    });

    it('refuses a save over a seq another writer already moved, and keeps the newer state', async () => {
      const meeting = await current().meetings.create(makeMeeting());
      await current().room.save(record(meeting.id, 1, 1), 0);
      const newer = record(meeting.id, 2, 2);
      await current().room.save(newer, 1);
      await expect(current().room.save(record(meeting.id, 2, 9), 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(current().room.save(record(meeting.id, 1, 9), 0)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await current().room.get(meeting.id)).toEqual(newer);
    });

    it('keeps the applied opIds as the window the writer saved, newest last, whatever the durability', async () => {
      const meeting = await current().meetings.create(makeMeeting());
      const op = (seq: number) => ({ key: `u1:op-${seq}`, seq });
      const window = (from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => op(from + i));
      await current().room.save({ ...record(meeting.id, 1, 1), ops: window(1, 1) }, 0, 'power');
      await current().room.save({ ...record(meeting.id, 2, 2), ops: window(1, 2) }, 1, 'process');
      await current().room.save({ ...record(meeting.id, 3, 3), ops: window(1, 3) }, 2, 'process');
      // The window slides: the oldest opId leaves as the next one comes.
      const last = { ...record(meeting.id, 4, 4), ops: window(2, 4) };
      await current().room.save(last, 3, 'power');
      expect(await current().room.get(meeting.id)).toEqual(last);
      // A change that applied no command (a quorum recomputed) keeps the window as it is.
      const quiet = { ...record(meeting.id, 5, 4), ops: window(2, 4) };
      await current().room.save(quiet, 4);
      expect(await current().room.get(meeting.id)).toEqual(quiet);
    });
  });
}
