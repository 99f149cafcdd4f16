import type { ServerModule } from '../module.js';
import { auditRouter } from './audit.router.js';

/** The audit log's admin routes; the service itself is core (every module records into it). */
export const auditModule: ServerModule = {
  name: 'audit',
  router: (ctx) => auditRouter({ auth: ctx.auth, audit: ctx.audit, store: ctx.store, clock: ctx.clock }),
  close: (ctx) => ctx.audit.stopAnchoring(),
};
