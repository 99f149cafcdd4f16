import type { ServerModule } from '../module.js';
import { presenceModule as presenceSocket } from './presence.socket.js';

/**
 * Who is online in a meeting (sockets only). When a meeting's participants, details or status
 * change, src/compose.ts tells the gateway, and every process re-checks which of its sockets may
 * still follow that meeting's rooms (the handler is registered here, with `watchAccess`).
 */
export const presenceModule: ServerModule = {
  name: 'presence',
  socket: (ctx) => presenceSocket({ io: () => ctx.io, store: ctx.store, logger: ctx.logger }),
};
