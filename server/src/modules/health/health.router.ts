import { Router } from 'express';
import { authContract as api, DESKTOP_BUNDLE_ORIGIN } from '@icabinet/shared';
import { route } from '../../http/route.js';

/**
 * GET /api/health: liveness plus which store is in use. The desktop shell's address screen runs on
 * `app://bundle` and checks a typed address here before saving it, so this one public, read-only,
 * cookie-less answer may be read by that origin (CORS without credentials). No other route is.
 */
export function healthRouter(deps: { storeKind: 'sqlite' | 'mongo'; version: string }): Router {
  const router = Router();
  router.use('/health', (req, res, next) => {
    res.vary('Origin');
    if (req.headers.origin === DESKTOP_BUNDLE_ORIGIN)
      res.set('Access-Control-Allow-Origin', DESKTOP_BUNDLE_ORIGIN);
    next();
  });
  route(router, api.health, [], () =>
    Promise.resolve({ ok: true, store: deps.storeKind, version: deps.version }),
  );
  return router;
}
