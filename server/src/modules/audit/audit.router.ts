import { Router } from 'express';
import { auditContract as api } from '@icabinet/shared';
import { actorOf, ipOf, langOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import type { AuditService } from './audit.service.js';
import type { Store } from '../../store/port.js';
import { exportAuditCsv, toStoreFilter } from './audit.export.js';

/** /api/audit (administrators only): search, export, verify. */
export function auditRouter(deps: {
  auth: AuthService;
  audit: AuditService;
  store: Store;
  clock: Clock;
}): Router {
  const router = Router();
  router.use('/audit', requireAuth(deps.auth), requireRole('admin'));
  route(router, api.list, [], ({ req, query }) => {
    actorOf(req);
    const { limit, offset, ...filter } = query;
    return deps.store.audit.listRecent(limit, offset, toStoreFilter(filter));
  });
  route(router, api.verify, [], () => deps.audit.verify());
  route(router, api.exportCsv, [], async ({ req, res, query }) => {
    const { lang, ...filter } = query;
    const { filename, body } = await exportAuditCsv(
      deps,
      actorOf(req),
      filter,
      lang ?? langOf(req),
      ipOf(req),
    );
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
      .send(body);
  });
  return router;
}
