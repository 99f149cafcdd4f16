import { formatTime } from '@icabinet/shared';
import { errors, type AppError } from '../../errors.js';
import type { BallotOutcome, VoteRecord, VoterRow, VotesRepo } from '../../store/votes.port.js';

interface Pending {
  seatId: string;
  opId: string;
  choice: string[];
  resolve: (outcome: BallotOutcome) => void;
  reject: (err: unknown) => void;
}

/** Why a ballot that reached a vote no longer open is refused, with the closing time. */
export function notOpenError(vote: VoteRecord): AppError {
  if (vote.state === 'annulled') return errors.invalidState('vote_annulled');
  if (vote.state === 'prepared') return errors.invalidState('vote_not_open');
  const at = vote.closedAt ?? vote.closesAt ?? new Date().toISOString();
  return errors.invalidState('vote_closed', { time: formatTime(at, 'vi') });
}

/**
 * One vote in this process: its record, the seats that have voted, and its one writer. Every
 * change of the vote (a batch of ballots, closing, annulling) runs after the previous one
 * (`run`), so a ballot is either stored before the close or refused after it.
 *
 * Ballots are **group-committed**: those that arrive while a batch is being written wait and go
 * into the next batch, one transaction for all of them, and each is acknowledged once its batch
 * is committed to the store's log (`castMany`): counted, and kept if the process is killed. The
 * log's flush to the disk follows off the event loop within 50 ms (sqlite/wal-sync.ts), one
 * flush for the batches of that interval; the close and the annulment wait for a flush of their
 * own (`durable`) before they are stored and told. A power cut before that flush may lose
 * ballots already answered: each tablet keeps its last ballot and sends it again, same opId,
 * after it reconnects.
 */
export class BallotBox {
  /** Seat → the opId of its stored ballot and (not for a secret vote) its choice. */
  readonly voted = new Map<string, { opId: string; choice: string[] | null }>();
  private pending: Pending[] = [];
  private scheduled = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    public vote: VoteRecord,
    rows: readonly VoterRow[],
    private readonly repo: VotesRepo,
    /** Called after a batch stored at least one new or changed ballot. */
    private readonly onCounted: () => void,
  ) {
    for (const r of rows) this.voted.set(r.seatId, { opId: r.opId, choice: r.choice });
  }

  /** Runs `fn` after every earlier change of this vote. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Stores one (already validated) ballot; resolves once it is stored, with what happened to it. */
  submit(seatId: string, opId: string, choice: string[]): Promise<BallotOutcome> {
    const before = this.voted.get(seatId);
    if (before?.opId === opId) return Promise.resolve('duplicate');
    if (before && (this.vote.kind === 'secret' || !this.vote.allowChange)) return Promise.resolve('refused');
    return new Promise<BallotOutcome>((resolve, reject) => {
      this.pending.push({ seatId, opId, choice, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      void this.run(() => this.flush());
    });
  }

  /** Resolves once every ballot stored so far is on the disk (run it inside `run`, after the batches). */
  durable(): Promise<void> {
    return this.repo.synced();
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    if (this.vote.state !== 'open') {
      const err = notOpenError(this.vote);
      for (const b of batch) b.reject(err);
      return;
    }
    let outcomes: BallotOutcome[];
    try {
      outcomes = await this.repo.castMany(
        this.vote,
        batch.map((b) => ({ seatId: b.seatId, opId: b.opId, choice: b.choice })),
      );
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    let counted = false;
    batch.forEach((b, i) => {
      const outcome = outcomes[i] ?? 'refused';
      // A `duplicate` from the store but not from `voted`: a ballot stored but not known to this
      // box (e.g. written by a batch whose answer was lost) — it is counted, so it is kept here too.
      const fresh = outcome === 'duplicate' && this.voted.get(b.seatId)?.opId !== b.opId;
      if (outcome === 'cast' || outcome === 'changed' || fresh) {
        counted = true;
        this.voted.set(b.seatId, { opId: b.opId, choice: this.vote.kind === 'secret' ? null : b.choice });
      }
      b.resolve(outcome);
    });
    if (counted) this.onCounted();
  }
}
