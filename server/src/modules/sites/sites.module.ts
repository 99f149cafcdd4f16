import type { ServerModule } from '../module.js';
import { sitesRouter } from './sites.router.js';
import { sitesSocket } from './sites.socket.js';

/**
 * Sites (điểm cầu) and online briefings: the site tree and its CSV import, the sites linked to a
 * meeting, each site's roll-call, and the live roll-up across server processes.
 */
export const sitesModule: ServerModule = {
  name: 'sites',
  router: (ctx) =>
    sitesRouter({ auth: ctx.auth, sites: ctx.services.sites, briefing: ctx.services.briefing }),
  socket: (ctx) => sitesSocket({ access: ctx.access, briefing: ctx.services.briefing }),
  close: (ctx) => ctx.services.briefing.close(),
};
