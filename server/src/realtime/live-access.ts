import { meetingRoom } from '@icabinet/shared';
import type { IoSocket } from './types.js';

/** What changed: one user (role, unit, deactivation, sessions), or one meeting (participants, status…). */
export interface AccessScope {
  userId?: string;
  meetingId?: string;
}

/**
 * Re-checks what a socket follows after a change of rights and leaves what it may no longer
 * follow. Each module registers one per connection (its joined rooms live in its closure).
 */
export type AccessCheck = (scope: AccessScope) => Promise<void>;

const checks = new WeakMap<IoSocket, AccessCheck[]>();

/** Registers a module's re-check for one socket; the gateway runs it whenever rights change. */
export function watchAccess(socket: IoSocket, check: AccessCheck): void {
  const list = checks.get(socket) ?? [];
  list.push(check);
  checks.set(socket, list);
}

/** Runs every module's re-check of one socket (each failure is the module's own: it is reported, not thrown). */
export async function recheckAccess(
  socket: IoSocket,
  scope: AccessScope,
  onError: (err: unknown) => void,
): Promise<void> {
  for (const check of checks.get(socket) ?? []) {
    try {
      await check(scope);
    } catch (err) {
      onError(err);
    }
  }
}

type Holder = 'join' | 'room';

/**
 * The socket's membership of a meeting's room is held by `meeting:join` (counted: several views
 * of one tab may join the same meeting) and by following the live room (`room:join`). Returns
 * whether this is the socket's first `meeting:join` of the meeting.
 */
export async function holdMeeting(socket: IoSocket, meetingId: string, by: Holder): Promise<boolean> {
  const holds = (socket.data.meetingHolds ??= {});
  const h = (holds[meetingId] ??= { joins: 0, room: false });
  if (by === 'join') h.joins++;
  else h.room = true;
  await socket.join(meetingRoom(meetingId));
  return by === 'join' && h.joins === 1;
}

/**
 * Gives up one hold (`all`: every hold of that kind, when access was lost) and leaves the room
 * when nothing holds it any more. Returns whether the socket's last `meeting:join` went.
 */
export async function releaseMeeting(
  socket: IoSocket,
  meetingId: string,
  by: Holder,
  all = false,
): Promise<boolean> {
  const holds = (socket.data.meetingHolds ??= {});
  const h = holds[meetingId];
  if (!h) return false;
  const hadJoins = h.joins > 0;
  if (by === 'join') h.joins = all ? 0 : Math.max(0, h.joins - 1);
  else h.room = false;
  if (h.joins === 0 && !h.room) {
    delete holds[meetingId];
    await socket.leave(meetingRoom(meetingId));
  }
  return by === 'join' && hadJoins && h.joins === 0;
}
