import type { ServerModule } from '../module.js';
import { addMeetingListener } from '../meeting-hooks.js';
import { RoomService } from './room.service.js';
import { roomSocket } from './room.socket.js';

/** The live meeting room: state, follow-the-presenter, attendance, quorum, speakers (sockets). */
export const roomModule: ServerModule = {
  name: 'room',
  init(ctx) {
    const rooms = new RoomService(ctx);
    ctx.services.set('room', rooms);
    addMeetingListener(ctx, { participantsChanged: (meetingId) => rooms.participantsChanged(meetingId) });
  },
  socket: (ctx) =>
    roomSocket({ io: ctx.io, rooms: ctx.services.get('room') as RoomService, logger: ctx.logger }),
};
