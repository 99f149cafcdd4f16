import { Router } from 'express';
import { authContract as api, type Me } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { Actor } from '../../actor.js';
import type { Store } from '../../store/port.js';
import { presentUnit, presentUser } from '../users/users.presenter.js';
import { sessionIdOf, type AuthService } from './auth.service.js';
import {
  clearSessionCookie,
  requireAuth,
  setSessionCookie,
  tokenFromCookieHeader,
} from './auth.middleware.js';

/** The answer to login and `GET /api/me`. */
async function presentMe(store: Store, actor: Actor): Promise<Me> {
  const unit = actor.user.unitId ? await store.units.getById(actor.user.unitId) : null;
  return {
    user: presentUser(actor.user),
    unit: unit ? presentUnit(unit) : null,
    session: { idleExpiresAt: actor.idleExpiresAt, expiresAt: actor.expiresAt },
  };
}

/** /api/auth/* and /api/me. */
export function authRouter(deps: {
  auth: AuthService;
  store: Store;
  secureCookie: boolean;
  onLogout: (sessionId: string) => void;
}): Router {
  const { auth, store, secureCookie } = deps;
  const router = Router();

  route(router, api.login, [], async ({ req, res, body }) => {
    const previous = tokenFromCookieHeader(req.headers.cookie);
    const { token, actor } = await auth.login(
      body,
      { ip: ipOf(req), userAgent: req.headers['user-agent'] ?? null },
      previous,
    );
    setSessionCookie(res, token, actor.expiresAt, secureCookie);
    return presentMe(store, actor);
  });

  route(router, api.logout, [], async ({ req, res }) => {
    const token = tokenFromCookieHeader(req.headers.cookie);
    if (token) {
      await auth.logout(token, ipOf(req));
      deps.onLogout(sessionIdOf(token));
    }
    clearSessionCookie(res, secureCookie);
  });

  route(router, api.me, [requireAuth(auth)], ({ req }) => presentMe(store, actorOf(req)));

  route(router, api.changePassword, [requireAuth(auth)], async ({ req, body }) => {
    await auth.changePassword(actorOf(req), body, ipOf(req));
  });

  return router;
}
