import { Router } from 'express';
import { conclusionsContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { ConclusionNoticeFlow } from './conclusions.notice.js';
import type { ConclusionsService } from './conclusions.service.js';

/** /api/meetings/:id/conclusions…: conclusions per agenda item and the conclusion notice. */
export function conclusionsRouter(deps: {
  auth: AuthService;
  conclusions: ConclusionsService;
  notice: ConclusionNoticeFlow;
}): Router {
  const router = Router();
  const auth = [requireAuth(deps.auth)];
  route(router, api.list, auth, ({ req, params }) => deps.conclusions.list(actorOf(req), params.id));
  // Declared before `/:itemId`, which would otherwise take "notice.pdf" as an item id (and refuse it).
  route(router, api.pdf, auth, async ({ req, res, params }) => {
    const { filename, bytes } = await deps.notice.pdf(actorOf(req), params.id);
    sendGeneratedPdf(req, res, bytes, filename);
  });
  route(router, api.act, auth, ({ req, params, body }) => deps.notice.act(actorOf(req), params.id, body));
  route(router, api.put, auth, ({ req, params, body }) =>
    deps.conclusions.put(actorOf(req), params.id, params.itemId, body),
  );
  return router;
}
