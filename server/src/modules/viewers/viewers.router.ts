import { Router } from 'express';
import { viewersContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendStoredPdf } from '../documents/documents.file.js';
import type { ViewersService } from './viewers.service.js';

/** /api/meetings/:id/viewer-links (signed in) and /api/view/:token (the link's token, no account). */
export function viewersRouter(deps: { auth: AuthService; viewers: ViewersService }): Router {
  const { viewers } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.list, auth, ({ req, params }) => viewers.list(actorOf(req), params.id));
  route(router, api.create, auth, ({ req, params, body }) =>
    viewers.create(actorOf(req), params.id, body, ipOf(req)),
  );
  route(router, api.revoke, auth, ({ req, params }) =>
    viewers.revoke(actorOf(req), params.id, params.linkId, ipOf(req)),
  );
  route(router, api.info, [], ({ res, params }) => {
    // A screen without an account: nothing of the meeting is kept by a shared cache.
    res.set('Cache-Control', 'no-store');
    return viewers.info(params.token);
  });
  route(router, api.file, [], async ({ req, res, params }) => {
    const file = await viewers.file(params.token, params.documentId);
    await sendStoredPdf(req, res, { ...file, kind: file.disposition });
  });
  return router;
}
