import type { ServerModule } from '../module.js';
import { SearchService } from './search.service.js';
import { searchRouter } from './search.router.js';

/** Search over meetings, agenda items and document text; exposes the indexer as `search`. */
export const searchModule: ServerModule = {
  name: 'search',
  init(ctx) {
    ctx.services.set('search', new SearchService(ctx.store, ctx.logger));
  },
  router: (ctx) => searchRouter({ auth: ctx.auth, search: ctx.services.get('search') as SearchService }),
};
