import type { ServerModule } from '../module.js';
import { meetingsRouter } from './meetings.router.js';

/** Meetings: create, edit, clone, lifecycle (REST). */
export const meetingsModule: ServerModule = {
  name: 'meetings',
  router: (ctx) => meetingsRouter({ auth: ctx.auth, meetings: ctx.services.meetings }),
};
