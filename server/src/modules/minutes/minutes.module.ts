import type { Core, ServerModule } from '../module.js';
import { officialFlowDeps, type OfficialFlowParts } from '../conclusions/conclusions.shared.js';
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
  parts: OfficialFlowParts & { minutes: MinutesService },
): MinutesApprovalFlow {
  const d = officialFlowDeps(core, parts, 'minutes-approval');
  new MinutesDelivery(d);
  const flow = new MinutesApprovalFlow(d, parts.minutes);
  parts.minutes.useApproval(flow);
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
