import {
  ballotProblem,
  meetingRoom,
  voteControlRoom,
  type Vote,
  type VoteCastAck,
  type VoteCastInput,
  type VoteCreateInput,
  type VoteJoinAck,
  type VoteWaiting,
} from '@icabinet/shared';
import type { Caller } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { VoteRecord } from '../../store/votes.port.js';
import type { Core } from '../module.js';
import type { RoomService } from '../room/room.service.js';
import { BallotBox, notOpenError } from './votes.ballots.js';
import { VoteControl } from './votes.control.js';
import { notVotedOf } from './votes.rules.js';

/**
 * Who has not voted (`vote:waiting`, to the organisers only) is sent at most this often per vote:
 * the list is up to a room's names (~30 KB for 500 seats), encoded on the server's event loop and
 * decoded on the chair's console each time, while the ballots of the rush wait behind it.
 */
export const PROGRESS_INTERVAL_MS = 1000;
/**
 * How many have voted (`vote:progress`, to every screen in the room) is told once the ballots pause
 * for this long: each one is a send to every tablet (500 in a full room) that holds the server's
 * event loop, and every client's, for several milliseconds while ballots wait for their acks. In
 * the rush right after the vote opens the count waits for the rush to ease (a voter's own ack
 * carries the count meanwhile), but never longer than `ROOM_PROGRESS_MAX_WAIT_MS`.
 */
export const ROOM_PROGRESS_QUIET_MS = 400;
/** The longest a room's count may lag behind while ballots keep arriving. */
export const ROOM_PROGRESS_MAX_WAIT_MS = 2500;
/**
 * How long a vote that has ended (closed or annulled) stays in this process's memory: as long as a
 * tablet that dropped off may come back and have what it missed replayed (the gateway's
 * connection-state recovery, two minutes), so that the resends of that moment are answered from
 * memory, a secret vote's too. After that the vote is read from the store again when asked for;
 * without a limit every vote ever held (a full room's seats, result and ballot marks: ~270 KB for
 * 500) stayed in the heap until the server restarted.
 */
export const ENDED_VOTE_KEPT_MS = 2 * 60_000;

export type VotesDeps = Pick<Core, 'store' | 'clock' | 'io' | 'access' | 'audit' | 'logger'>;

/**
 * Votes in the meeting room: preparing them, the chair's controls (open, close, annul, the timer)
 * in `VoteControl`, ballots and what each screen is told. One `BallotBox` per vote in this process
 * holds its live state; every change of a vote is stored before it is broadcast or acknowledged.
 */
export class VotesService {
  private readonly boxes = new Map<string, Promise<BallotBox>>();
  private readonly progressTimers = new Map<string, NodeJS.Timeout>();
  private readonly roomProgressTimers = new Map<string, NodeJS.Timeout>();
  /** When the first ballot not yet told to the room arrived, per vote. */
  private readonly roomProgressSince = new Map<string, number>();
  /** Votes that have ended, each leaving memory when its timer fires. */
  private readonly endedTimers = new Map<string, NodeJS.Timeout>();
  /** How long an ended vote is kept in memory (`ENDED_VOTE_KEPT_MS`; tests shorten it). */
  endedKeptMs = ENDED_VOTE_KEPT_MS;
  readonly control: VoteControl;

  constructor(
    private readonly ctx: VotesDeps,
    room: Pick<RoomService, 'votingFacts'>,
  ) {
    this.control = new VoteControl(ctx, room, this);
  }

  now(): string {
    return this.ctx.clock.now().toISOString();
  }

  /** The vote's box, loaded once from the store (with the seats that have voted while it is open). */
  box(voteId: string): Promise<BallotBox> {
    let b = this.boxes.get(voteId);
    if (!b) {
      b = (async () => {
        const vote = await this.ctx.store.votes.get(voteId);
        if (!vote) throw errors.notFound('vote_not_found');
        // A closed vote's marks too, so that a ballot resent after the close is still answered as
        // counted (a secret vote's were dropped with its seal: its resend hears the vote closed).
        const rows =
          vote.state === 'open' || vote.state === 'closed' ? await this.ctx.store.votes.voters(voteId) : [];
        if (vote.state === 'closed' || vote.state === 'annulled') this.ended(voteId);
        return new BallotBox(vote, rows, this.ctx.store.votes, () => this.progressSoon(voteId));
      })();
      this.boxes.set(voteId, b);
      b.catch(() => this.boxes.delete(voteId));
    }
    return b;
  }

  /** Drops a removed vote from this process. */
  forget(voteId: string): void {
    this.boxes.delete(voteId);
    const t = this.endedTimers.get(voteId);
    if (t) clearTimeout(t);
    this.endedTimers.delete(voteId);
  }

  /** The vote ended (closed or annulled): it leaves this process's memory `endedKeptMs` later. */
  ended(voteId: string): void {
    const before = this.endedTimers.get(voteId);
    if (before) clearTimeout(before);
    const timer = setTimeout(() => this.forget(voteId), this.endedKeptMs);
    timer.unref();
    this.endedTimers.set(voteId, timer);
  }

  /** Whether this process holds the vote in memory (an open vote always; an ended one for a while). */
  holds(voteId: string): boolean {
    return this.boxes.has(voteId);
  }

  /** The vote, if it belongs to the meeting (a vote of another meeting is "not found"). */
  async voteIn(meetingId: string, voteId: string): Promise<BallotBox> {
    const box = await this.box(voteId);
    if (box.vote.meetingId !== meetingId) throw errors.notFound('vote_not_found');
    return box;
  }

  /** The record as every viewer reads it, with the live count of ballots. */
  view(box: BallotBox): Vote {
    return box.vote.state === 'open' ? { ...box.vote, voted: box.voted.size } : box.vote;
  }

  /** Tells everyone in the meeting's room that a vote changed. */
  broadcast(vote: Vote, removed = false): void {
    this.ctx.io.to(meetingRoom(vote.meetingId)).emit('vote:changed', {
      meetingId: vote.meetingId,
      vote,
      ...(removed ? { removed } : {}),
    });
  }

  // ---- records ------------------------------------------------------------------------------

  /** `GET /meetings/:id/votes`: every viewer of the meeting sees its votes and results. */
  async list(caller: Caller, meetingId: string): Promise<Vote[]> {
    await this.ctx.access.require(caller, meetingId, 'view');
    return this.listOf(meetingId);
  }

  async listOf(meetingId: string): Promise<Vote[]> {
    const stored = await this.ctx.store.votes.listByMeeting(meetingId);
    // An open vote's count of ballots lives in its box (loaded from the voter set after a restart).
    return Promise.all(
      stored.map(async (v) =>
        v.state === 'open' || this.boxes.has(v.id) ? this.view(await this.box(v.id)) : v,
      ),
    );
  }

  /** `POST /meetings/:id/votes`: prepared before the meeting by the secretariat, or on the spot by the chair. */
  async create(caller: Caller, meetingId: string, input: VoteCreateInput, ip: string | null): Promise<Vote> {
    const { meeting } = await this.ctx.access.require(caller, meetingId, 'runVotes');
    const vote = await this.control.prepare(caller, meeting, input, ip);
    this.broadcast(vote);
    return vote;
  }

  // ---- the room -----------------------------------------------------------------------------

  /** `vote:join`: the meeting's votes and the caller's part in each; organisers follow who is waited for. */
  async join(caller: Caller, meetingId: string): Promise<{ ack: VoteJoinAck; organiser: boolean }> {
    const standing = await this.ctx.access.require(caller, meetingId, 'join');
    const me = standing.participant?.id ?? null;
    const votes = await this.listOf(meetingId);
    const mine: VoteJoinAck['mine'] = {};
    let waiting: VoteWaiting | null = null;
    const organiser = standing.may('runVotes');
    for (const vote of votes) {
      const seat = vote.seats?.find((s) => s.voterId === me) ?? null;
      if (vote.state === 'open') {
        const box = await this.box(vote.id);
        const mark = seat ? box.voted.get(seat.participantId) : undefined;
        mine[vote.id] = {
          entitled: seat !== null,
          voted: mark !== undefined,
          choice: mark?.choice ?? null,
          opId: mark?.opId ?? null,
        };
        if (organiser) {
          const voted = new Set(box.voted.keys());
          waiting = { meetingId, voteId: vote.id, notVoted: notVotedOf(box.vote, voted) };
        }
      } else if (vote.state === 'closed' && seat) {
        const named = vote.result?.choices?.find((c) => c.participantId === seat.participantId);
        const voted = vote.result?.voted.includes(seat.participantId) ?? false;
        mine[vote.id] = { entitled: true, voted, choice: named?.choice ?? null };
      }
    }
    return { ack: { votes, mine, waiting, serverTime: this.now() }, organiser };
  }

  /** `vote:cast`: one ballot, stored before the ack; a retried opId is counted once. */
  async cast(caller: Caller, input: VoteCastInput): Promise<VoteCastAck> {
    const box = await this.voteIn(input.meetingId, input.voteId);
    // A ballot is a hot path (500 in a rush): the meeting comes from the access cache, which every
    // change of rights drops at once, the caller's participant row from the store. Who may vote is
    // the list frozen at the open anyway.
    const standing = (await this.ctx.access.quickStanding(caller, input.meetingId)).require('view');
    const vote = box.vote;
    const me = standing.participant?.id ?? null;
    const seat = vote.seats?.find((s) => s.voterId === me) ?? null;
    // The order of checks: an outsider learns nothing about the vote's state.
    if (vote.state === 'prepared') throw errors.invalidState('vote_not_open');
    if (!seat) throw errors.forbidden('vote_not_entitled');
    if (vote.state !== 'open') {
      // A retry of a ballot that was stored before the close is still answered as counted.
      const stored = box.voted.get(seat.participantId);
      if (stored?.opId === input.opId && vote.state === 'closed')
        return { duplicate: true, changed: false, voted: vote.voted };
      throw notOpenError(vote);
    }
    if (vote.closesAt && Date.parse(this.now()) >= Date.parse(vote.closesAt)) {
      void this.control.closeDue(vote.id);
      throw notOpenError({ ...vote, state: 'closed', closedAt: vote.closesAt });
    }
    const problem = ballotProblem(vote.options, vote.maxChoices, input.choice);
    if (problem === 'unknown_option') {
      const option = input.choice.find((c) => !vote.options.some((o) => o.id === c)) ?? '';
      throw errors.invalid(
        [{ path: 'choice', key: 'vote_unknown_option', params: { option } }],
        'vote_unknown_option',
        {
          option,
        },
      );
    }
    if (problem === 'too_many_choices') {
      const max = vote.options.some((o) => o.meaning !== 'choice') ? 1 : vote.maxChoices;
      throw errors.invalid(
        [{ path: 'choice', key: 'vote_too_many_choices', params: { max } }],
        'vote_too_many_choices',
        {
          max,
        },
      );
    }
    if (problem === 'duplicate_choice') throw errors.invalid([], 'vote_duplicate_choice');
    if (problem === 'empty_choice') throw errors.invalid([], 'vote_empty_choice');

    const outcome = await box.submit(seat.participantId, input.opId, input.choice);
    if (outcome === 'refused') throw errors.invalidState('vote_already_cast');
    return { duplicate: outcome === 'duplicate', changed: outcome === 'changed', voted: box.voted.size };
  }

  // ---- progress -----------------------------------------------------------------------------

  /**
   * Coalesces progress: at most one `vote:waiting` (to the organisers, a few screens) per
   * `PROGRESS_INTERVAL_MS`; one `vote:progress` (to the whole room) once ballots pause for
   * `ROOM_PROGRESS_QUIET_MS`, or `ROOM_PROGRESS_MAX_WAIT_MS` after the first ballot not yet told.
   */
  progressSoon(voteId: string): void {
    const sendLater = (timers: Map<string, NodeJS.Timeout>, ms: number, send: (box: BallotBox) => void) => {
      const timer = setTimeout(() => {
        timers.delete(voteId);
        if (timers === this.roomProgressTimers) this.roomProgressSince.delete(voteId);
        void this.boxes
          .get(voteId)
          ?.then((box) => {
            if (box.vote.state === 'open') send(box);
          })
          .catch(() => undefined);
      }, ms);
      timer.unref();
      timers.set(voteId, timer);
    };
    if (!this.progressTimers.has(voteId))
      sendLater(this.progressTimers, PROGRESS_INTERVAL_MS, (box) => this.waitingNow(box));
    // The room's count: pushed back by each ballot while they keep coming, up to the longest lag.
    const now = Date.now();
    const since = this.roomProgressSince.get(voteId) ?? now;
    this.roomProgressSince.set(voteId, since);
    const pending = this.roomProgressTimers.get(voteId);
    if (pending) clearTimeout(pending);
    const wait = Math.max(0, Math.min(ROOM_PROGRESS_QUIET_MS, since + ROOM_PROGRESS_MAX_WAIT_MS - now));
    sendLater(this.roomProgressTimers, wait, (box) => this.roomProgressNow(box));
  }

  private roomProgressNow(box: BallotBox): void {
    const { meetingId, id: voteId } = box.vote;
    this.ctx.io.to(meetingRoom(meetingId)).emit('vote:progress', {
      meetingId,
      voteId,
      voted: box.voted.size,
      seats: box.vote.seats?.length ?? 0,
    });
  }

  private waitingNow(box: BallotBox): void {
    const { meetingId, id: voteId } = box.vote;
    const voted = new Set(box.voted.keys());
    this.ctx.io.to(voteControlRoom(meetingId)).emit('vote:waiting', {
      meetingId,
      voteId,
      notVoted: notVotedOf(box.vote, voted),
    });
  }

  /** Stops the coalesced progress of a vote (it closed or was annulled). */
  stopProgress(voteId: string): void {
    this.roomProgressSince.delete(voteId);
    for (const timers of [this.progressTimers, this.roomProgressTimers]) {
      const t = timers.get(voteId);
      if (t) clearTimeout(t);
      timers.delete(voteId);
    }
  }

  /** Restarts the timers of open votes after a restart (a vote whose time has passed closes now). */
  resume(): Promise<void> {
    return this.control.resume();
  }

  /** Stops every timer (server shutdown). */
  stop(): void {
    this.control.stop();
    for (const timers of [this.progressTimers, this.roomProgressTimers, this.endedTimers]) {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    }
    this.roomProgressSince.clear();
  }

  /** A brand-new record for `create` (ids and times from here). */
  newRecord(base: Omit<VoteRecord, 'id' | 'createdAt' | 'version'>): VoteRecord {
    return { ...base, id: newId(), createdAt: this.now(), version: 0 };
  }
}
