import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MOTION_OPTIONS } from '@icabinet/shared';
import { VersionConflictError } from './store-under-test.js';
import type { VoteRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

function makeVote(meetingId: string, overrides: Partial<VoteRecord> = {}): VoteRecord {
  return {
    id: randomUUID(),
    meetingId,
    agendaItemId: null,
    question: 'Thông qua Tờ trình sơ kết 6 tháng thực hiện Đề án 06',
    options: MOTION_OPTIONS.map((o) => ({ ...o })),
    maxChoices: 1,
    kind: 'open',
    rule: 'members',
    allowChange: true,
    durationSeconds: null,
    state: 'prepared',
    createdBy: randomUUID(),
    createdAt: at(1),
    openedAt: null,
    closesAt: null,
    closedAt: null,
    seats: null,
    members: null,
    voted: 0,
    result: null,
    annulReason: null,
    annulledAt: null,
    rerunOf: null,
    rerunId: null,
    version: 0,
    ...overrides,
  };
}

const seat = () => randomUUID();

/** Votes and ballots: records with optimistic versions, ballots once per seat, secret ones as counters. */
export function votesContract(current: CurrentStore): void {
  describe('votes', () => {
    it('reads back a vote, lists a meeting’s votes oldest first and the open ones, and updates over the version read', async () => {
      const meeting = await current().meetings.create(makeMeeting());
      const later = makeVote(meeting.id, { createdAt: at(5), question: 'Lựa chọn đơn vị thí điểm' });
      const first = makeVote(meeting.id);
      await current().votes.create(later);
      await current().votes.create(first);
      expect(await current().votes.get(first.id)).toEqual(first);
      expect((await current().votes.listByMeeting(meeting.id)).map((v) => v.id)).toEqual([
        first.id,
        later.id,
      ]);
      expect(await current().votes.listOpen()).toEqual([]);
      const opened = await current().votes.update({ ...first, state: 'open', openedAt: at(2) }, 0);
      expect(opened.version).toBe(1);
      expect((await current().votes.listOpen()).map((v) => v.id)).toEqual([first.id]);
      // One meeting's open votes: not another meeting's, not its own prepared ones.
      const other = await current().meetings.create(makeMeeting());
      const elsewhere = makeVote(other.id, { state: 'open' });
      await current().votes.create(elsewhere);
      expect((await current().votes.listOpen(meeting.id)).map((v) => v.id)).toEqual([first.id]);
      expect((await current().votes.listOpen(other.id)).map((v) => v.id)).toEqual([elsewhere.id]);
      expect((await current().votes.listOpen()).map((v) => v.id).sort()).toEqual(
        [first.id, elsewhere.id].sort(),
      );
      await expect(current().votes.update({ ...first, state: 'closed' }, 0)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect((await current().votes.get(first.id))?.state).toBe('open');
      await current().votes.remove(later.id);
      expect(await current().votes.get(later.id)).toBeNull();
    });

    it('stores each seat’s ballot once: a retried opId is a duplicate, a change replaces it or is refused', async () => {
      const meeting = await current().meetings.create(makeMeeting());
      const open = makeVote(meeting.id, { state: 'open' });
      const fixed = makeVote(meeting.id, { state: 'open', allowChange: false });
      await current().votes.create(open);
      await current().votes.create(fixed);
      const [a, b] = [seat(), seat()];
      const out = await current().votes.castMany(open, [
        { seatId: a, opId: 'op-1', choice: ['for'] },
        { seatId: a, opId: 'op-1', choice: ['for'] },
        { seatId: b, opId: 'op-2', choice: ['against'] },
        { seatId: a, opId: 'op-3', choice: ['abstain'] },
      ]);
      expect(out).toEqual(['cast', 'duplicate', 'cast', 'changed']);
      // Answered once committed; `synced` resolves once they are flushed (what a close waits for).
      await expect(current().votes.synced()).resolves.toBeUndefined();
      expect(await current().votes.voters(open.id)).toEqual(
        [
          { seatId: a, opId: 'op-3', choice: ['abstain'] },
          { seatId: b, opId: 'op-2', choice: ['against'] },
        ].sort((x, y) => x.seatId.localeCompare(y.seatId)),
      );
      expect(
        await current().votes.castMany(fixed, [
          { seatId: a, opId: 'op-4', choice: ['for'] },
          { seatId: a, opId: 'op-5', choice: ['against'] },
        ]),
      ).toEqual(['cast', 'refused']);
      expect((await current().votes.voters(fixed.id)).map((v) => v.choice)).toEqual([['for']]);
    });

    it('keeps a secret ballot only as a seat without choice and per-option counters, and seals them', async () => {
      const meeting = await current().meetings.create(makeMeeting());
      const secret = makeVote(meeting.id, {
        state: 'open',
        kind: 'secret',
        allowChange: false,
        options: [
          { id: 'c1', label: 'Quận Hoàn Kiếm', meaning: 'choice' },
          { id: 'c2', label: 'Huyện Đan Phượng', meaning: 'choice' },
        ],
        maxChoices: 2,
      });
      await current().votes.create(secret);
      const seats = [seat(), seat(), seat()];
      const out = await current().votes.castMany(secret, [
        { seatId: seats[0]!, opId: 'a', choice: ['c1'] },
        { seatId: seats[1]!, opId: 'b', choice: ['c1', 'c2'] },
        { seatId: seats[1]!, opId: 'c', choice: ['c2'] },
        { seatId: seats[2]!, opId: 'd', choice: ['c2'] },
      ]);
      expect(out).toEqual(['cast', 'cast', 'refused', 'cast']);
      const voters = await current().votes.voters(secret.id);
      expect(voters.map((v) => v.choice)).toEqual([null, null, null]);
      expect(voters.map((v) => v.seatId)).toEqual([...seats].sort());
      expect(await current().votes.counters(secret.id)).toEqual({ cast: 3, counts: { c1: 2, c2: 2 } });
      await current().votes.seal(secret.id);
      expect(await current().votes.voters(secret.id)).toEqual([]);
      expect(await current().votes.counters(secret.id)).toEqual({ cast: 0, counts: {} });
      expect((await current().votes.get(secret.id))?.id).toBe(secret.id);
    });
  });
}
