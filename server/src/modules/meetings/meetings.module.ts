import type { ServerModule } from '../module.js';
import { MeetingsService } from './meetings.service.js';
import { meetingsRouter } from './meetings.router.js';

/** Meetings: create, edit, clone, lifecycle (REST); exposed as the `meetings` service. */
export const meetingsModule: ServerModule = {
  name: 'meetings',
  init(ctx) {
    ctx.services.set('meetings', new MeetingsService(ctx));
  },
  router: (ctx) =>
    meetingsRouter({ auth: ctx.auth, meetings: ctx.services.get('meetings') as MeetingsService }),
};
