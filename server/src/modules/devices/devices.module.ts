import type { ServerModule } from '../module.js';
import { devicesRouter } from './devices.router.js';
import { devicesSocket } from './devices.socket.js';

/**
 * Meeting-room tablets: pairing, the fleet page, PIN sign-in on a paired tablet, and the tablets'
 * reports. The tablets' socket handshake is the gateway's (`deviceToken`), set up in compose.ts.
 */
export const devicesModule: ServerModule = {
  name: 'devices',
  router: (ctx) =>
    devicesRouter({
      auth: ctx.auth,
      store: ctx.store,
      devices: ctx.services.devices.fleet,
      pins: ctx.services.devices.pins,
      secureCookie: ctx.config.session.secureCookie,
    }),
  socket: (ctx) => devicesSocket({ devices: ctx.services.devices.fleet, logger: ctx.logger }),
};
