import { Router } from 'express';
import { searchContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { SearchService } from './search.service.js';

/** /api/search: one box over meeting titles, agenda items and document text. */
export function searchRouter(deps: { auth: AuthService; search: SearchService }): Router {
  const router = Router();
  // Visibility is decided per meeting (authorize via the store's `meeting:view` filter) and
  // per document (`document:open`) inside the service.
  route(router, api.search, [requireAuth(deps.auth)], ({ req, query }) =>
    deps.search.search(actorOf(req), query),
  );
  return router;
}
