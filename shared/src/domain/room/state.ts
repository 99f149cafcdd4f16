import type { QuorumRule } from '../../schemas/meeting.js';
import type { RoomState } from './types.js';

/** The room of a meeting nobody has started yet. */
export function initialRoomState(meetingId: string, rule: QuorumRule, now: string): RoomState {
  return {
    meetingId,
    seq: 0,
    status: 'not_started',
    startedAt: null,
    endedAt: null,
    pausedAt: null,
    currentItem: null,
    itemTimes: {},
    presenter: null,
    document: null,
    speaker: null,
    queue: [],
    speeches: [],
    attendance: {},
    quorum: { rule, eligible: 0, present: 0, required: 1, met: false },
    autoOpenDocuments: true,
    updatedAt: now,
  };
}

/** A stored state written before a field existed, completed with that field's default. */
export const completeRoomState = (stored: RoomState): RoomState => ({
  ...stored,
  autoOpenDocuments: (stored as Partial<RoomState>).autoOpenDocuments ?? true,
});

/** The top-level fields that differ (by identity: the reducer copies only what it changes). */
export function diffRoomState(prev: RoomState, next: RoomState): Partial<RoomState> {
  const patch: Partial<Record<keyof RoomState, unknown>> = {};
  for (const k of Object.keys(next) as (keyof RoomState)[]) if (prev[k] !== next[k]) patch[k] = next[k];
  return patch as Partial<RoomState>;
}

/** Applies a `room:changed` patch to a client's copy. */
export const applyRoomPatch = (state: RoomState, patch: Partial<RoomState>): RoomState => ({
  ...state,
  ...patch,
});
