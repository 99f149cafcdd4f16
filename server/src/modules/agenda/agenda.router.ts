import { Router } from 'express';
import { agendaContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { AgendaService } from './agenda.service.js';

/** /api/meetings/:id/agenda; `meeting:view` / `meeting:edit` decided in the service. */
export function agendaRouter(deps: { auth: AuthService; agenda: AgendaService }): Router {
  const { agenda } = deps;
  const router = Router();
  router.use('/meetings/:id/agenda', requireAuth(deps.auth));

  route(router, api.get, [], ({ req, params }) => agenda.get(actorOf(req), params.id));
  route(router, api.revisions, [], ({ req, params }) => agenda.revisions(actorOf(req), params.id));
  route(router, api.add, [], ({ req, params, body }) => agenda.create(actorOf(req), params.id, body));
  route(router, api.update, [], ({ req, params, body }) =>
    agenda.update(actorOf(req), params.id, params.itemId, body),
  );
  route(router, api.remove, [], ({ req, params, query }) =>
    agenda.remove(actorOf(req), params.id, params.itemId, query.agendaVersion),
  );
  route(router, api.reorder, [], ({ req, params, body }) => agenda.reorder(actorOf(req), params.id, body));

  return router;
}
