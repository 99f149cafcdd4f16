import { Router } from 'express';
import { z } from 'zod';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import type { AuditService } from './audit.service.js';
import type { Store } from '../../store/port.js';

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** /api/audit (administrators only). */
export function auditRouter(deps: { auth: AuthService; audit: AuditService; store: Store }): Router {
  const router = Router();
  router.use('/audit', requireAuth(deps.auth), requireRole('admin'));
  router.get('/audit', async (req, res) => {
    actorOf(req);
    const { limit, offset } = parse(ListQuery, req.query);
    res.json(await deps.store.audit.listRecent(limit, offset));
  });
  router.get('/audit/verify', async (_req, res) => {
    res.json(await deps.audit.verify());
  });
  return router;
}
