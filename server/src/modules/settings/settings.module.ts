import type { ServerModule } from '../module.js';
import { settingsRouter } from './settings.router.js';

/** The security settings' routes; the service itself is core (auth and users read it). */
export const settingsModule: ServerModule = {
  name: 'settings',
  router: (ctx) => settingsRouter({ auth: ctx.auth, settings: ctx.settings }),
};
