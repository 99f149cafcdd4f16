import type { ServerModule } from '../module.js';
import { UnitsService } from './units.service.js';
import { unitsRouter } from './units.router.js';

/** Organisational units (REST). */
export const unitsModule: ServerModule = {
  name: 'units',
  init(ctx) {
    ctx.services.set('units', new UnitsService(ctx.store, ctx.audit, ctx.clock));
  },
  router: (ctx) => unitsRouter({ auth: ctx.auth, units: ctx.services.get('units') as UnitsService }),
};
