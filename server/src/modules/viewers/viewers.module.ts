import type { ServerModule } from '../module.js';
import { viewersRouter } from './viewers.router.js';

/**
 * Viewer links (liên kết theo dõi): screens that follow a meeting read-only without an account.
 * The socket side is the gateway's viewer handshake, `withAck`'s refusal of every event but
 * `VIEWER_EVENTS`, and the room's and annotations' viewer paths.
 */
export const viewersModule: ServerModule = {
  name: 'viewers',
  router: (ctx) => viewersRouter({ auth: ctx.auth, viewers: ctx.services.viewers }),
};
