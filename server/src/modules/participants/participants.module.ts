import type { ServerModule } from '../module.js';
import { emitMeetingEvent } from '../meeting-hooks.js';
import { ParticipantsService } from './participants.service.js';
import { participantsRouter } from './participants.router.js';

/** Meeting participants (REST). */
export const participantsModule: ServerModule = {
  name: 'participants',
  init(ctx) {
    ctx.services.set('participants', new ParticipantsService(ctx.store, ctx.clock));
  },
  router: (ctx) =>
    participantsRouter({
      auth: ctx.auth,
      participants: ctx.services.get('participants') as ParticipantsService,
      onChanged: (meetingId) => emitMeetingEvent(ctx, 'participantsChanged', meetingId),
    }),
};
