import type { ServerModule } from '../module.js';
import { questionsSocket } from './questions.socket.js';

/**
 * Questions from sites in an online briefing: raised hands and written questions, the chair's
 * moderator queue, the floor given to a site, written answers. Socket-only.
 */
export const questionsModule: ServerModule = {
  name: 'questions',
  socket: (ctx) => questionsSocket({ access: ctx.access, questions: ctx.services.questions }),
};
