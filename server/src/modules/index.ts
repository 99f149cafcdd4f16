import type { ServerModule } from './module.js';
import { auditModule } from './audit/audit.module.js';
import { presenceModule } from './presence/presence.module.js';
import { unitsModule } from './units/units.module.js';
import { usersModule } from './users/users.module.js';

/**
 * Every feature module, in start-up order. A module may use services registered by the
 * modules before it (ctx.services).
 */
export const featureModules: readonly ServerModule[] = [
  usersModule,
  unitsModule,
  auditModule,
  presenceModule,
];
