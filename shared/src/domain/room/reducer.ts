import type { RoomCommand } from '../../schemas/room.js';
import { computeQuorum } from '../quorum.js';
import { decide } from './decide.js';
import type { RoomActor, RoomContext, RoomResult, RoomState } from './types.js';

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
  const present = new Set(
    Object.entries(change.state.attendance)
      .filter(([, a]) => a.present)
      .map(([id]) => id),
  );
  const q = computeQuorum(ctx.quorumRule, ctx.participants, present);
  const quorum = { ...q, rule: ctx.quorumRule };
  const before = state.quorum;
  const sameQuorum =
    before.met === quorum.met &&
    before.present === quorum.present &&
    before.eligible === quorum.eligible &&
    before.required === quorum.required &&
    before.rule.numerator === quorum.rule.numerator &&
    before.rule.denominator === quorum.rule.denominator &&
    before.rule.comparison === quorum.rule.comparison;
  const seq = state.seq + 1;
  const next: RoomState = { ...change.state, seq, updatedAt: now, quorum: sameQuorum ? before : quorum };
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
