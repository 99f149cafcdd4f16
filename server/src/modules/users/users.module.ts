import type { ServerModule } from '../module.js';
import { UsersService } from './users.service.js';
import { usersRouter } from './users.router.js';

/** User administration (REST). */
export const usersModule: ServerModule = {
  name: 'users',
  init(ctx) {
    ctx.services.set(
      'users',
      new UsersService(ctx.store, ctx.audit, ctx.clock, ctx.endUserSessions, (userId) =>
        ctx.accessChanged({ kind: 'user', userId }),
      ),
    );
  },
  router: (ctx) => usersRouter({ auth: ctx.auth, users: ctx.services.get('users') as UsersService }),
};
