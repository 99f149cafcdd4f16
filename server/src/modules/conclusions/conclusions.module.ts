import type { Core, ServerModule } from '../module.js';
import { NoticeDelivery } from './conclusions.delivery.js';
import { ConclusionNoticeFlow } from './conclusions.notice.js';
import { conclusionsRouter } from './conclusions.router.js';
import { ConclusionsService } from './conclusions.service.js';
import { officialFlowDeps, type OfficialFlowParts } from './conclusions.shared.js';

/** The conclusions module's parts, built in src/compose.ts. */
export interface ConclusionsModuleServices {
  service: ConclusionsService;
  notice: ConclusionNoticeFlow;
}

/** Builds the services on the invitations' channels (job queue, mailer, inbox) and the document library. */
export function createConclusions(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access' | 'io' | 'bus'>,
  parts: OfficialFlowParts,
): ConclusionsModuleServices {
  const d = officialFlowDeps(core, parts, 'conclusions');
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
