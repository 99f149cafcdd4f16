import type { ServerModule } from '../module.js';
import { addMeetingListener } from '../meeting-hooks.js';
import { presenceModule as presenceSocket } from './presence.socket.js';

/**
 * Who is online in a meeting (sockets only). It also tells the gateway when a meeting's
 * participants, details or status changed, so every process re-checks which of its sockets may
 * still follow that meeting's rooms.
 */
export const presenceModule: ServerModule = {
  name: 'presence',
  init(ctx) {
    const recheck = (meetingId: string) => ctx.accessChanged({ kind: 'meeting', meetingId });
    addMeetingListener(ctx, {
      participantsChanged: recheck,
      changed: (meeting) => recheck(meeting.id),
      cancelled: (meeting) => recheck(meeting.id),
    });
  },
  socket: (ctx) => presenceSocket({ io: ctx.io, store: ctx.store, logger: ctx.logger }),
};
