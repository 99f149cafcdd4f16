import type { Request, Response } from 'express';
import send from 'send';
import { cleanDocumentName } from '@icabinet/shared';
import { documentErrors } from './documents.errors.js';

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

/**
 * Sends a stored PDF through `send` (Express's own file sender): `If-None-Match` → 304, a single
 * `Range` → 206 with `Content-Range`, several ranges → the whole file (RFC 9110 allows it and
 * pdf.js never asks), an unsatisfiable range → 416, `If-Range` with another tag → whole file,
 * `If-Match` with another tag → 412. Our ETag is the content hash (set here, so `send` compares
 * with it); no Last-Modified, as the bytes behind an ETag never change.
 */
export function sendStoredPdf(
  req: Request,
  res: Response,
  file: { path: string; size: number; etag: string; name: string; kind: 'inline' | 'attachment' },
): Promise<void> {
  pdfHeaders(res, file.name, file.kind);
  res.set({ ETag: file.etag });
  return new Promise<void>((resolve, reject) => {
    const done = () => resolve();
    res.once('finish', done);
    res.once('close', done);
    send(req, file.path, {
      etag: false,
      lastModified: false,
      cacheControl: false,
      acceptRanges: true,
      dotfiles: 'allow',
      index: false,
    })
      .on('error', (err: Error & { status?: number }) => {
        res.off('finish', done);
        res.off('close', done);
        res.removeHeader('Content-Range');
        reject(fromSendError(err, file.size));
      })
      .pipe(res);
  });
}

/** `send` reports refusals as errors with an HTTP status; they become our errors. */
function fromSendError(err: Error & { status?: number }, size: number): Error {
  switch (err.status) {
    case 416:
      return documentErrors.rangeNotSatisfiable(size);
    case 412:
      return documentErrors.preconditionFailed();
    case 404:
      return documentErrors.notFound();
    default:
      return err;
  }
}

/** Sends bytes made for one viewer (a watermarked copy): no ETag, no ranges, not kept by caches. */
export function sendGeneratedPdf(req: Request, res: Response, bytes: Uint8Array, name: string): void {
  pdfHeaders(res, name, 'attachment');
  res.set({ 'Cache-Control': 'private, no-store', 'Content-Length': String(bytes.byteLength) });
  res.status(200);
  if (req.method === 'HEAD') res.end();
  else res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
