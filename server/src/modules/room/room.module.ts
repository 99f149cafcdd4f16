import type { ServerModule } from '../module.js';
import { roomSocket } from './room.socket.js';

/** The live meeting room: state, follow-the-presenter, attendance, quorum, speakers (sockets). */
export const roomModule: ServerModule = {
  name: 'room',
  socket: (ctx) => roomSocket({ io: () => ctx.io, rooms: ctx.services.room, logger: ctx.logger }),
};
