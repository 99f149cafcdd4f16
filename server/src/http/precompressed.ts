import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

/** The encodings the web build writes beside each compressible file, best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** `Accept-Encoding: gzip, deflate, br;q=0.9` → the codings the client accepts (q > 0). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) out.add(name);
  }
  return out;
}

/**
 * Serves the precompressed copy (`x.js.br` / `x.js.gz`, written by web/scripts/precompress.mjs)
 * of a file under `root` when the client accepts that coding, with `Content-Encoding`, the
 * original's type and `Vary: Accept-Encoding`; otherwise passes on to the plain file. Which copies
 * exist is read once at start (the build does not change while the server runs).
 */
export function precompressed(root: string, cacheControl: string): RequestHandler {
  const present = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(br|gz)$/.test(e.name)) present.add(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    if (rel.includes('..') || rel === '') return next();
    const accepted = acceptedEncodings(req.get('accept-encoding'));
    const coding = ENCODINGS.find((c) => accepted.has(c.name) && present.has(rel + c.ext));
    res.vary('Accept-Encoding');
    if (!coding) return next();
    res.type(path.extname(rel));
    res.set({ 'Content-Encoding': coding.name, 'Cache-Control': cacheControl });
    res.sendFile(path.join(root, rel + coding.ext), { cacheControl: false, lastModified: false }, (err) => {
      if (err) next(err);
    });
  };
}
