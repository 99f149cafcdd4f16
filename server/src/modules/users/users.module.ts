import type { ServerModule } from '../module.js';
import { usersRouter } from './users.router.js';

/** User administration (REST). */
export const usersModule: ServerModule = {
  name: 'users',
  router: (ctx) => usersRouter({ auth: ctx.auth, users: ctx.services.users }),
};
