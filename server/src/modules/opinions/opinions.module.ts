import type { Core, ServerModule } from '../module.js';
import type { DocumentsModuleServices } from '../documents/documents.module.js';
import type { InvitationsModuleServices } from '../invitations/invitations.module.js';
import { opinionPages } from './opinion-page.js';
import { OpinionsDelivery } from './opinions.delivery.js';
import { OpinionsReports } from './opinions.reports.js';
import { opinionsRouter } from './opinions.router.js';
import { OpinionsService } from './opinions.service.js';

/** The written-opinion module's parts, built in src/compose.ts. */
export interface OpinionsModuleServices {
  service: OpinionsService;
  delivery: OpinionsDelivery;
  reports: OpinionsReports;
}

/**
 * Builds the services on the channels invitations already have: the persisted job queue, the
 * mailer (SMTP or outbox), the in-app inbox and the personal-link signer (LINK_SECRET).
 */
export function createOpinions(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'io' | 'access'>,
  invitations: InvitationsModuleServices,
  documents: DocumentsModuleServices,
): OpinionsModuleServices {
  const deps = {
    store: core.store,
    access: core.access,
    audit: core.audit,
    clock: core.clock,
    logger: core.logger.child({ component: 'opinions' }),
    jobs: invitations.jobs,
    mailer: invitations.mailer,
    inApp: invitations.inbox,
    links: invitations.links,
    io: core.io,
    blobs: documents.library.blobs,
    settings: {
      publicUrl: invitations.publicUrl,
      organisation: core.config.invitations.organisation,
      reminderMinutes: core.config.opinions.reminderMinutes,
    },
  };
  const delivery = new OpinionsDelivery(deps);
  const service = new OpinionsService(deps, delivery);
  return { service, delivery, reports: new OpinionsReports(deps, service) };
}

/** Written opinions between meetings (issue 13 item 6): REST routes and the page behind each personal link. */
export const opinionsModule: ServerModule = {
  name: 'opinions',
  router: (ctx) =>
    opinionsRouter({
      auth: ctx.auth,
      opinions: ctx.services.opinions.service,
      reports: ctx.services.opinions.reports,
    }),
  pages: (ctx) =>
    opinionPages({
      opinions: ctx.services.opinions.service,
      allowedOrigins: () => (ctx.config.publicUrl ? [new URL(ctx.config.publicUrl).origin] : []),
    }),
};
