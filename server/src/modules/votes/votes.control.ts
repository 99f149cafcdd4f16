import { computeQuorum, type Vote, type VoteAnnulInput, type VoteCreateInput } from '@icabinet/shared';
import type { Caller } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import type { MeetingRecord } from '../../store/port.js';
import { VersionConflictError } from '../../store/port.js';
import type { VoteRecord } from '../../store/votes.port.js';
import type { RoomService } from '../room/room.service.js';
import type { BallotBox } from './votes.ballots.js';
import { optionsOf, resultOf, seatsOf } from './votes.rules.js';
import type { VotesDeps, VotesService } from './votes.service.js';

/** Node's timers hold at most about 24.8 days; a vote's duration is at most an hour. */
const MAX_TIMER_MS = 2_147_000_000;

/**
 * The chair's controls: prepare, remove, open (quorum; the entitled list is frozen), close (by
 * hand or when its time is up: the deadline is stored with the vote, so a restarted server closes
 * it on time), annul and re-run. Controls of one meeting run one after another.
 */
export class VoteControl {
  private readonly meetingTails = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: VotesDeps,
    private readonly room: Pick<RoomService, 'votingFacts'>,
    private readonly votes: VotesService,
  ) {}

  private serialized<T>(meetingId: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.meetingTails.get(meetingId) ?? Promise.resolve()).then(fn);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.meetingTails.set(meetingId, tail);
    // The last control of a meeting leaves nothing behind once it has run.
    void tail.then(() => {
      if (this.meetingTails.get(meetingId) === tail) this.meetingTails.delete(meetingId);
    });
    return next;
  }

  /** Stores a changed record (optimistic version) and keeps it in the box. */
  private async save(box: BallotBox, next: VoteRecord): Promise<VoteRecord> {
    try {
      box.vote = await this.ctx.store.votes.update(next, box.vote.version);
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('vote_busy');
      throw e;
    }
    return box.vote;
  }

  async prepare(
    caller: Caller,
    meeting: MeetingRecord,
    input: VoteCreateInput,
    ip: string | null,
  ): Promise<Vote> {
    if (input.agendaItemId) {
      const items = await this.ctx.store.agenda.list(meeting.id);
      if (!items.some((i) => i.id === input.agendaItemId)) throw errors.notFound('vote_agenda_item_unknown');
    }
    const vote = this.votes.newRecord({
      meetingId: meeting.id,
      agendaItemId: input.agendaItemId,
      question: input.question,
      options: optionsOf(input),
      maxChoices: input.options ? input.maxChoices : 1,
      kind: input.kind,
      rule: input.rule,
      allowChange: input.kind === 'secret' ? false : (input.allowChange ?? true),
      durationSeconds: input.durationSeconds,
      state: 'prepared',
      createdBy: caller.userId,
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
    });
    await this.ctx.store.votes.create(vote);
    await this.audit(caller.userId, 'vote.created', vote, { kind: vote.kind, rule: vote.rule }, ip);
    return vote;
  }

  async remove(caller: Caller, meetingId: string, voteId: string, ip: string | null): Promise<void> {
    await this.ctx.access.require(caller, meetingId, 'runVotes');
    await this.serialized(meetingId, async () => {
      const box = await this.votes.voteIn(meetingId, voteId);
      if (box.vote.state !== 'prepared') throw errors.invalidState('vote_not_removable');
      await this.ctx.store.votes.remove(voteId);
      this.votes.forget(voteId);
      await this.audit(caller.userId, 'vote.removed', box.vote, {}, ip);
      this.votes.broadcast(box.vote, true);
    });
  }

  /** `vote:open`: needs a running room with quorum; freezes who may vote. A retry of an open vote answers it as is. */
  async open(caller: Caller, meetingId: string, voteId: string): Promise<Vote> {
    const { meeting } = await this.ctx.access.require(caller, meetingId, 'runVotes');
    return this.serialized(meetingId, async () => {
      const box = await this.votes.voteIn(meetingId, voteId);
      if (box.vote.state === 'open') return this.votes.view(box);
      if (box.vote.state !== 'prepared') throw errors.invalidState('vote_not_prepared');
      // Only the meeting's open votes: a long day's meeting holds dozens of closed ones, each with
      // its seats and result, which a vote being opened has no need to read.
      const others = await this.ctx.store.votes.listOpen(meetingId);
      const busy = others.find((v) => v.id !== voteId);
      if (busy) throw errors.invalidState('vote_another_open', { question: busy.question });
      const facts = await this.room.votingFacts(meeting);
      if (!facts.running) throw errors.invalidState('vote_room_not_running');
      const quorum = computeQuorum(meeting.quorumRule, facts.participants, facts.present);
      if (!quorum.met)
        throw errors.invalidState('vote_no_quorum', {
          present: quorum.present,
          eligible: quorum.eligible,
          required: quorum.required,
        });
      const now = this.votes.now();
      const seats = seatsOf(facts.participants, facts.present, meeting.deputiesMayVote === true);
      const closesAt = box.vote.durationSeconds
        ? new Date(Date.parse(now) + box.vote.durationSeconds * 1000).toISOString()
        : null;
      const vote = await box.run(() =>
        this.save(box, {
          ...box.vote,
          state: 'open',
          openedAt: now,
          closesAt,
          seats,
          members: quorum.eligible,
        }),
      );
      await this.audit(
        caller.userId,
        'vote.opened',
        vote,
        { seats: seats.length, members: quorum.eligible },
        null,
      );
      this.schedule(vote);
      this.votes.broadcast(this.votes.view(box));
      return this.votes.view(box);
    });
  }

  /** `vote:close`: stores the result after every ballot already received. A retry of a closed vote answers it. */
  async close(caller: Caller, meetingId: string, voteId: string): Promise<Vote> {
    await this.ctx.access.require(caller, meetingId, 'runVotes');
    return this.serialized(meetingId, async () => {
      const box = await this.votes.voteIn(meetingId, voteId);
      if (box.vote.state === 'closed') return box.vote;
      if (box.vote.state !== 'open') throw errors.invalidState('vote_not_open');
      return this.finish(box, caller.userId, 'chair');
    });
  }

  /** The timer fired (or a ballot arrived after the deadline): close it if it is still open. */
  async closeDue(voteId: string): Promise<void> {
    const box = await this.votes.box(voteId);
    await this.serialized(box.vote.meetingId, async () => {
      if (box.vote.state !== 'open') return;
      await this.finish(box, null, 'deadline');
    });
  }

  /**
   * The meeting stopped running (the room ended) while a vote was open: the vote closes now with
   * the ballots already received, exactly as the chair's close would, its result stored, audited
   * (`cause: 'meeting_ended'`, by whoever ended the meeting) and sent to every screen. Closing
   * rather than annulling keeps the choice with the chair: a closed vote can still be annulled
   * with a reason, an annulled secret vote's counts are gone for good.
   */
  async closeForMeetingEnd(meetingId: string, by: string | null): Promise<void> {
    await this.serialized(meetingId, async () => {
      for (const stored of await this.ctx.store.votes.listOpen(meetingId)) {
        const box = await this.votes.box(stored.id);
        if (box.vote.state === 'open') await this.finish(box, by, 'meeting_ended');
      }
    });
  }

  /** Counts, stores the result, seals a secret vote's ballots, then tells every screen. */
  private async finish(
    box: BallotBox,
    by: string | null,
    cause: 'chair' | 'deadline' | 'meeting_ended',
  ): Promise<Vote> {
    const vote = await box.run(async () => {
      const { store } = this.ctx;
      // Every ballot acknowledged before the close is on the disk before the result is counted.
      await box.durable();
      const secret = box.vote.kind === 'secret';
      const voters = await store.votes.voters(box.vote.id);
      const counters = secret ? await store.votes.counters(box.vote.id) : null;
      const result = resultOf(box.vote, voters, counters);
      // A vote closed by its timer ends at its deadline, even when the server was down then.
      const closedAt = cause === 'deadline' && box.vote.closesAt ? box.vote.closesAt : this.votes.now();
      const saved = await this.save(box, {
        ...box.vote,
        state: 'closed',
        closedAt,
        result,
        voted: result.cast,
      });
      if (secret) await store.votes.seal(box.vote.id);
      return saved;
    });
    this.unschedule(vote.id);
    this.votes.stopProgress(vote.id);
    this.votes.ended(vote.id);
    const counts = Object.fromEntries((vote.result?.counts ?? []).map((c) => [c.id, c.count]));
    await this.audit(
      by,
      'vote.closed',
      vote,
      { verdict: vote.result?.verdict ?? null, counts, cast: vote.voted, cause },
      null,
    );
    this.votes.broadcast(vote);
    return vote;
  }

  /** `vote:annul`: an open or closed vote is annulled with a reason; a copy is prepared to run again. */
  async annul(
    caller: Caller,
    input: VoteAnnulInput,
    ip: string | null,
  ): Promise<{ vote: Vote; rerun: Vote }> {
    const { meetingId, voteId, reason } = input;
    await this.ctx.access.require(caller, meetingId, 'runVotes');
    return this.serialized(meetingId, async () => {
      const box = await this.votes.voteIn(meetingId, voteId);
      if (box.vote.state !== 'open' && box.vote.state !== 'closed')
        throw errors.invalidState('vote_not_annullable');
      const wasOpen = box.vote.state === 'open';
      const rerun = this.votes.newRecord({
        ...box.vote,
        state: 'prepared',
        createdBy: caller.userId,
        openedAt: null,
        closesAt: null,
        closedAt: null,
        seats: null,
        members: null,
        voted: 0,
        result: null,
        annulReason: null,
        annulledAt: null,
        rerunOf: box.vote.id,
        rerunId: null,
      });
      const now = this.votes.now();
      const annulled = await box.run(async () => {
        await box.durable();
        const voted = wasOpen ? box.voted.size : box.vote.voted;
        const saved = await this.ctx.store.transaction(async () => {
          await this.ctx.store.votes.create(rerun);
          return this.save(box, {
            ...box.vote,
            state: 'annulled',
            annulReason: reason,
            annulledAt: now,
            closedAt: box.vote.closedAt ?? now,
            voted,
            rerunId: rerun.id,
          });
        });
        // An annulled secret vote keeps no ballots either.
        if (wasOpen && saved.kind === 'secret') await this.ctx.store.votes.seal(saved.id);
        return saved;
      });
      this.unschedule(voteId);
      this.votes.stopProgress(voteId);
      this.votes.ended(voteId);
      await this.audit(caller.userId, 'vote.annulled', annulled, { reason, rerunId: rerun.id, wasOpen }, ip);
      this.votes.broadcast(annulled);
      this.votes.broadcast(rerun);
      return { vote: annulled, rerun };
    });
  }

  // ---- timers -------------------------------------------------------------------------------

  private schedule(vote: VoteRecord): void {
    this.unschedule(vote.id);
    if (!vote.closesAt) return;
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(vote.closesAt) - Date.parse(this.votes.now())));
    const timer = setTimeout(() => {
      this.timers.delete(vote.id);
      this.closeDue(vote.id).catch((err: unknown) =>
        this.ctx.logger.error({ err, voteId: vote.id }, 'closing a vote on its timer failed'),
      );
    }, ms);
    timer.unref();
    this.timers.set(vote.id, timer);
  }

  private unschedule(voteId: string): void {
    const t = this.timers.get(voteId);
    if (t) clearTimeout(t);
    this.timers.delete(voteId);
  }

  /** After a (re)start: every open vote with a deadline gets its timer back; one already due closes now. */
  async resume(): Promise<void> {
    for (const vote of await this.ctx.store.votes.listOpen()) this.schedule(vote);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async audit(
    actorId: string | null,
    action: 'vote.created' | 'vote.removed' | 'vote.opened' | 'vote.closed' | 'vote.annulled',
    vote: VoteRecord,
    extra: Record<string, unknown>,
    ip: string | null,
  ): Promise<void> {
    // Never a ballot or a voter's choice: only what the room is told anyway.
    await this.ctx.audit.record({
      actorId,
      action,
      targetType: 'vote',
      targetId: vote.id,
      data: { meetingId: vote.meetingId, question: vote.question, ...extra },
      ip,
    });
  }
}
