import type { Core, ServerModule } from '../module.js';
import type { DocumentsModuleServices } from '../documents/documents.module.js';
import type { InvitationsModuleServices } from '../invitations/invitations.module.js';
import type { OfficialDocumentsService } from '../official-documents/official-documents.service.js';
import { MinutesApprovalFlow } from './minutes.approval.js';
import { MinutesDelivery } from './minutes.delivery.js';
import { minutesRouter } from './minutes.router.js';
import type { MinutesService } from './minutes.service.js';

/**
 * The minutes as an official document: its approval flow on the invitations' channels (job
 * queue, mailer, inbox) and the document library, as the conclusion notice's.
 */
export function createMinutesApproval(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access' | 'io' | 'bus'>,
  deps: {
    invitations: InvitationsModuleServices;
    documents: DocumentsModuleServices;
    officialDocuments: OfficialDocumentsService;
    minutes: MinutesService;
  },
): MinutesApprovalFlow {
  const d = {
    store: core.store,
    access: core.access,
    audit: core.audit,
    clock: core.clock,
    logger: core.logger.child({ component: 'minutes-approval' }),
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
  new MinutesDelivery(d);
  const flow = new MinutesApprovalFlow(d, deps.minutes);
  deps.minutes.useApproval(flow);
  return flow;
}

/**
 * The minutes of meetings (biên bản): REST state, versions and lock here; the text travels on the
 * annotations' `doc:*` socket handlers (layer `minutes`), which ask `services.minutes` for standings.
 */
export const minutesModule: ServerModule = {
  name: 'minutes',
  router: (ctx) =>
    minutesRouter({
      auth: ctx.auth,
      minutes: ctx.services.minutes,
      approval: ctx.services.minutesApproval,
    }),
  close: (ctx) => ctx.services.minutes.docs.close(),
};
