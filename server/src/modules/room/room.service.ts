import {
  applyRoomCommand,
  computeQuorum,
  diffRoomState,
  meetingRoom,
  type RoomActor,
  type RoomChanged,
  type RoomCommandAck,
  type RoomCommandInput,
  type RoomContext,
  type RoomParticipant,
  type RoomSnapshot,
  type RoomState,
  type RoomSyncAck,
  type SystemRole,
} from '@icabinet/shared';
import { AppError, errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Core } from '../module.js';
import type { MeetingsService } from '../meetings/meetings.service.js';
import { VersionConflictError, type MeetingRecord } from '../../store/port.js';
import type { AppliedOp, RoomDurability, RoomRecord } from '../../store/room.port.js';
import { refusal, type MeetingStanding } from '../../access/meeting-access.js';
import { durabilityOf } from './durability.js';
import { commandFacts } from './room.facts.js';
import {
  advance,
  applyRemote,
  loadEntry,
  pushOp,
  remember,
  serialized,
  syncAck,
  type RoomEntry,
} from './room.entry.js';

/** Who sends a room command, as the socket knows them. */
export interface RoomCaller {
  userId: string;
  fullName: string;
  systemRole: SystemRole;
  sessionId: string;
  /** The socket's client address, for the audit log (room start and end). */
  ip?: string | null;
}

/** The caller's standing in one meeting, as known when they joined its room. */
export interface RoomStanding {
  /** What the access policy knows of the caller there (for the pointer check). */
  access: MeetingStanding;
  participantId: string | null;
}

/**
 * The authoritative state of each meeting's live room. One in-memory entry per meeting, loaded
 * from the store once; commands for one meeting run one after another (no interleaving between
 * read and write); each change is stored before it is acked. A record (`power`, see
 * durability.ts) is stored before it is broadcast to `meeting:<id>`; a page turn in a server that
 * is the room's only writer is broadcast first (`tellsFirst`).
 */
export class RoomService {
  private readonly entries = new Map<string, Promise<RoomEntry>>();

  constructor(
    private readonly ctx: Pick<Core, 'store' | 'clock' | 'io' | 'access' | 'config'>,
    /** Starting and ending the room moves the meeting, through the meetings service's own rules. */
    private readonly meetings: Pick<MeetingsService, 'transition'>,
  ) {}

  private get store() {
    return this.ctx.store;
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }

  private entry(meetingId: string, rule: MeetingRecord['quorumRule']): Promise<RoomEntry> {
    let e = this.entries.get(meetingId);
    if (!e) {
      e = loadEntry(this.store, meetingId, rule, this.now());
      this.entries.set(meetingId, e);
      // A failed load is not cached: the next call tries again.
      e.catch(() => this.entries.delete(meetingId));
    }
    return e;
  }

  private async meetingOrThrow(meetingId: string): Promise<MeetingRecord> {
    const meeting = await this.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    return meeting;
  }

  /** The state with quorum computed afresh (participants may have changed since the last command). */
  private async fresh(meeting: MeetingRecord, entry: RoomEntry): Promise<RoomState> {
    const present = new Set(
      Object.entries(entry.state.attendance)
        .filter(([, a]) => a.present)
        .map(([id]) => id),
    );
    const q = computeQuorum(meeting.quorumRule, await entry.participants.list(), present);
    return { ...entry.state, quorum: { ...q, rule: meeting.quorumRule } };
  }

  /**
   * Participants changed (a deputy approved, a vote or role changed, someone added or removed):
   * when this process holds a running room, recompute the quorum and, if it moved, store and
   * broadcast it as the next `seq`, so the chair sees it without waiting for the next command.
   * A room this process has not loaded computes it afresh when it is next joined.
   */
  async participantsChanged(meetingId: string): Promise<void> {
    const pending = this.entries.get(meetingId);
    if (!pending) return;
    const meeting = await this.store.meetings.getById(meetingId);
    if (!meeting) return;
    const entry = await pending;
    await serialized(entry, async () => {
      if (entry.state.status === 'not_started' || entry.state.status === 'ended') return;
      entry.participants.drop();
      const fresh = await this.fresh(meeting, entry);
      const before = entry.state.quorum;
      const after = fresh.quorum;
      if (
        before.eligible === after.eligible &&
        before.present === after.present &&
        before.required === after.required &&
        before.met === after.met
      )
        return;
      const now = this.now();
      const seq = entry.state.seq + 1;
      const state: RoomState = { ...fresh, seq };
      const record: RoomRecord = { meetingId, seq, state, ops: entry.ops, updatedAt: now };
      try {
        await this.persist(entry, record, 'power');
      } catch (e) {
        // Another process moved the room first: it will show the new quorum with its change.
        if (e instanceof VersionConflictError) return;
        throw e;
      }
      const changed: RoomChanged = {
        meetingId,
        seq,
        event: {
          seq,
          type: 'participants.changed',
          at: now,
          by: { userId: 'system', name: 'I-Cabinet' },
          target: null,
          reason: null,
          quorum: before.met === after.met ? null : after.met ? 'reached' : 'lost',
        },
        patch: diffRoomState(entry.state, state),
      };
      advance(entry, changed, state);
      this.broadcast(changed, null);
    });
  }

  /**
   * What a vote needs from the live room when it opens: whether the room runs, who is checked in,
   * and the participants as they are now (read afresh, not from the cache).
   */
  async votingFacts(
    meeting: MeetingRecord,
  ): Promise<{ running: boolean; present: Set<string>; participants: RoomParticipant[] }> {
    const entry = await this.entry(meeting.id, meeting.quorumRule);
    return serialized(entry, async () => {
      entry.participants.drop();
      const present = new Set(
        Object.entries(entry.state.attendance)
          .filter(([, a]) => a.present)
          .map(([id]) => id),
      );
      const participants = await entry.participants.list();
      return { running: entry.state.status === 'running', present, participants };
    });
  }

  /** `room:join`: may the caller follow this room? Returns the snapshot. */
  async join(caller: RoomCaller, meetingId: string): Promise<RoomStanding & { snapshot: RoomSnapshot }> {
    const access = await this.ctx.access.require(caller, meetingId, 'join');
    const { meeting } = access;
    const entry = await this.entry(meetingId, meeting.quorumRule);
    return {
      snapshot: {
        state: await this.visibleTo(access, await this.fresh(meeting, entry)),
        serverTime: this.now(),
      },
      access,
      participantId: access.participant?.id ?? null,
    };
  }

  /**
   * The room as one caller may see it: a shown document they may not open (reclassified since it
   * was shown) is left out of their snapshot, name and length included.
   */
  private async visibleTo(access: MeetingStanding, state: RoomState): Promise<RoomState> {
    if (!state.document) return state;
    const doc = await this.store.documents.getById(state.document.documentId);
    return !doc || access.mayDocument(doc, 'open') ? state : { ...state, document: null };
  }

  /** `room:sync`: the changes after `lastSeq` when still kept in memory, else a snapshot. */
  async sync(
    caller: RoomCaller,
    meetingId: string,
    lastSeq: number,
  ): Promise<RoomStanding & { ack: RoomSyncAck }> {
    const { snapshot, ...standing } = await this.join(caller, meetingId);
    const entry = await this.entry(meetingId, snapshot.state.quorum.rule);
    return { ...standing, ack: syncAck(entry, snapshot, lastSeq) };
  }

  /**
   * A viewer screen (no account, read-only) joins: the room as this process holds it in memory,
   * with no store read once the room is loaded. Which meeting it may follow is the caller's check.
   */
  async viewerSnapshot(meetingId: string): Promise<RoomSnapshot> {
    const loaded = this.entries.get(meetingId);
    const entry = loaded
      ? await loaded
      : await this.entry(meetingId, (await this.meetingOrThrow(meetingId)).quorumRule);
    return { state: entry.state, serverTime: this.now() };
  }

  /** `room:sync` of a viewer screen: the missed changes from memory, or the in-memory snapshot. */
  async viewerSync(meetingId: string, lastSeq: number): Promise<RoomSyncAck> {
    const snapshot = await this.viewerSnapshot(meetingId);
    const entry = await this.entry(meetingId, snapshot.state.quorum.rule);
    return syncAck(entry, snapshot, lastSeq);
  }

  /**
   * One broadcast to the meeting's room (every process's sockets, viewers included, through the
   * adapter); with several processes, the others' in-memory rooms are told too (`room:applied`).
   */
  private broadcast(changed: RoomChanged, op: AppliedOp | null): void {
    this.ctx.io.to(meetingRoom(changed.meetingId)).emit('room:changed', changed);
    if (this.ctx.config.redisUrl) this.ctx.io.serverSideEmit('room:applied', { changed, op });
  }

  /**
   * Another process changed a room this one holds: the change is applied in order, so a screen
   * joining here gets the current room from memory. A gap (a message lost) drops the entry; it is
   * read from the store at its next use. The command's opId is kept too, so a command retried
   * here after it was applied there is still applied once.
   */
  remoteChange(changed: RoomChanged, op: AppliedOp | null): void {
    const pending = this.entries.get(changed.meetingId);
    if (!pending) return;
    void pending
      .then((entry) =>
        serialized(entry, () => {
          if (this.entries.get(changed.meetingId) !== pending) return Promise.resolve();
          if (!applyRemote(entry, changed, op)) this.entries.delete(changed.meetingId);
          return Promise.resolve();
        }),
      )
      .catch(() => undefined);
  }

  /** The document the room shows now (from memory), or null. */
  async shownDocument(meetingId: string): Promise<string | null> {
    return (await this.viewerSnapshot(meetingId)).state.document?.documentId ?? null;
  }

  /** Whether someone may move the room's pointer now: the presenter, or whoever controls the room. */
  async mayPoint(meetingId: string, standing: RoomStanding): Promise<boolean> {
    const e = this.entries.get(meetingId);
    if (!e) return false;
    const { presenter } = (await e).state;
    const isPresenter = presenter !== null && presenter.participantId === standing.participantId;
    return standing.access.allows('room:present', { isPresenter });
  }

  /** `room:command`: applies one command once per opId; stores, then broadcasts. */
  async command(caller: RoomCaller, input: RoomCommandInput): Promise<RoomCommandAck> {
    // A loaded room needs no read here (applyOnce reads the meeting anyway, after the commands
    // before this one); the meeting's quorum rule is only needed to load it.
    const loaded = this.entries.get(input.meetingId);
    const entry = loaded
      ? await loaded
      : await this.entry(input.meetingId, (await this.meetingOrThrow(input.meetingId)).quorumRule);
    try {
      return await serialized(entry, () => this.applyOnce(caller, input, entry));
    } catch (e) {
      if (!(e instanceof VersionConflictError)) throw e;
      // Another server process moved this room: reload it from the store and try once more.
      const meeting = await this.meetingOrThrow(input.meetingId);
      this.entries.delete(meeting.id);
      const reloaded = await this.entry(meeting.id, meeting.quorumRule);
      try {
        return await serialized(reloaded, () => this.applyOnce(caller, input, reloaded));
      } catch (e2) {
        if (e2 instanceof VersionConflictError) throw errors.conflict('room_busy');
        throw e2;
      }
    }
  }

  private async applyOnce(
    caller: RoomCaller,
    input: RoomCommandInput,
    entry: RoomEntry,
  ): Promise<RoomCommandAck> {
    const key = `${caller.userId}:${input.opId}`;
    const seen = entry.opSeq.get(key);
    if (seen !== undefined) return { seq: seen, duplicate: true };

    const { command } = input;
    // A page turn (many a minute, to every tablet) takes the caller's standing and the shown
    // document from the access cache, which every change of rights drops at once (this process's
    // or, through Redis, another's). Every other command reads them afresh: starting and ending
    // the room need the meeting's version, and the others are records.
    const hot = command.type === 'page.goto';
    const access = hot
      ? await this.ctx.access.hotStanding(caller, input.meetingId)
      : await this.ctx.access.standingIn(caller, await this.meetingOrThrow(input.meetingId));
    const { meeting } = access;
    const { subject, participant } = access;
    const { items, document, shown } = await commandFacts(this.store, access, command, entry.state, (id) =>
      this.ctx.access.hotDocument(id),
    );
    const ctx: RoomContext = {
      now: this.now(),
      confidentiality: meeting.confidentiality,
      quorumRule: meeting.quorumRule,
      participants: await entry.participants.list([
        participant?.id ?? null,
        'participantId' in command ? (command.participantId ?? null) : null,
      ]),
      items,
      document,
      freshId: newId(),
    };
    const actor: RoomActor = {
      userId: caller.userId,
      name: caller.fullName,
      participantId: participant?.id ?? null,
      subject,
    };
    // Someone who may not even see the meeting (an outsider, another meeting's delegate, a draft's
    // delegate) learns nothing more.
    access.require('view');

    const result = applyRoomCommand(entry.state, command, actor, ctx);
    if (!result.ok) {
      const { code, reason, params } = result.error;
      throw new AppError(code, reason, params ?? {});
    }
    // The room tells everyone in it the document's name and length: only a document the presenter
    // may open and every participant may open is shown (after the room's own presenter rule).
    if (shown) {
      const isPresenter =
        entry.state.presenter !== null && entry.state.presenter.participantId === (participant?.id ?? null);
      const show = access.decideDocument(shown, 'show', { isPresenter });
      if (!show.allow) throw refusal(show);
    }

    // The meeting's lifecycle follows the room, through the meetings service's own rules.
    if (command.type === 'room.start' && meeting.status !== 'in_progress') {
      if (meeting.status !== 'published')
        throw errors.invalidState('room_meeting_not_startable', { status: meeting.status });
      await this.moveMeeting(caller, meeting, 'in_progress');
    }
    if (command.type === 'room.end' && meeting.status === 'in_progress') {
      await this.moveMeeting(caller, meeting, 'ended');
    }

    const op = { key, seq: result.state.seq };
    const undoOp = pushOp(entry, op);
    const record: RoomRecord = {
      meetingId: meeting.id,
      seq: result.state.seq,
      state: result.state,
      ops: entry.ops,
      updatedAt: ctx.now,
    };
    const durability = durabilityOf(command.type, this.ctx.config.room.pageDurability);
    const changed: RoomChanged = {
      meetingId: meeting.id,
      seq: result.state.seq,
      event: result.event,
      patch: diffRoomState(entry.state, result.state),
    };
    if (this.tellsFirst(durability)) {
      // The room moves in memory and everyone is told; the ack waits for the store, and a failed
      // save leaves the room as told, its opId in the window (the next save stores both) but the
      // turn unacked.
      advance(entry, changed, result.state);
      this.broadcast(changed, op);
      await this.persist(entry, record, durability);
    } else {
      try {
        await this.persist(entry, record, durability);
      } catch (e) {
        // Not applied: its opId leaves the window again, so a retry is applied, not answered.
        undoOp();
        throw e;
      }
      advance(entry, changed, result.state);
      this.broadcast(changed, op);
    }
    remember(entry, op);
    return { seq: result.state.seq, duplicate: false };
  }

  /**
   * Whether a change of this durability is broadcast before it is stored. A page turn (`process`:
   * many a minute, to every tablet) is, when this process is the room's only writer (no Redis:
   * one server process): its followers then see the page without waiting for the store's commit,
   * as the presenter's own screen does. The presenter's ack still waits for the commit, so an
   * acked turn survives a killed process as before; a turn told but not yet stored when the
   * process dies is not acked, and the presenter's tablet sends it again (same opId) after it
   * reconnects — the tablets that saw it get the stored room (`room:sync` answers a seq ahead of
   * the server's with a snapshot). With several processes (Redis), another one may move the room
   * first (`VersionConflictError`): there, every change is stored before anyone is told.
   */
  private tellsFirst(durability: RoomDurability): boolean {
    return durability === 'process' && !this.ctx.config.redisUrl;
  }

  /** Stores the room over the version the store holds (VersionConflictError if another process moved it). */
  private async persist(entry: RoomEntry, record: RoomRecord, durability: RoomDurability): Promise<void> {
    await this.store.room.save(record, entry.stored, durability);
    entry.stored = record.seq;
  }

  private async moveMeeting(
    caller: RoomCaller,
    meeting: MeetingRecord,
    to: 'in_progress' | 'ended',
  ): Promise<void> {
    // The room already checked `room:control`, the same right as `meeting:edit`.
    await this.meetings.transition(
      meeting,
      { to, version: meeting.version, reason: null },
      caller.userId,
      caller.ip ?? null,
    );
  }
}
