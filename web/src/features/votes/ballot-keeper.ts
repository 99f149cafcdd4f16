import type { VoteJoinAck } from '@icabinet/shared';

/** A ballot this tablet sent, kept until the vote's result shows it counted (or shows it was not). */
export interface KeptBallot {
  meetingId: string;
  voteId: string;
  opId: string;
  choice: string[];
  /** opIds of the earlier ballots this tablet sent in the same vote (a change replaced them). */
  sent?: string[];
}

/** Earlier opIds kept per vote: far more changes than anyone makes in one vote. */
const SENT_KEPT = 50;

/** The part of the Web Storage API the keeper uses (localStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

const PREFIX = 'icabinet.ballots.';

const isKept = (x: unknown): x is KeptBallot => {
  if (typeof x !== 'object' || x === null) return false;
  const b = x as Record<string, unknown>;
  return (
    typeof b.meetingId === 'string' &&
    typeof b.voteId === 'string' &&
    typeof b.opId === 'string' &&
    Array.isArray(b.choice) &&
    b.choice.every((c) => typeof c === 'string') &&
    (b.sent === undefined || (Array.isArray(b.sent) && b.sent.every((o) => typeof o === 'string')))
  );
};

/**
 * The tablet's last ballot per vote, in memory and (when given) in the browser's storage, so a
 * reload keeps it. The server acknowledges a ballot once it is committed to its log; a power cut
 * within the next disk flush (a few ms) may still lose it there, so the tablet sends its kept
 * ballot again, same opId (counted once), every time it rejoins while the vote is open.
 *
 * Stored per signed-in user (another user of the same tablet never sends it), and dropped as soon
 * as the vote is over: for a secret vote the kept choice is the one place this tablet's choice is
 * written down (see README, "Secret ballots: threat model").
 */
export class BallotKeeper {
  private readonly memory = new Map<string, KeptBallot>();
  private readonly key: string;

  constructor(
    private readonly store: KeyValueStore | null,
    owner: string,
  ) {
    this.key = `${PREFIX}${owner}`;
    for (const b of this.read()) this.memory.set(b.voteId, b);
  }

  private read(): KeptBallot[] {
    try {
      const raw = this.store?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isKept) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    if (!this.store) return;
    try {
      if (this.memory.size === 0) this.store.removeItem(this.key);
      else this.store.setItem(this.key, JSON.stringify([...this.memory.values()]));
    } catch {
      // Storage full or refused (private mode): the ballot is still kept in memory.
    }
  }

  /** The kept ballots of a meeting. */
  list(meetingId: string): KeptBallot[] {
    return [...this.memory.values()].filter((b) => b.meetingId === meetingId);
  }

  get(voteId: string): KeptBallot | undefined {
    return this.memory.get(voteId);
  }

  /** Keeps a ballot as the vote's last one (replacing an earlier one). */
  keep(ballot: KeptBallot): void {
    const before = this.memory.get(ballot.voteId);
    const sent = [...(before?.sent ?? []), ...(before ? [before.opId] : []), ...(ballot.sent ?? [])]
      .filter((o, i, all) => o !== ballot.opId && all.indexOf(o) === i)
      .slice(-SENT_KEPT);
    this.memory.set(ballot.voteId, { ...ballot, choice: [...ballot.choice], sent });
    this.write();
  }

  forget(voteId: string): void {
    if (this.memory.delete(voteId)) this.write();
  }
}

/** Drops every user's kept ballots from a storage (on sign-out: the tablet may change hands). */
export function forgetAllBallots(store: KeyValueStore | null): void {
  if (!store) return;
  try {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
    for (const k of keys) store.removeItem(k);
  } catch {
    // Nothing stored, or storage refused.
  }
}

/** The browser's localStorage, or null where there is none (or it is refused). */
export function browserStorage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const sameChoice = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** What to do with the kept ballots once the server answered `vote:join`. */
export interface KeptPlan {
  /** The vote is open: send again (same opId; counted once). */
  resend: KeptBallot[];
  /** The result counts it (or the vote is gone or annulled): forget it. */
  forget: string[];
  /** The vote closed and its result does not hold this ballot: tell the delegate, then forget it. */
  lost: KeptBallot[];
}

/**
 * Decides, after a (re)join, about each kept ballot. A closed vote's `mine` says whether the
 * result counted this voter (and, for a named vote, their choice: a last change that did not
 * reach the result is lost too); `mine` has no entry when the caller was not entitled.
 */
export function planKept(kept: readonly KeptBallot[], ack: Pick<VoteJoinAck, 'votes' | 'mine'>): KeptPlan {
  const plan: KeptPlan = { resend: [], forget: [], lost: [] };
  for (const b of kept) {
    const vote = ack.votes.find((v) => v.id === b.voteId);
    const mine = ack.mine[b.voteId];
    if (vote?.state === 'open') {
      // The server holds a ballot this tablet never sent: the same delegate voted again on another
      // device since, and that one is the newer. A ballot this tablet replaced means its change was lost.
      const stored = mine?.voted ? mine.opId : undefined;
      if (stored && stored !== b.opId && !(b.sent ?? []).includes(stored)) plan.forget.push(b.voteId);
      else plan.resend.push(b);
    } else if (vote?.state !== 'closed' || !mine) plan.forget.push(b.voteId);
    else if (!mine.voted || (mine.choice !== null && !sameChoice(mine.choice, b.choice))) plan.lost.push(b);
    else plan.forget.push(b.voteId);
  }
  return plan;
}
