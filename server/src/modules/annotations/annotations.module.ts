import type { ModuleContext, ServerModule } from '../module.js';
import { AnnotationsService } from './annotations.service.js';
import { annotationsRouter } from './annotations.router.js';
import { annotationsSocket } from './annotations.socket.js';

const serviceOf = (ctx: ModuleContext) => ctx.services.get('annotations') as AnnotationsService;

/** Shared and private annotation layers of documents (Yjs over Socket.IO) and the annotated export. */
export const annotationsModule: ServerModule = {
  name: 'annotations',
  init(ctx) {
    ctx.services.set('annotations', new AnnotationsService(ctx));
  },
  router: (ctx) => annotationsRouter({ auth: ctx.auth, annotations: serviceOf(ctx) }),
  socket: (ctx) =>
    annotationsSocket({ annotations: serviceOf(ctx), logger: ctx.logger, clustered: !!ctx.config.redisUrl }),
  close: (ctx) => serviceOf(ctx).docs.close(),
};
