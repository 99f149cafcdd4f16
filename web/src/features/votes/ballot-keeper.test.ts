import { describe, expect, it } from 'vitest';
import type { Vote, VoteJoinAck } from '@icabinet/shared';
import {
  BallotKeeper,
  forgetAllBallots,
  planKept,
  type KeptBallot,
  type KeyValueStore,
} from './ballot-keeper';

/** The Web Storage API over a Map (what localStorage does, in memory). */
class MemoryStorage implements KeyValueStore {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

const ballot = (voteId: string, choice = ['for'], meetingId = 'm1'): KeptBallot => ({
  meetingId,
  voteId,
  opId: `op-${voteId}-${choice.join('+')}`,
  choice,
});

const vote = (id: string, state: Vote['state']) => ({ id, state }) as Vote;

describe('the tablet keeps its last ballot per vote', () => {
  it('survives a reload (a new keeper on the same storage) and keeps only the last ballot of a vote', () => {
    const storage = new MemoryStorage();
    const before = new BallotKeeper(storage, 'u1');
    before.keep(ballot('v1', ['for']));
    before.keep(ballot('v1', ['against']));
    before.keep(ballot('v2', ['a'], 'm2'));
    const after = new BallotKeeper(storage, 'u1');
    // The last ballot, remembering the one it replaced (to tell a lost change from another device's).
    expect(after.list('m1')).toEqual([{ ...ballot('v1', ['against']), sent: ['op-v1-for'] }]);
    expect(after.get('v2')).toEqual({ ...ballot('v2', ['a'], 'm2'), sent: [] });
  });

  it("never hands one user's ballots to another user of the same tablet, and sign-out clears them all", () => {
    const storage = new MemoryStorage();
    new BallotKeeper(storage, 'u1').keep(ballot('v1'));
    expect(new BallotKeeper(storage, 'u2').list('m1')).toEqual([]);
    storage.setItem('unrelated', 'x');
    forgetAllBallots(storage);
    expect(new BallotKeeper(storage, 'u1').list('m1')).toEqual([]);
    expect(storage.getItem('unrelated')).toBe('x');
  });

  it('leaves nothing in storage once every ballot is forgotten, and ignores a damaged entry', () => {
    const storage = new MemoryStorage();
    const k = new BallotKeeper(storage, 'u1');
    k.keep(ballot('v1'));
    k.forget('v1');
    expect(storage.length).toBe(0);
    storage.setItem('icabinet.ballots.u1', '[{"voteId":1},"x"]');
    expect(new BallotKeeper(storage, 'u1').list('m1')).toEqual([]);
    storage.setItem('icabinet.ballots.u1', '{not json');
    expect(new BallotKeeper(storage, 'u1').list('m1')).toEqual([]);
  });
});

describe('after a rejoin, each kept ballot is sent again, forgotten or reported lost', () => {
  const mine = (voted: boolean, choice: string[] | null = null) => ({ entitled: true, voted, choice });

  it('sends again while the vote is open, whether or not the server still has it', () => {
    const ack: Pick<VoteJoinAck, 'votes' | 'mine'> = {
      votes: [vote('v1', 'open'), vote('v2', 'open')],
      mine: { v1: mine(true, ['for']), v2: mine(false) },
    };
    const plan = planKept([ballot('v1'), ballot('v2')], ack);
    expect(plan.resend.map((b) => b.voteId)).toEqual(['v1', 'v2']);
    expect(plan.forget).toEqual([]);
    expect(plan.lost).toEqual([]);
  });

  it('does not undo a ballot the same delegate sent from another device since, but re-sends its own lost change', () => {
    const ack: Pick<VoteJoinAck, 'votes' | 'mine'> = {
      votes: [vote('v1', 'open'), vote('v2', 'open')],
      mine: {
        v1: { ...mine(true, ['against']), opId: 'op-from-the-phone' },
        v2: { ...mine(true, ['for']), opId: 'op-v2-for' },
      },
    };
    // v2: this tablet voted "for", then changed to "against"; the change was lost on the server.
    const keeper = new BallotKeeper(new MemoryStorage(), 'u1');
    keeper.keep(ballot('v2', ['for']));
    keeper.keep(ballot('v2', ['against']));
    const plan = planKept([ballot('v1', ['for']), keeper.get('v2')!], ack);
    expect(plan.forget).toEqual(['v1']);
    expect(plan.resend.map((b) => [b.voteId, b.choice])).toEqual([['v2', ['against']]]);
  });

  it('forgets a ballot the closed result counted, and one of an annulled, removed or foreign vote', () => {
    const ack: Pick<VoteJoinAck, 'votes' | 'mine'> = {
      votes: [
        vote('named', 'closed'),
        vote('secret', 'closed'),
        vote('annulled', 'annulled'),
        vote('other', 'closed'),
      ],
      mine: { named: mine(true, ['for']), secret: mine(true, null) },
    };
    const kept = ['named', 'secret', 'annulled', 'removed', 'other'].map((id) => ballot(id));
    const plan = planKept(kept, ack);
    expect(plan.forget).toEqual(['named', 'secret', 'annulled', 'removed', 'other']);
    expect(plan.resend).toEqual([]);
    expect(plan.lost).toEqual([]);
  });

  it('reports lost a ballot the closed result does not hold, or a last change it does not show', () => {
    const ack: Pick<VoteJoinAck, 'votes' | 'mine'> = {
      votes: [vote('missing', 'closed'), vote('changed', 'closed'), vote('same', 'closed')],
      mine: { missing: mine(false), changed: mine(true, ['for']), same: mine(true, ['b', 'a']) },
    };
    const plan = planKept(
      [ballot('missing'), ballot('changed', ['against']), ballot('same', ['a', 'b'])],
      ack,
    );
    expect(plan.lost.map((b) => b.voteId)).toEqual(['missing', 'changed']);
    expect(plan.forget).toEqual(['same']);
  });
});
