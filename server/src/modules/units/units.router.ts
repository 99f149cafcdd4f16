import { Router } from 'express';
import { unitsContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requirePermission } from '../auth/auth.middleware.js';
import type { UnitsService } from './units.service.js';

/** /api/units. */
export function unitsRouter(deps: { auth: AuthService; units: UnitsService }): Router {
  const { units } = deps;
  const router = Router();
  router.use('/units', requireAuth(deps.auth));
  const mayManage = [requirePermission('units:manage')];
  route(router, api.list, [], async ({ req }) => ({ items: await units.list(actorOf(req)) }));
  route(router, api.create, mayManage, async ({ req, body }) => ({
    unit: await units.create(actorOf(req), body, ipOf(req)),
  }));
  route(router, api.update, mayManage, async ({ req, params, body }) => ({
    unit: await units.update(actorOf(req), params.id, body, ipOf(req)),
  }));
  return router;
}
