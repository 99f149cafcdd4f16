import type {
  Result,
  Vote,
  VoteCastAck,
  VoteChanged,
  VoteJoinAck,
  VoteProgress,
  VoteWaiting,
} from '@icabinet/shared';
import type { AppSocket } from '../../lib/socket';
import { newOpId } from '../room/room.client';
import { BallotKeeper, planKept, type KeptBallot } from './ballot-keeper';

export interface VotesView {
  /** The meeting's votes, oldest first. */
  votes: Vote[];
  mine: VoteJoinAck['mine'];
  waiting: VoteWaiting | null;
  /** `joining` until the first `vote:join` answer; `refused` with the reason. */
  link: 'joining' | 'live' | 'refused';
  refusal: string | null;
  /** Ballots sent and not yet acknowledged (retried after a drop with the same opId). */
  sending: Record<string, string[]>;
  /**
   * Ballots this tablet sent that the vote's result does not hold (the vote closed before the
   * tablet could send them again after a drop), with the server's reason when it gave one.
   */
  lost: Record<string, { choice: string[]; reason: string | null }>;
}

interface PendingBallot {
  voteId: string;
  opId: string;
  choice: string[];
  sentOn: number;
  /** The vote's kept ballot before this one (kept again if this one is refused); null for a re-send. */
  previous: KeptBallot | null;
  /** A kept ballot sent again after a rejoin (not a tap on the tablet). */
  resend: boolean;
  resolve: (r: Result<VoteCastAck>) => void;
}

/** Keeps the newer of two copies of a vote (a late broadcast never undoes a newer state). */
function upsert(votes: Vote[], vote: Vote): Vote[] {
  const i = votes.findIndex((v) => v.id === vote.id);
  if (i < 0) return [...votes, vote];
  const old = votes[i]!;
  if (old.version > vote.version || (old.version === vote.version && old.voted > vote.voted)) return votes;
  const next = [...votes];
  next[i] = vote;
  return next;
}

/**
 * A meeting's votes on this socket: joins with `vote:join` (again after every reconnect), follows
 * `vote:changed` / `vote:progress` / `vote:waiting`, and sends ballots. A ballot keeps its opId
 * until it is acknowledged: after a Wi-Fi drop it is sent again and the server counts it once.
 *
 * The last ballot of each vote is also kept after its ack (`BallotKeeper`, in the browser's
 * storage): the server answers once the ballot is committed, before its disk flush, so after
 * every rejoin the tablet sends it again while the vote is open (a duplicate then, or counted if
 * a power cut lost it); once the vote closed, the result tells whether it was counted.
 */
export class VotesClient {
  private view: VotesView = {
    votes: [],
    mine: {},
    waiting: null,
    link: 'joining',
    refusal: null,
    sending: {},
    lost: {},
  };
  private readonly listeners = new Set<() => void>();
  private readonly ballots: PendingBallot[] = [];
  /** Vote → the connection on which its kept ballot was last acknowledged. */
  private readonly ackedOn = new Map<string, number>();
  private connection = 0;
  private stopped = false;

  constructor(
    private readonly socket: AppSocket,
    readonly meetingId: string,
    /** Where the last ballots are kept (memory only by default). */
    private readonly keeper: BallotKeeper = new BallotKeeper(null, 'anonymous'),
  ) {}

  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  readonly getView = (): VotesView => this.view;

  start(): void {
    this.socket.on('connect', this.onConnect);
    this.socket.on('vote:changed', this.onChanged);
    this.socket.on('vote:progress', this.onProgress);
    this.socket.on('vote:waiting', this.onWaiting);
    if (this.socket.connected) this.onConnect();
  }

  stop(): void {
    this.stopped = true;
    this.socket.off('connect', this.onConnect);
    this.socket.off('vote:changed', this.onChanged);
    this.socket.off('vote:progress', this.onProgress);
    this.socket.off('vote:waiting', this.onWaiting);
  }

  private set(patch: Partial<VotesView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l();
  }

  private readonly onConnect = (): void => {
    if (this.stopped) return;
    const connection = ++this.connection;
    this.socket.emit('vote:join', { meetingId: this.meetingId }, (res: Result<VoteJoinAck>) => {
      if (this.stopped || connection !== this.connection) return;
      if (!res.ok) {
        this.set({ link: 'refused', refusal: res.error.message });
        return;
      }
      this.set({
        votes: res.data.votes,
        mine: res.data.mine,
        waiting: res.data.waiting,
        link: 'live',
        refusal: null,
      });
      this.reconcile(res.data);
      for (const b of this.ballots) this.transmit(b);
    });
  };

  /** After a join: sends the kept ballots of open votes again, forgets or reports the others. */
  private reconcile(ack: VoteJoinAck): void {
    const plan = planKept(this.keeper.list(this.meetingId), ack);
    for (const voteId of plan.forget) this.keeper.forget(voteId);
    if (plan.lost.length > 0) {
      const lost = { ...this.view.lost };
      for (const b of plan.lost) {
        this.keeper.forget(b.voteId);
        lost[b.voteId] = { choice: b.choice, reason: null };
      }
      this.set({ lost });
    }
    for (const b of plan.resend) {
      // A ballot still waiting for its ack is sent again by the caller's loop anyway.
      if (this.ballots.some((p) => p.voteId === b.voteId)) continue;
      this.enqueue({ ...b, sentOn: 0, previous: null, resend: true, resolve: () => undefined });
    }
  }

  /** The vote is over: forget its kept ballot if this server counted it, else ask the result. */
  private settleKept(vote: Vote): void {
    const kept = this.keeper.get(vote.id);
    if (!kept) return;
    if (vote.state !== 'closed') {
      this.keeper.forget(vote.id);
      return;
    }
    // Still waiting for its ack: the answer decides (`settle`).
    if (this.ballots.some((b) => b.voteId === vote.id)) return;
    // Acknowledged by this server on this connection: the close counted it after its flush.
    if (this.ackedOn.get(vote.id) === this.connection) {
      this.keeper.forget(vote.id);
      return;
    }
    void this.rejoinQuietly();
  }

  private readonly onChanged = (c: VoteChanged): void => {
    if (c.meetingId !== this.meetingId) return;
    if (c.removed) {
      this.set({ votes: this.view.votes.filter((v) => v.id !== c.vote.id) });
      return;
    }
    const waiting =
      c.vote.state !== 'open' && this.view.waiting?.voteId === c.vote.id ? null : this.view.waiting;
    this.set({ votes: upsert(this.view.votes, c.vote), waiting });
    // A vote that opens: who may vote is in its frozen list.
    if (c.vote.state === 'open' && !this.view.mine[c.vote.id]) void this.rejoinQuietly();
    if (c.vote.state === 'closed' || c.vote.state === 'annulled') this.settleKept(c.vote);
  };

  private readonly onProgress = (p: VoteProgress): void => {
    if (p.meetingId !== this.meetingId) return;
    const votes = this.view.votes.map((v) =>
      v.id === p.voteId && v.state === 'open' && v.voted < p.voted ? { ...v, voted: p.voted } : v,
    );
    this.set({ votes });
  };

  private readonly onWaiting = (w: VoteWaiting): void => {
    if (w.meetingId === this.meetingId) this.set({ waiting: w });
  };

  /** Re-reads `mine` (am I on the list that was just frozen?). */
  private rejoinQuietly(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.emit('vote:join', { meetingId: this.meetingId }, (res: Result<VoteJoinAck>) => {
        if (res.ok && !this.stopped) {
          let votes = this.view.votes;
          for (const v of res.data.votes) votes = upsert(votes, v);
          this.set({ votes, mine: res.data.mine, waiting: res.data.waiting ?? this.view.waiting });
          this.reconcile(res.data);
        }
        resolve();
      });
    });
  }

  /** Sends one ballot; resolves with the server's answer (retried with the same opId across drops). */
  cast(voteId: string, choice: string[]): Promise<Result<VoteCastAck>> {
    return new Promise((resolve) => {
      const previous = this.keeper.get(voteId) ?? null;
      const b: PendingBallot = {
        voteId,
        opId: newOpId(),
        choice,
        sentOn: 0,
        previous,
        resend: false,
        resolve,
      };
      // Kept before it is sent: a reload while it is on its way sends it again.
      this.keeper.keep({ meetingId: this.meetingId, voteId, opId: b.opId, choice });
      this.enqueue(b);
    });
  }

  private enqueue(b: PendingBallot): void {
    this.ballots.push(b);
    const lost = { ...this.view.lost };
    delete lost[b.voteId];
    this.set({ sending: { ...this.view.sending, [b.voteId]: b.choice }, lost });
    if (this.socket.connected) this.transmit(b);
  }

  private transmit(b: PendingBallot): void {
    const connection = this.connection;
    if (b.sentOn === connection) return;
    b.sentOn = connection;
    this.socket
      .timeout(10_000)
      .emit(
        'vote:cast',
        { meetingId: this.meetingId, voteId: b.voteId, opId: b.opId, choice: b.choice },
        (err: Error | null, res?: Result<VoteCastAck>) => {
          if (err || !res) {
            // No answer: try again on this connection, or after the reconnect.
            b.sentOn = 0;
            if (this.socket.connected && !this.stopped) setTimeout(() => this.transmit(b), 1000);
            return;
          }
          this.settle(b, res);
        },
      );
  }

  private settle(b: PendingBallot, res: Result<VoteCastAck>): void {
    const i = this.ballots.indexOf(b);
    if (i < 0) return;
    this.ballots.splice(i, 1);
    const sending = { ...this.view.sending };
    delete sending[b.voteId];
    const mine = { ...this.view.mine };
    const vote = this.view.votes.find((v) => v.id === b.voteId);
    if (res.ok) {
      // For a secret vote the server keeps no choice: the tablet shows its own until the vote closes.
      mine[b.voteId] = { entitled: true, voted: true, choice: b.choice };
      const votes = this.view.votes.map((v) =>
        v.id === b.voteId && v.voted < res.data.voted ? { ...v, voted: res.data.voted } : v,
      );
      this.ackedOn.set(b.voteId, this.connection);
      // Answered after the close was heard: counted by it, nothing left to send again.
      if (vote && vote.state !== 'open') this.keeper.forget(b.voteId);
      this.set({ mine, sending, votes });
    } else if (b.resend) {
      // The kept ballot could not be counted again (the vote closed meanwhile): say so.
      this.keeper.forget(b.voteId);
      this.set({
        sending,
        lost: { ...this.view.lost, [b.voteId]: { choice: b.choice, reason: res.error.message } },
      });
    } else {
      // A refused tap: the vote's earlier ballot (if any) stays the kept one.
      if (b.previous) this.keeper.keep(b.previous);
      else this.keeper.forget(b.voteId);
      this.set({ sending });
    }
    b.resolve(res);
  }

  /** The chair's controls (answers as the server gave them). */
  control(event: 'vote:open' | 'vote:close', voteId: string): Promise<Result<Vote>> {
    return new Promise((resolve) => {
      this.socket.emit(event, { meetingId: this.meetingId, voteId }, (res: Result<Vote>) => {
        if (res.ok) this.set({ votes: upsert(this.view.votes, res.data) });
        resolve(res);
      });
    });
  }

  annul(voteId: string, reason: string): Promise<Result<{ vote: Vote; rerun: Vote }>> {
    return new Promise((resolve) => {
      this.socket.emit('vote:annul', { meetingId: this.meetingId, voteId, reason }, (res) => {
        if (res.ok) this.set({ votes: upsert(upsert(this.view.votes, res.data.vote), res.data.rerun) });
        resolve(res);
      });
    });
  }

  /** A vote prepared over REST: shown at once, before its broadcast arrives. */
  added(vote: Vote): void {
    this.set({ votes: upsert(this.view.votes, vote) });
  }
}
