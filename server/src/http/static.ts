import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * Serves the built web app: hashed assets cached for a year, index.html never cached, and every
 * other GET outside /api and /socket.io answered with index.html so client routes work on reload.
 */
export function webApp(dist: string): Router {
  const router = Router();
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) {
    router.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(`I-Cabinet: giao diện web chưa được build (không thấy ${index}). Hãy chạy "npm run build".\n`);
    });
    return router;
  }
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  router.use(express.static(dist, { index: false, maxAge: 0 }));
  const spa: RequestHandler = (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(index);
  };
  router.get(/^(?!\/api\/|\/socket\.io\/).*/, spa);
  return router;
}

/** Security headers for every response. The CSP allows only our own origin (plus websockets). */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  });
  next();
};
