import { voteControlRoom } from '@icabinet/shared';
import type { SocketModule } from '../../realtime/gateway.js';
import { withAck } from '../../realtime/with-ack.js';
import { holdMeeting, releaseMeeting, watchAccess } from '../../realtime/live-access.js';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { VotesService } from './votes.service.js';

/** Socket commands of votes: follow (`vote:join`), the chair's controls, and ballots. */
export function votesSocket(deps: { votes: VotesService; access: MeetingAccess }): SocketModule {
  const { votes } = deps;
  return {
    onConnection(socket, ackDeps) {
      /** Meetings whose votes this socket follows. */
      const following = new Set<string>();

      // Rights changed: a socket that may no longer follow the meeting leaves it, and one that
      // no longer organises it stops hearing who has not voted.
      watchAccess(socket, async ({ meetingId }) => {
        for (const m of [...following]) {
          if (meetingId && m !== meetingId) continue;
          const meeting = await deps.access.standing(socket.data, m).catch(() => null);
          if (!meeting?.may('join')) {
            following.delete(m);
            await socket.leave(voteControlRoom(m));
            await releaseMeeting(socket, m, 'room');
          } else if (!meeting.may('runVotes')) {
            await socket.leave(voteControlRoom(m));
          }
        }
      });

      socket.on(
        'vote:join',
        withAck(ackDeps, socket, 'vote:join', async (_c, { meetingId }) => {
          const { ack, organiser } = await votes.join(socket.data, meetingId);
          await holdMeeting(socket, meetingId, 'room');
          following.add(meetingId);
          if (organiser) await socket.join(voteControlRoom(meetingId));
          return ack;
        }),
      );
      socket.on(
        'vote:open',
        withAck(ackDeps, socket, 'vote:open', (_c, { meetingId, voteId }) =>
          votes.control.open(socket.data, meetingId, voteId),
        ),
      );
      socket.on(
        'vote:close',
        withAck(ackDeps, socket, 'vote:close', (_c, { meetingId, voteId }) =>
          votes.control.close(socket.data, meetingId, voteId),
        ),
      );
      socket.on(
        'vote:annul',
        withAck(ackDeps, socket, 'vote:annul', (_c, input) =>
          votes.control.annul(socket.data, input, socket.handshake.address || null),
        ),
      );
      socket.on(
        'vote:cast',
        withAck(ackDeps, socket, 'vote:cast', (_c, input) => votes.cast(socket.data, input)),
      );
    },
  };
}
