import type { ServerModule } from '../module.js';
import { votesRouter } from './votes.router.js';
import { votesSocket } from './votes.socket.js';

/** Votes in the meeting room (biểu quyết): REST records and CSV, socket controls and ballots. */
export const votesModule: ServerModule = {
  name: 'votes',
  router: (ctx) => votesRouter({ auth: ctx.auth, votes: ctx.services.votes, audit: ctx.audit }),
  socket: (ctx) => votesSocket({ votes: ctx.services.votes, access: ctx.access }),
  close(ctx) {
    ctx.services.votes.stop();
  },
};
