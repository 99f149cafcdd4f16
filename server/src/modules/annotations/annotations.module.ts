import type { ServerModule } from '../module.js';
import { annotationsRouter } from './annotations.router.js';
import { annotationsSocket } from './annotations.socket.js';

/** Shared and private annotation layers of documents (Yjs over Socket.IO) and the annotated export. */
export const annotationsModule: ServerModule = {
  name: 'annotations',
  router: (ctx) => annotationsRouter({ auth: ctx.auth, annotations: ctx.services.annotations }),
  socket: (ctx) =>
    annotationsSocket({
      annotations: ctx.services.annotations,
      logger: ctx.logger,
      clustered: !!ctx.config.redisUrl,
      shownDocument: (meetingId) => ctx.services.room.shownDocument(meetingId),
      minutes: ctx.services.minutes,
    }),
  close: (ctx) => ctx.services.annotations.docs.close(),
};
