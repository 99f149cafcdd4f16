import {
  applyRoomPatch,
  completeRoomState,
  initialRoomState,
  type RoomChanged,
  type RoomSnapshot,
  type RoomState,
  type RoomSyncAck,
} from '@icabinet/shared';
import type { MeetingRecord, Store } from '../../store/port.js';
import type { AppliedOp } from '../../store/room.port.js';
import { RoomRoster } from './roster.js';

/**
 * One meeting's live room as this process holds it (room.service.ts): the state, the version the
 * store holds, the applied opIds and the recent changes for `room:sync`, and its one writer.
 */

/** Applied opIds kept per meeting: far more than a tablet can send during a 3-minute drop. */
export const OPS_KEPT = 1000;
/** Changes kept in memory per meeting for `room:sync`; older gaps get a snapshot. */
const LOG_KEPT = 500;

export interface RoomEntry {
  state: RoomState;
  /**
   * The `seq` of the state the store holds: the next save's expected version. Behind `state.seq`
   * only while a page turn already told is being stored, or after its save failed (the next save
   * of the room then stores the state as it is by then).
   */
  stored: number;
  ops: AppliedOp[];
  opSeq: Map<string, number>;
  log: RoomChanged[];
  /** The one writer: every read-modify-write of this room runs after the previous one. */
  tail: Promise<unknown>;
  participants: RoomRoster;
}

/** The room as stored (or a new one), with no change kept yet. */
export async function loadEntry(
  store: Pick<Store, 'room' | 'participants' | 'users'>,
  meetingId: string,
  rule: MeetingRecord['quorumRule'],
  now: string,
): Promise<RoomEntry> {
  const rec = await store.room.get(meetingId);
  const ops = rec?.ops ?? [];
  return {
    state: rec ? completeRoomState(rec.state) : initialRoomState(meetingId, rule, now),
    stored: rec?.seq ?? 0,
    ops,
    opSeq: new Map(ops.map((o) => [o.key, o.seq])),
    log: [],
    tail: Promise.resolve(),
    participants: new RoomRoster(store, meetingId),
  };
}

/** Runs `fn` after every earlier write of this meeting's room has finished. */
export function serialized<T>(entry: RoomEntry, fn: () => Promise<T>): Promise<T> {
  const run = entry.tail.then(fn);
  entry.tail = run.catch(() => undefined);
  return run;
}

/**
 * One more applied command in the entry's opIds window, in place (the window is 1,000 long, and a
 * copy of it per page turn was most of what a turn allocated of its own). Only the room's one
 * writer (`serialized`) calls it. Returns how to take the command back out, for a save that failed.
 */
export function pushOp(entry: RoomEntry, op: AppliedOp): () => void {
  const { ops } = entry;
  ops.push(op);
  const dropped = ops.length > OPS_KEPT ? ops.shift() : undefined;
  return () => {
    if (ops.at(-1) === op) ops.pop();
    if (dropped) ops.unshift(dropped);
  };
}

/** The change becomes the room's state in memory and the newest entry of its log. */
export function advance(entry: RoomEntry, changed: RoomChanged, state: RoomState): void {
  entry.state = state;
  entry.log.push(changed);
  if (entry.log.length > LOG_KEPT) entry.log.splice(0, entry.log.length - LOG_KEPT);
}

/** A command is known as applied (a retry with its opId is answered, not applied again). */
export function remember(entry: RoomEntry, op: AppliedOp): void {
  entry.opSeq.set(op.key, op.seq);
  if (entry.opSeq.size > OPS_KEPT * 2) entry.opSeq = new Map(entry.ops.map((o) => [o.key, o.seq]));
}

/**
 * Another process's change, stored there before it was told (with several processes every
 * change is: room.service.ts, `tellsFirst`). Applied only as the next `seq`: false for a gap (a
 * message lost), after which the entry must be read from the store again.
 */
export function applyRemote(entry: RoomEntry, changed: RoomChanged, op: AppliedOp | null): boolean {
  if (changed.seq <= entry.state.seq) return true;
  if (changed.seq !== entry.state.seq + 1) return false;
  advance(entry, changed, applyRoomPatch(entry.state, changed.patch));
  entry.stored = changed.seq;
  if (op) {
    pushOp(entry, op);
    remember(entry, op);
  }
  return true;
}

/** The changes after `lastSeq` when still kept in memory, else the snapshot (also to a tablet ahead of it). */
export function syncAck(entry: RoomEntry, snapshot: RoomSnapshot, lastSeq: number): RoomSyncAck {
  const seq = snapshot.state.seq;
  const first = entry.log[0];
  if (lastSeq === seq) return { kind: 'events', events: [] };
  if (lastSeq < seq && first && first.seq <= lastSeq + 1)
    return { kind: 'events', events: entry.log.filter((c) => c.seq > lastSeq && c.seq <= seq) };
  return { kind: 'snapshot', ...snapshot };
}
