import type { Core, ServerModule } from '../module.js';
import type { DocumentsModuleServices } from '../documents/documents.module.js';
import type { InvitationsModuleServices } from '../invitations/invitations.module.js';
import type { OfficialDocumentsService } from '../official-documents/official-documents.service.js';
import { NoticeDelivery } from './conclusions.delivery.js';
import { ConclusionNoticeFlow } from './conclusions.notice.js';
import { conclusionsRouter } from './conclusions.router.js';
import { ConclusionsService } from './conclusions.service.js';

/** The conclusions module's parts, built in src/compose.ts. */
export interface ConclusionsModuleServices {
  service: ConclusionsService;
  notice: ConclusionNoticeFlow;
}

/** Builds the services on the invitations' channels (job queue, mailer, inbox) and the document library. */
export function createConclusions(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access' | 'io' | 'bus'>,
  deps: {
    invitations: InvitationsModuleServices;
    documents: DocumentsModuleServices;
    officialDocuments: OfficialDocumentsService;
  },
): ConclusionsModuleServices {
  const d = {
    store: core.store,
    access: core.access,
    audit: core.audit,
    clock: core.clock,
    logger: core.logger.child({ component: 'conclusions' }),
    officialDocuments: deps.officialDocuments,
    intake: deps.documents.intake,
    blobs: deps.documents.library.blobs,
    jobs: deps.invitations.jobs,
    mailer: deps.invitations.mailer,
    inApp: deps.invitations.inbox,
    io: core.io,
    bus: core.bus,
    settings: {
      ...core.config.officialDocuments,
      organisation: core.config.invitations.organisation,
      publicUrl: deps.invitations.publicUrl,
    },
  };
  new NoticeDelivery(d);
  const service = new ConclusionsService(d);
  return { service, notice: new ConclusionNoticeFlow(d, service) };
}

/** Conclusions per agenda item and the conclusion notice's approval (issue 14 items 2–3). */
export const conclusionsModule: ServerModule = {
  name: 'conclusions',
  router: (ctx) =>
    conclusionsRouter({
      auth: ctx.auth,
      conclusions: ctx.services.conclusions.service,
      notice: ctx.services.conclusions.notice,
    }),
};
