import type { ServerModule } from '../module.js';
import { searchRouter } from './search.router.js';

/** Search over meetings, agenda items and document text (indexed by search.subscriber.ts). */
export const searchModule: ServerModule = {
  name: 'search',
  router: (ctx) => searchRouter({ auth: ctx.auth, search: ctx.services.search }),
};
