import type { ServerModule } from '../module.js';
import { unitsRouter } from './units.router.js';

/** Organisational units (REST). */
export const unitsModule: ServerModule = {
  name: 'units',
  router: (ctx) => unitsRouter({ auth: ctx.auth, units: ctx.services.units }),
};
