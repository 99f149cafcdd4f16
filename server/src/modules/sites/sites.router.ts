import express, { Router } from 'express';
import { briefingContract as briefing, sitesContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import { errors } from '../../errors.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { BriefingService } from './briefing.service.js';
import type { SitesService } from './sites.service.js';

/** /api/sites and /api/meetings/:id/sites. Who may do what is decided in the services. */
export function sitesRouter(deps: {
  auth: AuthService;
  sites: SitesService;
  briefing: BriefingService;
}): Router {
  const { sites, briefing: briefings } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];
  const csvText = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '5mb' });

  route(router, api.list, auth, async () => ({ items: await sites.list() }));
  route(router, api.mine, auth, async ({ req }) => ({ items: await sites.mine(actorOf(req)) }));
  route(router, api.importCsv, [...auth, csvText], ({ req }) => {
    if (typeof req.body !== 'string') throw errors.unsupportedMedia(req.headers['content-type'] ?? 'none');
    return sites.importCsv(actorOf(req), req.body, ipOf(req));
  });
  route(router, api.update, auth, async ({ req, params, body }) => ({
    site: await sites.update(actorOf(req), params.id, body, ipOf(req)),
  }));

  route(router, briefing.sites, auth, ({ req, params }) => briefings.view(actorOf(req), params.id));
  route(router, briefing.link, auth, ({ req, params, body }) =>
    briefings.link(actorOf(req), params.id, body, ipOf(req)),
  );
  route(router, briefing.report, auth, async ({ req, params, body }) => ({
    report: await briefings.report(actorOf(req), params.id, params.siteId, body, ipOf(req)),
  }));
  return router;
}
