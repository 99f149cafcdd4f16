import { Router } from 'express';
import { auditContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import type { AuditService } from './audit.service.js';
import type { Store } from '../../store/port.js';

/** /api/audit (administrators only). */
export function auditRouter(deps: { auth: AuthService; audit: AuditService; store: Store }): Router {
  const router = Router();
  router.use('/audit', requireAuth(deps.auth), requireRole('admin'));
  route(router, api.list, [], ({ req, query }) => {
    actorOf(req);
    return deps.store.audit.listRecent(query.limit, query.offset, query.action);
  });
  route(router, api.verify, [], () => deps.audit.verify());
  return router;
}
