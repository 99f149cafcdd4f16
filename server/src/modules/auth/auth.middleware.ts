import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookie, serialize } from 'cookie';
import { authorize, type Permission, type SystemRole } from '@icabinet/shared';
import { errors } from '../../errors.js';
import type { AuthenticateOptions, AuthService } from './auth.service.js';

export const SESSION_COOKIE = 'icabinet_sid';

/** Reads the session token from a Cookie header. */
export function tokenFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE] ?? undefined;
}

/** Sets the session cookie: HTTP-only, SameSite=Strict, Secure behind https; lives as long as the session. */
export function setSessionCookie(res: Response, token: string, expiresAt: string, secure: boolean): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      expires: new Date(expiresAt),
    }),
  );
}

/** Clears the session cookie. */
export function clearSessionCookie(res: Response, secure: boolean): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      expires: new Date(0),
    }),
  );
}

/**
 * Requires a valid session; sets `req.actor`. `enrolling` lets a user whose role requires a
 * second factor they lack through (only the few routes that lead to enrolment).
 */
export function requireAuth(auth: AuthService, options: AuthenticateOptions = {}): RequestHandler {
  return async (req: Request, _res, next) => {
    req.actor = await auth.authenticate(tokenFromCookieHeader(req.headers.cookie), options);
    next();
  };
}

/** Requires one of the system roles (after `requireAuth`). */
export function requireRole(...roles: SystemRole[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) return next(errors.unauthorized());
    if (!roles.includes(req.actor.user.systemRole)) return next(errors.forbidden());
    next();
  };
}

/**
 * Checks a system-level permission before the body is even parsed, so callers without the right
 * learn nothing about validation rules.
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) return next(errors.unauthorized());
    if (!authorize({ systemRole: req.actor.user.systemRole }, permission)) return next(errors.forbidden());
    next();
  };
}
