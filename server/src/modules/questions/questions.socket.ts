import { questionsModeratorRoom, siteQuestionsRoom } from '@icabinet/shared';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { SocketModule } from '../../realtime/gateway.js';
import { watchAccess } from '../../realtime/live-access.js';
import type { IoSocket } from '../../realtime/types.js';
import { withAck } from '../../realtime/with-ack.js';
import type { QuestionActor, QuestionsService } from './questions.service.js';

const actorOf = (socket: IoSocket): QuestionActor => ({
  userId: socket.data.userId,
  systemRole: socket.data.systemRole,
  ip: socket.handshake.address,
});

/**
 * Questions from sites: `question:ask`, `question:withdraw` and `question:follow` from a site's
 * operator screen; `question:watch` and `question:moderate` from the chair's console. A viewer
 * screen has none of them: the gateway refuses them (`refuseViewerEvent`).
 */
export function questionsSocket(deps: { access: MeetingAccess; questions: QuestionsService }): SocketModule {
  return {
    onConnection(socket, ackDeps) {
      const watching = new Set<string>();

      socket.on(
        'question:ask',
        withAck(ackDeps, socket, 'question:ask', (_ctx, input) => deps.questions.ask(actorOf(socket), input)),
      );
      socket.on(
        'question:withdraw',
        withAck(ackDeps, socket, 'question:withdraw', (_ctx, { meetingId, questionId }) =>
          deps.questions.withdraw(actorOf(socket), meetingId, questionId),
        ),
      );
      socket.on(
        'question:follow',
        withAck(ackDeps, socket, 'question:follow', async (_ctx, { meetingId, siteId }) => {
          const mine = await deps.questions.ofSite(socket.data, meetingId, siteId);
          await socket.join(siteQuestionsRoom(meetingId, siteId));
          return mine;
        }),
      );
      socket.on(
        'question:watch',
        withAck(ackDeps, socket, 'question:watch', async (_ctx, { meetingId }) => {
          // Reading the queue stays possible after the end (to answer late questions in writing).
          await deps.access.require(socket.data, meetingId, 'organise');
          await socket.join(questionsModeratorRoom(meetingId));
          watching.add(meetingId);
          return deps.questions.queue(meetingId);
        }),
      );
      socket.on(
        'question:moderate',
        withAck(ackDeps, socket, 'question:moderate', (_ctx, input) =>
          deps.questions.moderate(actorOf(socket), input),
        ),
      );

      // Rights changed: a queue the user may no longer moderate is left at once.
      watchAccess(socket, async ({ meetingId }) => {
        for (const m of [...watching]) {
          if (meetingId && m !== meetingId) continue;
          const standing = await deps.access.standing(socket.data, m).catch(() => null);
          if (standing?.decide('organise').allow) continue;
          watching.delete(m);
          await socket.leave(questionsModeratorRoom(m));
        }
      });
    },
  };
}
