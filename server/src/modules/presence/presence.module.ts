import type { ServerModule } from '../module.js';
import { presenceModule as presenceSocket } from './presence.socket.js';

/** Who is online in a meeting (sockets only). */
export const presenceModule: ServerModule = {
  name: 'presence',
  socket: (ctx) => presenceSocket({ io: () => ctx.io, store: ctx.store, logger: ctx.logger }),
};
