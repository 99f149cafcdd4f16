import type { RoomCommand } from '../../schemas/room.js';
import type { QuorumRule } from '../../schemas/meeting.js';
import { computeQuorum, type QuorumParticipant, type QuorumStatus } from '../quorum.js';
import { decide } from './decide.js';
import type { RoomActor, RoomContext, RoomResult, RoomState } from './types.js';

/**
 * The last quorum counted for each attendance record. The room's state is never changed in place
 * (every command makes new objects for what it changes), so a command that leaves the attendance
 * as it was, with the same roster and rule — a page turn, many a minute — takes the count from
 * here instead of walking every participant again.
 */
const counted = new WeakMap<
  RoomState['attendance'],
  { participants: readonly QuorumParticipant[]; rule: QuorumRule; status: QuorumStatus }
>();

const sameRule = (a: QuorumRule, b: QuorumRule) =>
  a.numerator === b.numerator && a.denominator === b.denominator && a.comparison === b.comparison;

/** Quorum of this attendance under the rule, counted once per attendance, roster and rule. */
function quorumOf(
  attendance: RoomState['attendance'],
  participants: readonly QuorumParticipant[],
  rule: QuorumRule,
): QuorumStatus {
  const hit = counted.get(attendance);
  if (hit && hit.participants === participants && sameRule(hit.rule, rule)) return hit.status;
  const present = new Set<string>();
  for (const id in attendance) if (attendance[id]!.present) present.add(id);
  const status = computeQuorum(rule, participants, present);
  counted.set(attendance, { participants, rule, status });
  return status;
}

/**
 * The room's rules: applies one command for one actor, or says why not. Pure: the server looks
 * up participants, agenda and documents into `ctx`, persists the new state, then broadcasts the
 * event. Permissions come from `authorize()`; quorum is recomputed after every change.
 */
export function applyRoomCommand(
  state: RoomState,
  command: RoomCommand,
  actor: RoomActor,
  ctx: RoomContext,
): RoomResult {
  const change = decide(state, command, actor, ctx);
  if ('ok' in change) return change;
  const now = ctx.now;
  const q = quorumOf(change.state.attendance, ctx.participants, ctx.quorumRule);
  const before = state.quorum;
  const sameQuorum =
    before.met === q.met &&
    before.present === q.present &&
    before.eligible === q.eligible &&
    before.required === q.required &&
    sameRule(before.rule, ctx.quorumRule);
  const quorum = sameQuorum ? before : { ...q, rule: ctx.quorumRule };
  const seq = state.seq + 1;
  const next: RoomState = { ...change.state, seq, updatedAt: now, quorum };
  return {
    ok: true,
    state: next,
    event: {
      seq,
      type: command.type,
      at: now,
      by: { userId: actor.userId, name: actor.name },
      target: change.target ?? null,
      reason: change.reason ?? null,
      quorum: before.met === quorum.met ? null : quorum.met ? 'reached' : 'lost',
    },
  };
}
