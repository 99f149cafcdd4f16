import { Router } from 'express';
import { DEVICE_TOKEN_HEADER, devicesContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { Store } from '../../store/port.js';
import { presentMe } from '../auth/auth.router.js';
import type { AuthService } from '../auth/auth.service.js';
import {
  requireAuth,
  requirePermission,
  setSessionCookie,
  tokenFromCookieHeader,
} from '../auth/auth.middleware.js';
import type { PinService } from './devices.pin.js';
import type { DevicesService } from './devices.service.js';

/**
 * /api/devices/* (pairing without an account; the fleet page for the secretariat), /api/device/*
 * (a paired tablet, its credential in `X-Device-Token`) and /api/me/pin (one's own PIN).
 */
export function devicesRouter(deps: {
  auth: AuthService;
  store: Store;
  devices: DevicesService;
  pins: PinService;
  secureCookie: boolean;
}): Router {
  const { auth, devices, pins } = deps;
  const router = Router();
  const manage = [requireAuth(auth), requirePermission('devices:manage')];
  const signedIn = [requireAuth(auth)];

  route(router, api.startPairing, [], ({ req }) => devices.startPairing(ipOf(req)));
  route(router, api.claimPairing, [], ({ req, body }) => devices.claimPairing(body, ipOf(req)));
  route(router, api.list, manage, () => devices.list());
  route(router, api.pair, manage, ({ req, body }) => devices.pair(actorOf(req), body, ipOf(req)));
  route(router, api.revoke, manage, ({ req, params }) => devices.revoke(actorOf(req), params.id, ipOf(req)));
  route(router, api.home, [], ({ req }) => devices.home(req.headers[DEVICE_TOKEN_HEADER]));
  route(router, api.pinLogin, [], async ({ req, res, body }) => {
    const { token, actor } = await pins.login(
      req.headers[DEVICE_TOKEN_HEADER],
      body,
      { ip: ipOf(req), userAgent: req.headers['user-agent'] ?? null },
      tokenFromCookieHeader(req.headers.cookie),
    );
    setSessionCookie(res, token, actor.expiresAt, deps.secureCookie);
    return presentMe(deps.store, auth, actor);
  });
  route(router, api.setPin, signedIn, ({ req, body }) => pins.set(actorOf(req), body, ipOf(req)));
  route(router, api.clearPin, signedIn, ({ req }) => pins.clear(actorOf(req), ipOf(req)));
  return router;
}
