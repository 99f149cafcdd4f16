import { Router } from 'express';
import { z } from 'zod';
import { Id, UnitCreateInput, UnitUpdateInput } from '@icabinet/shared';
import { actorOf, ipOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requirePermission } from '../auth/auth.middleware.js';
import type { UnitsService } from './units.service.js';

const IdParams = z.object({ id: Id });

/** /api/units. */
export function unitsRouter(deps: { auth: AuthService; units: UnitsService }): Router {
  const { units } = deps;
  const router = Router();
  router.use('/units', requireAuth(deps.auth));
  router.get('/units', async (req, res) => {
    res.json({ items: await units.list(actorOf(req)) });
  });
  router.post('/units', requirePermission('units:manage'), async (req, res) => {
    res
      .status(201)
      .json({ unit: await units.create(actorOf(req), parse(UnitCreateInput, req.body), ipOf(req)) });
  });
  router.patch('/units/:id', requirePermission('units:manage'), async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json({ unit: await units.update(actorOf(req), id, parse(UnitUpdateInput, req.body), ipOf(req)) });
  });
  return router;
}
