import { Router } from 'express';
import { settingsContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import type { SettingsService } from './settings.service.js';

/** /api/settings/* (administrators) and /api/password-rules (anyone signed in, even while enrolling). */
export function settingsRouter(deps: { auth: AuthService; settings: SettingsService }): Router {
  const router = Router();
  const admin = [requireAuth(deps.auth), requireRole('admin')];
  route(router, api.getSecurity, admin, () => deps.settings.security());
  route(router, api.updateSecurity, admin, ({ req, body }) =>
    deps.settings.updateSecurity(actorOf(req), body, ipOf(req)),
  );
  route(router, api.passwordRules, [requireAuth(deps.auth, { enrolling: true })], () =>
    deps.settings.passwordRules(),
  );
  return router;
}
