import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { precompressed } from './precompressed.js';

/** Hashed assets never change under their name: a year, and never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app: hashed assets (the pdf.js worker among them) cached for a year as
 * immutable, in the brotli or gzip copy the build wrote when the browser accepts it; index.html and
 * the service worker never cached (no-cache: always revalidated); and every other GET outside /api
 * and /socket.io answered with index.html so client routes work on reload.
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
  const assets = path.join(dist, 'assets');
  router.use('/assets', precompressed(assets, IMMUTABLE));
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  // The service worker and the asset list must be fresh: a new build replaces them.
  const fresh = (res: express.Response) => res.setHeader('Cache-Control', 'no-cache');
  const freshCompressed = precompressed(dist, 'no-cache');
  // Middleware, not a route: static files are not API routes (the authorization matrix lists those).
  router.use((req, res, next) =>
    req.path === '/sw.js' || req.path === '/asset-manifest.json' ? freshCompressed(req, res, next) : next(),
  );
  router.use(express.static(dist, { index: false, setHeaders: fresh }));
  const spaCompressed = precompressed(dist, 'no-cache');
  const spa: RequestHandler = (req, res, next) => {
    res.set('Cache-Control', 'no-cache');
    // index.html in its compressed copy when accepted (the path asked for is a client route).
    const original = req.url;
    req.url = '/index.html';
    spaCompressed(req, res, () => {
      req.url = original;
      res.sendFile(index, { cacheControl: false }, (err) => {
        if (err) next(err);
      });
    });
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
