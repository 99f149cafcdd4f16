import { Router } from 'express';
import { SearchQuery } from '@icabinet/shared';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { SearchService } from './search.service.js';

/** /api/search: one box over meeting titles, agenda items and document text. */
export function searchRouter(deps: { auth: AuthService; search: SearchService }): Router {
  const router = Router();
  // Visibility is decided per meeting (authorize via the store's `meeting:view` filter) and
  // per document (`document:open`) inside the service.
  router.get('/search', requireAuth(deps.auth), async (req, res) => {
    res.json(await deps.search.search(actorOf(req), parse(SearchQuery, req.query)));
  });
  return router;
}
