import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { MeetingListFilter, MeetingPatch } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting, makeParticipant } from './fixtures.js';

const page = { limit: 50, offset: 0 };

/** Meetings: round trips, versioned updates, and the calendar queries. */
export function meetingsContract(store: CurrentStore): void {
  describe('meetings', () => {
    const titles = async (filter: Partial<MeetingListFilter>) =>
      (await store().meetings.list({ ...page, ...filter })).items.map((m) => m.title);

    it('stores a meeting with its quorum rule and reads it back', async () => {
      const meeting = makeMeeting(0, { title: 'Họp chuyên đề về quy hoạch đô thị', chairId: randomUUID() });
      await expect(store().meetings.create(meeting)).resolves.toEqual(meeting);
      await expect(store().meetings.getById(meeting.id)).resolves.toEqual(meeting);
      await expect(store().meetings.getById(randomUUID())).resolves.toBeNull();
    });

    it('refuses a second meeting with the same id', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      await expect(store().meetings.create(makeMeeting(60, { id: meeting.id }))).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
    });

    it('applies a versioned update, ignores fields a patch may not change, and refuses a stale one', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const patch = {
        status: 'postponed',
        statusReason: 'Chủ tọa đi công tác',
        createdBy: 'x',
        version: 9,
      } as MeetingPatch;
      const updated = await store().meetings.update(meeting.id, patch, 0, at(5));
      expect(updated).toEqual({
        ...meeting,
        status: 'postponed',
        statusReason: 'Chủ tọa đi công tác',
        updatedAt: at(5),
        version: 1,
      });
      await expect(store().meetings.getById(meeting.id)).resolves.toEqual(updated);
      const stale = store().meetings.update(meeting.id, { title: 'Muộn' }, 0, at(6));
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      await expect(store().meetings.update(randomUUID(), { title: 'X' }, 0, at(6))).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });

    it('stores whether the shared annotation layer is open to all participants, closed by default', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      expect((await store().meetings.getById(meeting.id))?.sharedAnnotationsOpen).toBe(false);
      const opened = await store().meetings.update(meeting.id, { sharedAnnotationsOpen: true }, 0, at(5));
      expect(opened.sharedAnnotationsOpen).toBe(true);
      await expect(store().meetings.getById(meeting.id)).resolves.toEqual(opened);
      const other = await store().meetings.create(makeMeeting(60, { sharedAnnotationsOpen: true }));
      expect((await store().meetings.getById(other.id))?.sharedAnnotationsOpen).toBe(true);
      const closed = await store().meetings.update(other.id, { sharedAnnotationsOpen: false }, 0, at(6));
      expect(closed.sharedAnnotationsOpen).toBe(false);
      // Whether a deputy votes for the member they replace: off by default, kept as set.
      const deputies = await store().meetings.update(meeting.id, { deputiesMayVote: true }, 1, at(7));
      expect((await store().meetings.getById(deputies.id))?.deputiesMayVote).toBe(true);
    });

    it('keeps the actual start and end the room recorded', async () => {
      const meeting = await store().meetings.create(makeMeeting(0, { status: 'published' }));
      const started = await store().meetings.update(
        meeting.id,
        { status: 'in_progress', startedAt: at(-30) },
        0,
        at(-30),
      );
      const ended = await store().meetings.update(
        started.id,
        { status: 'ended', endedAt: at(10) },
        1,
        at(10),
      );
      expect([ended.startedAt, ended.endedAt]).toEqual([at(-30), at(10)]);
      await expect(store().meetings.getById(meeting.id)).resolves.toEqual(ended);
    });

    it('lists upcoming and past meetings by what happened in the room, then by the scheduled end', async () => {
      // "Now" is at(300): 13:00 on the fixture day.
      const now = at(300);
      await store().meetings.create(makeMeeting(600, { title: 'Tối nay' }));
      await store().meetings.create(makeMeeting(1440, { title: 'Họp sớm, đã xong', status: 'ended' }));
      await store().meetings.create(makeMeeting(0, { title: 'Quá giờ, vẫn họp', status: 'in_progress' }));
      await store().meetings.create(makeMeeting(0, { title: 'Sáng nay' }));
      await store().meetings.create(makeMeeting(1500, { title: 'Đã hủy', status: 'cancelled' }));
      await store().meetings.create(makeMeeting(-60, { title: 'Đã khép lại', status: 'closed' }));
      await expect(titles({ timeline: { kind: 'upcoming', now } })).resolves.toEqual([
        'Quá giờ, vẫn họp',
        'Tối nay',
      ]);
      await expect(titles({ timeline: { kind: 'past', now }, order: 'desc' })).resolves.toEqual([
        'Họp sớm, đã xong',
        'Sáng nay',
        'Đã khép lại',
      ]);
    });

    it('moves a meeting in the calendar when its times change', async () => {
      const early = await store().meetings.create(makeMeeting(0, { title: 'Sớm' }));
      await store().meetings.create(makeMeeting(180, { title: 'Giữa' }));
      await store().meetings.update(early.id, { startsAt: at(600), endsAt: at(660) }, 0, at(1));
      await expect(titles({})).resolves.toEqual(['Giữa', 'Sớm']);
      await expect(titles({ from: at(500) })).resolves.toEqual(['Sớm']);
    });

    it('lists meetings by start time, whatever order they were created in', async () => {
      await store().meetings.create(makeMeeting(300, { title: 'Chiều' }));
      await store().meetings.create(makeMeeting(-1440, { title: 'Hôm qua' }));
      await store().meetings.create(makeMeeting(0, { title: 'Sáng' }));
      // Same instant as "Sáng" + 1h, written with the Hà Nội offset: ordered by time, not by text.
      await store().meetings.create(
        makeMeeting(0, { title: 'Giữa buổi', startsAt: '2025-11-28T09:00:00+07:00' }),
      );
      await expect(titles({})).resolves.toEqual(['Hôm qua', 'Sáng', 'Giữa buổi', 'Chiều']);
    });

    it('filters meetings by any of several statuses, and treats an empty list as no filter', async () => {
      await store().meetings.create(makeMeeting(0, { title: 'Nháp', status: 'draft' }));
      await store().meetings.create(makeMeeting(60, { title: 'Đang họp', status: 'in_progress' }));
      await store().meetings.create(makeMeeting(120, { title: 'Đã hủy', status: 'cancelled' }));
      await expect(titles({ status: ['draft', 'cancelled'] })).resolves.toEqual(['Nháp', 'Đã hủy']);
      await expect(titles({ status: ['closed'] })).resolves.toEqual([]);
      await expect(titles({ status: [] })).resolves.toEqual(['Nháp', 'Đang họp', 'Đã hủy']);
    });

    it('finds the meetings that overlap a time window, edges excluded', async () => {
      await store().meetings.create(makeMeeting(0, { title: '08-10' }));
      await store().meetings.create(makeMeeting(120, { title: '10-12' }));
      await store().meetings.create(makeMeeting(240, { title: '12-14' }));
      await store().meetings.create(makeMeeting(-60, { title: '07-17', endsAt: at(540) }));
      // Window 10:00–12:00: a meeting ending at 10:00 or starting at 12:00 does not overlap it.
      await expect(titles({ from: at(120), to: at(240) })).resolves.toEqual(['07-17', '10-12']);
      await expect(titles({ from: at(241) })).resolves.toEqual(['07-17', '12-14']);
      await expect(titles({ to: at(1) })).resolves.toEqual(['07-17', '08-10']);
    });

    it('lists only the meetings a user takes part in', async () => {
      const userId = randomUUID();
      const mine = await store().meetings.create(makeMeeting(0, { title: 'Của tôi' }));
      const also = await store().meetings.create(makeMeeting(60, { title: 'Cũng của tôi' }));
      const other = await store().meetings.create(makeMeeting(30, { title: 'Người khác' }));
      await store().participants.add(makeParticipant(mine.id, userId));
      await store().participants.add(makeParticipant(also.id, userId));
      await store().participants.add(makeParticipant(other.id, randomUUID()));
      await store().participants.add(makeParticipant(other.id, null));
      await expect(titles({ participantUserId: userId })).resolves.toEqual(['Của tôi', 'Cũng của tôi']);
      await expect(titles({ participantUserId: userId, status: ['draft'] })).resolves.toEqual([]);
      await expect(titles({ participantUserId: randomUUID() })).resolves.toEqual([]);
    });

    it('pages through meetings and reports the total of all matches', async () => {
      for (let i = 0; i < 7; i++)
        await store().meetings.create(
          makeMeeting(i * 60, { title: `Cuộc họp ${i}`, status: i % 2 ? 'draft' : 'published' }),
        );
      const second = await store().meetings.list({ limit: 2, offset: 2, status: ['published'] });
      expect(second.items.map((m) => m.title)).toEqual(['Cuộc họp 4', 'Cuộc họp 6']);
      expect(second.total).toBe(4);
      await expect(store().meetings.list({ limit: 5, offset: 20 })).resolves.toEqual({ items: [], total: 7 });
    });
  });
}

/** Participants: users (once per meeting) and guests (any number). */
export function participantsContract(store: CurrentStore): void {
  describe('participants', () => {
    it('adds users and guests to a meeting and lists them in the order added', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const chair = makeParticipant(meeting.id, randomUUID(), { role: 'chair', seat: 'A1' });
      const guest = makeParticipant(meeting.id, null);
      const deputy = makeParticipant(meeting.id, randomUUID(), { deputyForId: chair.id, votingRight: false });
      for (const p of [chair, guest, deputy]) await expect(store().participants.add(p)).resolves.toEqual(p);
      await expect(store().participants.listByMeeting(meeting.id)).resolves.toEqual([chair, guest, deputy]);
      await expect(store().participants.listByMeeting(randomUUID())).resolves.toEqual([]);
    });

    it("finds a user's participation in a meeting", async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const userId = randomUUID();
      const p = await store().participants.add(makeParticipant(meeting.id, userId));
      await expect(store().participants.getByMeetingAndUser(meeting.id, userId)).resolves.toEqual(p);
      await expect(store().participants.getByMeetingAndUser(meeting.id, randomUUID())).resolves.toBeNull();
    });

    it("finds a user's participation in many meetings in one call, only where they take part", async () => {
      const [a, b, other] = [
        await store().meetings.create(makeMeeting()),
        await store().meetings.create(makeMeeting(60)),
        await store().meetings.create(makeMeeting(120)),
      ];
      const userId = randomUUID();
      const inA = await store().participants.add(makeParticipant(a.id, userId, { role: 'chair' }));
      const inB = await store().participants.add(makeParticipant(b.id, userId));
      await store().participants.add(makeParticipant(other.id, randomUUID()));
      const mine = await store().participants.getByMeetingsAndUser([a.id, b.id, other.id], userId);
      expect(Object.fromEntries(mine)).toEqual({ [a.id]: inA, [b.id]: inB });
      await expect(store().participants.getByMeetingsAndUser([], userId)).resolves.toEqual(new Map());
    });

    it('refuses the same user twice in one meeting but allows them in another, and allows many guests', async () => {
      const [first, second] = [
        await store().meetings.create(makeMeeting()),
        await store().meetings.create(makeMeeting(60)),
      ];
      const userId = randomUUID();
      await store().participants.add(makeParticipant(first.id, userId));
      const again = store().participants.add(makeParticipant(first.id, userId, { role: 'observer' }));
      await expect(again).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(again).rejects.toMatchObject({ field: 'userId' });
      await store().participants.add(makeParticipant(second.id, userId));
      await store().participants.add(makeParticipant(first.id, null));
      await store().participants.add(makeParticipant(first.id, null));
      await expect(store().participants.listByMeeting(first.id)).resolves.toHaveLength(3);
    });

    it('refuses a participant for a meeting that does not exist', async () => {
      const orphan = makeParticipant(randomUUID(), randomUUID());
      await expect(store().participants.add(orphan)).rejects.toBeInstanceOf(RecordNotFoundError);
      await expect(store().participants.listByMeeting(orphan.meetingId)).resolves.toEqual([]);
    });

    it('removes a participant, and removing one already gone is harmless', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const userId = randomUUID();
      const p = await store().participants.add(makeParticipant(meeting.id, userId));
      await store().participants.remove(p.id);
      await expect(store().participants.getByMeetingAndUser(meeting.id, userId)).resolves.toBeNull();
      await expect(store().participants.remove(p.id)).resolves.toBeUndefined();
      // Once removed, the user can be added again.
      await store().participants.add(makeParticipant(meeting.id, userId));
    });
  });
}
