import type { ServerModule } from '../module.js';
import { participantsRouter } from './participants.router.js';

/** Meeting participants (REST). */
export const participantsModule: ServerModule = {
  name: 'participants',
  router: (ctx) =>
    participantsRouter({
      auth: ctx.auth,
      participants: ctx.services.participants,
      onChanged: (meetingId) => ctx.bus.emit('meeting.participantsChanged', { meetingId }),
    }),
};
