import type { UnitCosts } from '@icabinet/shared';
import type { Config } from '../../config/config.js';
import type { ModuleContext, ServerModule } from '../module.js';
import { reportsRouter } from './reports.router.js';
import { ReportsService } from './reports.service.js';
import { TaskFigures } from './task-figures.js';
import { UnitCostsService } from './unit-costs.js';

/** The unit costs' defaults: the environment's (INVITATION_UNIT_COST_VND, PRINTED_PAGE_COST_VND…). */
export const unitCostDefaults = (config: Config): UnitCosts => ({
  smsInvitationVnd: config.invitations.unitCostVnd,
  printedPageVnd: config.reports.printedPageVnd,
  copiesPerDocument: config.reports.copiesPerDocument,
});

/** The reports' services, built from the core (they only read what other modules stored). */
export function createReports(ctx: Pick<ModuleContext, 'store' | 'audit' | 'clock' | 'access' | 'config'>) {
  const costs = new UnitCostsService({
    store: ctx.store,
    audit: ctx.audit,
    clock: ctx.clock,
    defaults: unitCostDefaults(ctx.config),
  });
  const tasks = new TaskFigures({ store: ctx.store, clock: ctx.clock });
  const reports = new ReportsService({
    store: ctx.store,
    access: ctx.access,
    clock: ctx.clock,
    costs: () => costs.current(),
    tasks: (actor, from, to) => tasks.period(actor, from, to),
  });
  return { costs, reports, tasks };
}

/** Meeting and period reports with their exports, and the unit costs (đơn giá) they count with. */
export const reportsModule: ServerModule = {
  name: 'reports',
  router: (ctx) => {
    const { costs, reports, tasks } = createReports(ctx);
    return reportsRouter({
      auth: ctx.auth,
      audit: ctx.audit,
      reports,
      costs,
      tasks,
      organisation: ctx.config.invitations.organisation,
    });
  },
};
