import type { ServerModule } from '../module.js';
import { RoomService } from './room.service.js';
import { roomSocket } from './room.socket.js';

/** The live meeting room: state, follow-the-presenter, attendance, quorum, speakers (sockets). */
export const roomModule: ServerModule = {
  name: 'room',
  init(ctx) {
    ctx.services.set('room', new RoomService(ctx));
  },
  socket: (ctx) =>
    roomSocket({ io: ctx.io, rooms: ctx.services.get('room') as RoomService, logger: ctx.logger }),
};
