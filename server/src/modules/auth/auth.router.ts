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
export async function presentMe(store: Store, auth: AuthService, actor: Actor): Promise<Me> {
  const unit = actor.user.unitId ? await store.units.getById(actor.user.unitId) : null;
  return {
    user: presentUser(actor.user),
    unit: unit ? presentUnit(unit) : null,
    session: { idleExpiresAt: actor.idleExpiresAt, expiresAt: actor.expiresAt },
    secondFactor: await auth.secondFactor.status(actor.user),
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
    const outcome = await auth.login(
      body,
      { ip: ipOf(req), userAgent: req.headers['user-agent'] ?? null },
      previous,
    );
    if ('challenge' in outcome) return outcome.challenge;
    setSessionCookie(res, outcome.token, outcome.actor.expiresAt, secureCookie);
    return presentMe(store, auth, outcome.actor);
  });

  route(router, api.loginSecondFactor, [], async ({ req, res, body }) => {
    const { token, actor } = await auth.loginSecondFactor(
      body,
      { ip: ipOf(req), userAgent: req.headers['user-agent'] ?? null },
      tokenFromCookieHeader(req.headers.cookie),
    );
    setSessionCookie(res, token, actor.expiresAt, secureCookie);
    return presentMe(store, auth, actor);
  });

  route(router, api.logout, [], async ({ req, res }) => {
    const token = tokenFromCookieHeader(req.headers.cookie);
    if (token) {
      await auth.logout(token, ipOf(req));
      deps.onLogout(sessionIdOf(token));
    }
    clearSessionCookie(res, secureCookie);
  });

  // Until a required second factor is enrolled, only these lead anywhere (see requireAuth).
  const enrolling = requireAuth(auth, { enrolling: true });

  route(router, api.me, [enrolling], ({ req }) => presentMe(store, auth, actorOf(req)));

  route(router, api.secondFactorSetup, [enrolling], ({ req }) => auth.secondFactor.setup(actorOf(req)));

  route(router, api.secondFactorConfirm, [enrolling], ({ req, body }) =>
    auth.secondFactor.confirm(actorOf(req), body.code, ipOf(req)),
  );

  route(router, api.changePassword, [enrolling], async ({ req, body }) => {
    await auth.changePassword(actorOf(req), body, ipOf(req));
  });

  return router;
}
