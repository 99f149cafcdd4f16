import type { Request } from 'express';
import busboy from 'busboy';
import { ErrorCode } from '@icabinet/shared';
import { AppError } from '../../errors.js';

/** A small multipart form read into memory: named files (each with its cap) and short text fields. */
export interface SmallForm {
  files: Map<string, { name: string; bytes: Buffer }>;
  fields: Map<string, string>;
}

const CLOSE = { Connection: 'close' };

/** The file's own name for messages: no path, no control characters, at most 120 characters. */
const shownName = (raw: string | undefined): string =>
  (raw ?? '')
    .split(/[\\/]/)
    .pop()
    ?.replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 120) || 'tệp';

/**
 * Reads a multipart/form-data request into memory, refusing (413) a file over its field's cap
 * while it streams and ignoring fields not asked for. Nothing is written to disk: a .p12 and
 * its password stay in this request's memory only.
 */
export function readSmallForm(
  req: Request,
  spec: { files: Record<string, number>; fields: string[] },
): Promise<SmallForm> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(new AppError(ErrorCode.unsupported_media_type, 'document_not_multipart'));
  }
  return new Promise((resolve, reject) => {
    const form: SmallForm = { files: new Map(), fields: new Map() };
    let failed = false;
    const fail = (e: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: Object.keys(spec.files).length, fields: 10, fieldSize: 1024, parts: 20 },
      });
    } catch {
      reject(new AppError(ErrorCode.unsupported_media_type, 'document_not_multipart'));
      return;
    }
    bb.on('field', (name, value) => {
      if (spec.fields.includes(name)) form.fields.set(name, value);
    });
    bb.on('file', (field, stream, info) => {
      const cap = spec.files[field];
      if (cap === undefined || failed) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > cap) {
          stream.resume();
          fail(
            new AppError(
              ErrorCode.payload_too_large,
              'signature_upload_too_large',
              { max: String(Math.max(1, Math.round(cap / (1024 * 1024)))) },
              [],
              CLOSE,
            ),
          );
          return;
        }
        chunks.push(c);
      });
      stream.on('end', () => {
        if (!failed) form.files.set(field, { name: shownName(info.filename), bytes: Buffer.concat(chunks) });
      });
    });
    bb.on('close', () => {
      if (!failed) resolve(form);
    });
    bb.on('error', () => fail(new AppError(ErrorCode.invalid_input, 'document_upload_broken')));
    req.pipe(bb);
  });
}
