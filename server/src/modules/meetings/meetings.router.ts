import { Router } from 'express';
import { meetingsContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requirePermission } from '../auth/auth.middleware.js';
import type { MeetingsService } from './meetings.service.js';

/**
 * /api/meetings. `meeting:create` is a system-level permission checked up front; everything
 * about one meeting (view, edit) is decided by the meeting-access policy (server/src/access) in
 * the service, which knows the caller's role in that meeting.
 */
export function meetingsRouter(deps: { auth: AuthService; meetings: MeetingsService }): Router {
  const { meetings } = deps;
  const router = Router();
  router.use('/meetings', requireAuth(deps.auth));
  const mayCreate = [requirePermission('meeting:create')];

  route(router, api.list, [], ({ req, query }) => meetings.list(actorOf(req), query));
  route(router, api.create, mayCreate, ({ req, body }) => meetings.create(actorOf(req), body));
  route(router, api.get, [], ({ req, params }) => meetings.get(actorOf(req), params.id));
  route(router, api.update, [], ({ req, params, body }) => meetings.update(actorOf(req), params.id, body));
  route(router, api.setStatus, [], ({ req, params, body }) =>
    meetings.changeStatus(actorOf(req), params.id, body),
  );
  route(router, api.clone, mayCreate, ({ req, params, body }) =>
    meetings.clone(actorOf(req), params.id, body),
  );

  return router;
}
