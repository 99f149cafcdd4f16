import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { cleanDocumentName } from '@icabinet/shared';
import { documentErrors } from './documents.errors.js';

/** A byte range, both ends inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against a file size: a range to send, 'unsatisfiable' (416), or null
 * (no usable header: send the whole file). Only single ranges are honoured; several ranges are
 * answered with the whole file, which RFC 9110 allows and pdf.js never asks for.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!m) return /^bytes=/i.test(header.trim()) && !header.includes(',') ? 'unsatisfiable' : null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return 'unsatisfiable';
  if (a === '') {
    // A suffix range: the last n bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || (b !== '' && Number(b) < start)) return 'unsatisfiable';
  return { start, end };
}

/** `inline` or `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987 `filename*`). */
export function contentDisposition(kind: 'inline' | 'attachment', stored: string): string {
  // Names stored before names were cleaned on every path are cleaned again on the way out.
  const name = cleanDocumentName(stored);
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers every PDF response carries. */
function pdfHeaders(res: Response, name: string, kind: 'inline' | 'attachment'): void {
  res.set({
    'Content-Type': 'application/pdf',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': contentDisposition(kind, name),
    // Access-checked content: a browser may keep it but must ask again (ETag makes that cheap).
    'Cache-Control': 'private, no-cache',
  });
}

/** Whether an If-None-Match header matches the entity tag (weak comparison). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Sends a stored PDF with conditional and range support: `If-None-Match` → 304, `Range` → 206
 * with `Content-Range`, an unsatisfiable range → 416, `If-Range` with another tag → whole file.
 */
export async function sendStoredPdf(
  req: Request,
  res: Response,
  file: { path: string; size: number; etag: string; name: string; kind: 'inline' | 'attachment' },
): Promise<void> {
  pdfHeaders(res, file.name, file.kind);
  res.set({ ETag: file.etag, 'Accept-Ranges': 'bytes' });
  if (matches(req.headers['if-none-match'], file.etag)) {
    res.status(304).end();
    return;
  }
  const ifRange = req.headers['if-range'];
  const rangeHeader = ifRange && ifRange !== file.etag ? undefined : req.headers.range;
  const range = parseRange(rangeHeader, file.size);
  if (range === 'unsatisfiable') throw documentErrors.rangeNotSatisfiable(file.size);
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  res.status(range ? 206 : 200);
  if (range) res.set('Content-Range', `bytes ${start}-${end}/${file.size}`);
  res.set('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file.path, { start, end }), res);
}

/** Sends bytes made for one viewer (a watermarked copy): no ETag, no ranges, not kept by caches. */
export function sendGeneratedPdf(req: Request, res: Response, bytes: Uint8Array, name: string): void {
  pdfHeaders(res, name, 'attachment');
  res.set({ 'Cache-Control': 'private, no-store', 'Content-Length': String(bytes.byteLength) });
  res.status(200);
  if (req.method === 'HEAD') res.end();
  else res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
