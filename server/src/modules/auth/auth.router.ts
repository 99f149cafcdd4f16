import { Router } from 'express';
import { LoginInput, PasswordChangeInput, type Me } from '@icabinet/shared';
import { actorOf, ipOf, parse } from '../../http/context.js';
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

  router.post('/auth/login', async (req, res) => {
    const input = parse(LoginInput, req.body);
    const previous = tokenFromCookieHeader(req.headers.cookie);
    const { token, actor } = await auth.login(
      input,
      { ip: ipOf(req), userAgent: req.headers['user-agent'] ?? null },
      previous,
    );
    setSessionCookie(res, token, actor.expiresAt, secureCookie);
    res.json(await presentMe(store, actor));
  });

  router.post('/auth/logout', async (req, res) => {
    const token = tokenFromCookieHeader(req.headers.cookie);
    if (token) {
      await auth.logout(token, ipOf(req));
      deps.onLogout(sessionIdOf(token));
    }
    clearSessionCookie(res, secureCookie);
    res.status(204).end();
  });

  router.get('/me', requireAuth(auth), async (req, res) => {
    res.json(await presentMe(store, actorOf(req)));
  });

  router.post('/me/password', requireAuth(auth), async (req, res) => {
    const input = parse(PasswordChangeInput, req.body);
    await auth.changePassword(actorOf(req), input, ipOf(req));
    res.status(204).end();
  });

  return router;
}
