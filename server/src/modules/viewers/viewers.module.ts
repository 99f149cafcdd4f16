import type { ServerModule } from '../module.js';
import { viewersRouter } from './viewers.router.js';

/**
 * Viewer links (liên kết theo dõi): screens that follow a meeting read-only without an account.
 * The socket side is the gateway's viewer handshake and its refusal of every event but
 * `VIEWER_EVENTS`, and the modules' `onViewer` (room, annotations, sites): a viewer screen's
 * socket gets only those listeners, shared by all screens.
 */
export const viewersModule: ServerModule = {
  name: 'viewers',
  router: (ctx) => viewersRouter({ auth: ctx.auth, viewers: ctx.services.viewers }),
};
