import { meetingRoom, socketContract, type RoomPointer } from '@icabinet/shared';
import type { Logger } from '../../logger.js';
import type { SocketModule } from '../../realtime/gateway.js';
import type { IoServer, IoSocket } from '../../realtime/types.js';
import { sharedAck, withAck, type AckDeps, type SharedListener } from '../../realtime/with-ack.js';
import { holdMeeting, releaseMeeting, watchAccess } from '../../realtime/live-access.js';
import { AppError, errors } from '../../errors.js';
import { PointerThrottle } from './pointer-throttle.js';
import type { RoomCaller, RoomService, RoomStanding } from './room.service.js';

/** About 15 pointer broadcasts per second per socket. */
export const POINTER_INTERVAL_MS = Math.round(1000 / 15);

const callerOf = (socket: IoSocket): RoomCaller => ({
  userId: socket.data.userId,
  fullName: socket.data.fullName,
  systemRole: socket.data.systemRole,
  sessionId: socket.data.sessionId,
  ip: socket.handshake.address,
});

/** A viewer screen may follow only the meeting of its link. */
function viewerMeeting(socket: IoSocket, meetingId: string): string {
  if (socket.data.viewer?.meetingId !== meetingId) throw errors.forbidden('viewer_link_other_meeting');
  return meetingId;
}

/**
 * Socket handlers of the live room: join, sync, commands and the volatile pointer. A viewer
 * screen (viewer link) gets only join and sync (`onViewer`), served from the room held in memory,
 * and hears the same `room:changed` broadcast as everyone; the gateway refuses its commands.
 */
export function roomSocket(deps: { io: () => IoServer; rooms: RoomService; logger: Logger }): SocketModule {
  /** A viewer screen's `room:join` and `room:sync`: made once, shared by every screen. */
  let viewer: { join: SharedListener; sync: SharedListener } | null = null;
  const viewerHandlers = (ackDeps: AckDeps) =>
    (viewer ??= {
      // A screen follows its link's meeting for as long as it lives: no hold to count or give up.
      join: sharedAck(ackDeps, 'room:join', async ({ socket }, { meetingId }) => {
        const snapshot = await deps.rooms.viewerSnapshot(viewerMeeting(socket, meetingId));
        await socket.join(meetingRoom(meetingId));
        return snapshot;
      }),
      sync: sharedAck(ackDeps, 'room:sync', async ({ socket }, { meetingId, lastSeq }) => {
        const ack = await deps.rooms.viewerSync(viewerMeeting(socket, meetingId), lastSeq);
        await socket.join(meetingRoom(meetingId));
        return ack;
      }),
    });
  return {
    onViewer(socket, ackDeps) {
      // A viewer screen follows the room and nothing else: no commands, no pointer, no standing.
      const { join, sync } = viewerHandlers(ackDeps);
      socket.on('room:join', join);
      socket.on('room:sync', sync);
    },
    onServer(io) {
      // Other processes' room changes keep this process's in-memory rooms current (Redis only).
      io.on('room:applied', (payload) => deps.rooms.remoteChange(payload.changed, payload.op));
    },
    onConnection(socket, ackDeps) {
      /** Meetings this socket follows, with the caller's standing there (for the pointer check). */
      const joined = new Map<string, RoomStanding>();
      const pointers = new Map<string, PointerThrottle<RoomPointer>>();

      // Rights changed: the standing (pointer) is taken again, and a room the user may no longer follow is left.
      watchAccess(socket, async ({ meetingId }) => {
        for (const m of [...joined.keys()]) {
          if (meetingId && m !== meetingId) continue;
          try {
            const again = await deps.rooms.join(callerOf(socket), m);
            joined.set(m, { access: again.access, participantId: again.participantId });
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            joined.delete(m);
            pointers.get(m)?.stop();
            pointers.delete(m);
            await releaseMeeting(socket, m, 'room');
          }
        }
      });

      socket.on(
        'room:join',
        withAck(ackDeps, socket, 'room:join', async (_ctx, { meetingId }) => {
          const { snapshot, ...standing } = await deps.rooms.join(callerOf(socket), meetingId);
          await holdMeeting(socket, meetingId, 'room');
          joined.set(meetingId, standing);
          return snapshot;
        }),
      );

      socket.on(
        'room:sync',
        withAck(ackDeps, socket, 'room:sync', async (_ctx, { meetingId, lastSeq }) => {
          const { ack, ...standing } = await deps.rooms.sync(callerOf(socket), meetingId, lastSeq);
          // After a long drop the socket is new: following resumes with the sync.
          await holdMeeting(socket, meetingId, 'room');
          joined.set(meetingId, standing);
          return ack;
        }),
      );

      socket.on(
        'room:command',
        withAck(ackDeps, socket, 'room:command', (_ctx, input) =>
          deps.rooms.command(callerOf(socket), input),
        ),
      );

      // Volatile and unacknowledged: a dropped pointer move is harmless and the next one corrects it.
      socket.on('room:pointer', (payload: unknown) => {
        const parsed = socketContract['room:pointer'].input.safeParse(payload);
        if (!parsed.success) return;
        const { meetingId } = parsed.data;
        const standing = joined.get(meetingId);
        if (!standing) return;
        void deps.rooms.mayPoint(meetingId, standing).then((allowed) => {
          if (!allowed) return;
          let throttle = pointers.get(meetingId);
          if (!throttle) {
            throttle = new PointerThrottle<RoomPointer>(POINTER_INTERVAL_MS, (p) =>
              socket.to(meetingRoom(meetingId)).volatile.emit('room:pointer', p),
            );
            pointers.set(meetingId, throttle);
          }
          throttle.push({ ...parsed.data, userId: socket.data.userId });
        });
      });

      socket.on('disconnect', () => {
        for (const t of pointers.values()) t.stop();
        pointers.clear();
      });
    },
  };
}
