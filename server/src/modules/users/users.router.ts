import express, { Router } from 'express';
import { usersContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import { errors } from '../../errors.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requirePermission } from '../auth/auth.middleware.js';
import type { UsersService } from './users.service.js';

/** /api/users: administration of accounts. */
export function usersRouter(deps: { auth: AuthService; users: UsersService }): Router {
  const { users } = deps;
  const router = Router();
  router.use('/users', requireAuth(deps.auth));

  const read = [requirePermission('users:read')];
  const manage = [requirePermission('users:manage')];
  const csvText = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '5mb' });

  route(router, api.list, read, ({ req, query }) => users.list(actorOf(req), query));
  route(router, api.create, manage, ({ req, body }) => users.create(actorOf(req), body, ipOf(req)));
  route(router, api.importCsv, [...manage, csvText], ({ req }) => {
    if (typeof req.body !== 'string') throw errors.unsupportedMedia(req.headers['content-type'] ?? 'none');
    return users.importCsv(actorOf(req), req.body, ipOf(req));
  });
  route(router, api.get, read, async ({ req, params }) => ({
    user: await users.get(actorOf(req), params.id),
  }));
  route(router, api.update, manage, async ({ req, params, body }) => ({
    user: await users.update(actorOf(req), params.id, body, ipOf(req)),
  }));
  route(router, api.resetPassword, manage, ({ req, params, body }) =>
    users.resetPassword(actorOf(req), params.id, body, ipOf(req)),
  );
  route(router, api.listSessions, manage, async ({ req, params }) => ({
    items: await deps.auth.listSessions(actorOf(req), params.id),
  }));
  route(router, api.endSessions, manage, async ({ req, params }) => ({
    ended: await deps.auth.endSessions(actorOf(req), params.id, null, ipOf(req)),
  }));
  route(router, api.endSession, manage, async ({ req, params }) => {
    await deps.auth.endSessions(actorOf(req), params.id, params.sessionId, ipOf(req));
  });
  route(router, api.resetSecondFactor, manage, async ({ req, params }) => {
    const ended = await deps.auth.secondFactor.reset(actorOf(req), params.id, ipOf(req));
    if (ended) deps.auth.onSessionsEnded(params.id);
  });

  return router;
}
