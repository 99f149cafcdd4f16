import { Router } from 'express';
import type { Health } from '@icabinet/shared';

/** GET /api/health: liveness plus which store is in use. */
export function healthRouter(deps: { storeKind: 'sqlite' | 'mongo'; version: string }): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const body: Health = { ok: true, store: deps.storeKind, version: deps.version };
    res.json(body);
  });
  return router;
}
