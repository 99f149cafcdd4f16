import { Router } from 'express';
import { authContract as api } from '@icabinet/shared';
import { route } from '../../http/route.js';

/** GET /api/health: liveness plus which store is in use. */
export function healthRouter(deps: { storeKind: 'sqlite' | 'mongo'; version: string }): Router {
  const router = Router();
  route(router, api.health, [], () =>
    Promise.resolve({ ok: true, store: deps.storeKind, version: deps.version }),
  );
  return router;
}
