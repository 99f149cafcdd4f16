import type { ServerModule } from '../module.js';
import { minutesRouter } from './minutes.router.js';

/**
 * The minutes of meetings (biên bản): REST state, versions and lock here; the text travels on the
 * annotations' `doc:*` socket handlers (layer `minutes`), which ask `services.minutes` for standings.
 */
export const minutesModule: ServerModule = {
  name: 'minutes',
  router: (ctx) => minutesRouter({ auth: ctx.auth, minutes: ctx.services.minutes }),
  close: (ctx) => ctx.services.minutes.docs.close(),
};
