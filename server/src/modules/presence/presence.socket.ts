import { meetingRoom, type OnlineUser, type PresenceSnapshot } from '@icabinet/shared';
import type { Store } from '../../store/port.js';
import type { Logger } from '../../logger.js';
import { accessFor } from '../../access/meeting-access.js';
import type { IoServer, IoSocket } from '../../realtime/types.js';
import type { SocketModule } from '../../realtime/gateway.js';
import { withAck } from '../../realtime/with-ack.js';
import { holdMeeting, releaseMeeting, watchAccess } from '../../realtime/live-access.js';

/**
 * Who is online in a meeting. Presence is derived from the sockets actually in the meeting's
 * room (`fetchSockets`), so it stays right across reconnects and, with the Redis adapter,
 * across server processes; there is no second copy of the truth to drift.
 */
export function presenceModule(deps: { io: () => IoServer; store: Store; logger: Logger }): SocketModule {
  const onlineIn = async (meetingId: string): Promise<Map<string, OnlineUser>> => {
    const sockets = await deps.io().in(meetingRoom(meetingId)).fetchSockets();
    const users = new Map<string, OnlineUser>();
    for (const s of sockets) {
      // A viewer screen (viewer link) follows the room but is nobody online in the meeting.
      if (s.data.viewer) continue;
      const u = users.get(s.data.userId);
      if (u) u.devices++;
      else users.set(s.data.userId, { userId: s.data.userId, fullName: s.data.fullName, devices: 1 });
    }
    return users;
  };

  const snapshot = async (meetingId: string): Promise<PresenceSnapshot> => {
    const collator = new Intl.Collator('vi');
    const users = [...(await onlineIn(meetingId)).values()].sort((a, b) =>
      collator.compare(a.fullName, b.fullName),
    );
    return { meetingId, users };
  };

  /** Tells the others when this socket is the user's first (or last) device in the meeting. */
  const announce = async (socket: IoSocket, meetingId: string, status: 'online' | 'offline') => {
    try {
      await announceUnsafe(socket, meetingId, status);
    } catch (err) {
      deps.logger.warn({ err, meetingId }, 'presence announcement failed');
    }
  };
  const announceUnsafe = async (socket: IoSocket, meetingId: string, status: 'online' | 'offline') => {
    const user = (await onlineIn(meetingId)).get(socket.data.userId);
    const devices = user?.devices ?? 0;
    if ((status === 'online' && devices === 1) || (status === 'offline' && devices === 0)) {
      deps
        .io()
        .to(meetingRoom(meetingId))
        .except(socket.id)
        .emit('presence:changed', {
          meetingId,
          status,
          user: { userId: socket.data.userId, fullName: socket.data.fullName, devices },
        });
    }
  };

  /** Whether the socket's user may (still) be in the meeting (the access policy's `join`). */
  const mayJoin = async (socket: IoSocket, meetingId: string): Promise<boolean> => {
    const meeting = await deps.store.meetings.getById(meetingId);
    return !!meeting && (await accessFor(deps.store).standingIn(socket.data, meeting)).may('join');
  };

  return {
    onConnection(socket, ackDeps) {
      if (socket.recovered) {
        // Every view of the client follows again after a reconnect: the counts start over (the
        // memberships stay meanwhile, so nothing is missed).
        for (const h of Object.values(socket.data.meetingHolds ?? {})) h.joins = 0;
        for (const meetingId of socket.data.meetings) void announce(socket, meetingId, 'online');
      }

      // Rights changed (role, participants, confidentiality): a meeting the user may no longer be in is left at once.
      // Every hold is checked (joins and the live room), also those a restored connection brought back.
      watchAccess(socket, async ({ meetingId }) => {
        const held = new Set([...socket.data.meetings, ...Object.keys(socket.data.meetingHolds ?? {})]);
        for (const m of held) {
          if (meetingId && m !== meetingId) continue;
          if (await mayJoin(socket, m)) continue;
          await releaseMeeting(socket, m, 'room');
          await releaseMeeting(socket, m, 'join', true);
          if (socket.data.meetings.includes(m)) {
            socket.data.meetings = socket.data.meetings.filter((x) => x !== m);
            await announce(socket, m, 'offline');
          }
        }
      });

      socket.on(
        'meeting:join',
        withAck(ackDeps, socket, 'meeting:join', async (_ctx, { meetingId }) => {
          await accessFor(deps.store).require(socket.data, meetingId, 'join');
          // Several views of one tab may join the same meeting: each join is counted, and only the last leave counts.
          const first = await holdMeeting(socket, meetingId, 'join');
          if (first && !socket.data.meetings.includes(meetingId)) {
            socket.data.meetings = [...socket.data.meetings, meetingId];
            await announce(socket, meetingId, 'online');
          }
          return snapshot(meetingId);
        }),
      );

      socket.on(
        'meeting:leave',
        withAck(ackDeps, socket, 'meeting:leave', async (_ctx, { meetingId }) => {
          if (await releaseMeeting(socket, meetingId, 'join')) {
            socket.data.meetings = socket.data.meetings.filter((m) => m !== meetingId);
            await announce(socket, meetingId, 'offline');
          }
          return null;
        }),
      );

      socket.on('disconnect', () => {
        for (const meetingId of socket.data.meetings) void announce(socket, meetingId, 'offline');
      });
    },
  };
}
