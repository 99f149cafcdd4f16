import { authorize, meetingRoom, type OnlineUser, type PresenceSnapshot } from '@icabinet/shared';
import type { Store } from '../../store/port.js';
import type { Logger } from '../../logger.js';
import { errors } from '../../errors.js';
import type { IoServer, IoSocket } from '../../realtime/types.js';
import type { SocketModule } from '../../realtime/gateway.js';
import { withAck } from '../../realtime/with-ack.js';

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

  return {
    onConnection(socket, ackDeps) {
      if (socket.recovered) {
        for (const meetingId of socket.data.meetings) void announce(socket, meetingId, 'online');
      }

      socket.on(
        'meeting:join',
        withAck(ackDeps, socket, 'meeting:join', async (_ctx, { meetingId }) => {
          const meeting = await deps.store.meetings.getById(meetingId);
          if (!meeting) throw errors.notFound('meeting_not_found');
          const participant = await deps.store.participants.getByMeetingAndUser(
            meetingId,
            socket.data.userId,
          );
          const allowed = authorize(
            { systemRole: socket.data.systemRole, meetingRole: participant?.role ?? null },
            'meeting:join',
            { confidentiality: meeting.confidentiality },
          );
          if (!allowed) throw errors.forbidden('not_participant');
          if (!socket.data.meetings.includes(meetingId)) {
            await socket.join(meetingRoom(meetingId));
            socket.data.meetings = [...socket.data.meetings, meetingId];
            await announce(socket, meetingId, 'online');
          }
          return snapshot(meetingId);
        }),
      );

      socket.on(
        'meeting:leave',
        withAck(ackDeps, socket, 'meeting:leave', async (_ctx, { meetingId }) => {
          if (socket.data.meetings.includes(meetingId)) {
            await socket.leave(meetingRoom(meetingId));
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
