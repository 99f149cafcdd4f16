import { Router } from 'express';
import { opinionsContract as api } from '@icabinet/shared';
import { actorOf, ipOf, langOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { OpinionsReports } from './opinions.reports.js';
import type { OpinionsService } from './opinions.service.js';

/** /api/meetings/:id/opinions and /api/opinions/…: written opinions between meetings. */
export function opinionsRouter(deps: {
  auth: AuthService;
  opinions: OpinionsService;
  reports: OpinionsReports;
}): Router {
  const { opinions, reports } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  // `/opinions/mine` before `/opinions/:id`.
  route(router, api.mine, auth, async ({ req }) => ({ items: await opinions.mine(actorOf(req)) }));
  route(router, api.answer, auth, ({ req, params, body }) =>
    opinions.answerAsUser(actorOf(req), params.id, body, ipOf(req)),
  );

  route(router, api.forMeeting, auth, async ({ req, params }) => ({
    items: await opinions.listForMeeting(actorOf(req), params.id),
  }));
  route(router, api.create, auth, async ({ req, params, body }) => ({
    request: await opinions.create(actorOf(req), params.id, body, ipOf(req)),
  }));
  route(router, api.get, auth, ({ req, params }) => opinions.get(actorOf(req), params.id));
  route(router, api.update, auth, async ({ req, params, body }) => ({
    request: await opinions.update(actorOf(req), params.id, body, ipOf(req)),
  }));
  route(router, api.remove, auth, ({ req, params, query }) =>
    opinions.remove(actorOf(req), params.id, query.version, ipOf(req)),
  );
  route(router, api.send, auth, async ({ req, params }) => ({
    request: await opinions.send(actorOf(req), params.id, ipOf(req)),
  }));
  route(router, api.respond, auth, async ({ req, params, body }) => ({
    recipient: await opinions.respond(actorOf(req), params.id, body, ipOf(req)),
  }));
  route(router, api.csv, auth, async ({ req, res, params }) => {
    const { filename, body } = await reports.csv(actorOf(req), params.id, langOf(req));
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
      .send(body);
  });
  route(router, api.pdf, auth, async ({ req, res, params }) => {
    const { filename, bytes } = await reports.pdf(actorOf(req), params.id);
    sendGeneratedPdf(req, res, bytes, filename);
  });
  return router;
}
