import type { RequestHandler } from 'express';
import { errors } from '../errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for state-changing routes, on top of SameSite=Strict cookies: a browser request
 * whose Origin (or Sec-Fetch-Site) says it came from another site is refused. Requests without
 * an Origin come from non-browser clients, which cannot carry our cookie cross-site anyway.
 */
export function originCheck(allowedOrigins: () => string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site') return next(errors.forbidden('csrf'));
    const origin = req.headers.origin;
    if (!origin) return next();
    // A page served with a strict referrer policy posts its own forms with `Origin: null`; the
    // browser-set Sec-Fetch-Site still says where the request came from.
    if (origin === 'null' && site === 'same-origin') return next();
    const host = req.headers.host;
    const sameHost = host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    if (sameHost || allowedOrigins().includes(origin)) return next();
    next(errors.forbidden('csrf'));
  };
}

/** Whether a websocket/polling handshake comes from an allowed origin (same host or PUBLIC_URL). */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: string[],
): boolean {
  if (!origin) return true;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}
