import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { cleanDocumentName, ErrorCode } from '@icabinet/shared';
import { AppError } from '../../errors.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { MessageKey, MessageParams } from '../../i18n/messages.js';

/** One file part, written to a temporary file while its hash was computed. */
export interface ReceivedFile {
  tempPath: string;
  /** The cleaned display name (no path, no control characters). */
  name: string;
  size: number;
  sha256: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

export interface UploadLimits {
  /** Largest file, in bytes; enforced while the bytes arrive. */
  maxFileBytes: number;
  maxFiles: number;
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
/** After an early refusal, how long the rest of a request may keep arriving before the connection is cut. */
const DRAIN_GRACE_MS = 3_000;
/** Text fields an upload form may carry, and the bytes of each. */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 1024;

/** The cleaned display name of an upload: the one rule of shared's `cleanDocumentName`. */
export const cleanFileName = (raw: string | undefined): string => cleanDocumentName(raw);

/** Connection: close on refusals sent before the request body was read to the end. */
const CLOSE = { Connection: 'close' };

const tooLarge = (name: string, maxBytes: number) =>
  new AppError(
    ErrorCode.payload_too_large,
    'document_too_large',
    { name, max: String(Math.round(maxBytes / (1024 * 1024))) },
    [],
    CLOSE,
  );

/** Hashes and counts the bytes passing through and checks the `%PDF-` magic at byte 0. */
class PdfSniffer extends Transform {
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);
  size = 0;

  constructor(private readonly name: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.head.length < PDF_MAGIC.length) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, PDF_MAGIC.length - this.head.length)]);
      if (!PDF_MAGIC.subarray(0, this.head.length).equals(this.head)) {
        return done(notPdf(this.name));
      }
    }
    this.size += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.size === 0)
      return done(new AppError(ErrorCode.invalid_input, 'document_empty', { name: this.name }));
    if (this.head.length < PDF_MAGIC.length) return done(notPdf(this.name));
    done();
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

const notPdf = (name: string) =>
  new AppError(ErrorCode.unsupported_media_type, 'document_not_pdf', { name }, [], CLOSE);

/**
 * Streams a multipart/form-data upload to temporary files: text fields are collected, each file
 * part is hashed, sniffed and written as it arrives. The size cap is enforced while streaming;
 * on any refusal every temporary file of the request is deleted, the rest of the body is
 * discarded, and an AppError (413, 415, 400) is thrown.
 */
export function receiveUpload(
  req: Request,
  blobs: DiskBlobStore,
  limits: UploadLimits,
): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(new AppError(ErrorCode.unsupported_media_type, 'document_not_multipart'));
  }
  // A declared length beyond what all allowed files could need is refused before reading a byte.
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxFiles * limits.maxFileBytes + 1024 * 1024) {
    req.resume();
    return Promise.reject(
      new AppError(
        ErrorCode.payload_too_large,
        'upload_too_large',
        { max: String(Math.round(limits.maxFileBytes / (1024 * 1024))) },
        [],
        CLOSE,
      ),
    );
  }

  return new Promise<ReceivedUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    const slots: (ReceivedFile | undefined)[] = [];
    const temps = new Set<string>();
    /** Every stage of every file still being written, to be torn down on a refusal. */
    const active = new Set<{ destroy(): unknown }[]>();
    /** One promise per file that settles once its descriptor is closed. */
    const closings: Promise<void>[] = [];
    const writes: Promise<void>[] = [];
    let failed = false;

    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          fileSize: limits.maxFileBytes,
          files: limits.maxFiles,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          parts: limits.maxFiles + MAX_FIELDS,
        },
      });
    } catch {
      reject(new AppError(ErrorCode.unsupported_media_type, 'document_not_multipart'));
      return;
    }

    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      // Destroy every stage, the file streams last: a pipeline whose source busboy gave up on
      // may never settle, so cleanup waits for the write streams' 'close' (descriptor closed),
      // not for the pipelines.
      for (const stages of active) for (const s of [...stages].reverse()) s.destroy();
      active.clear();
      // Discard what is still coming so the refusal can be read, but not forever.
      req.resume();
      const cut = setTimeout(() => req.socket.destroy(), DRAIN_GRACE_MS);
      cut.unref();
      req.once('end', () => clearTimeout(cut));
      void Promise.all(closings)
        .then(() => Promise.all([...temps].map((t) => rm(t, { force: true }))))
        .then(() => reject(err instanceof AppError ? err : uploadBroken()));
    };

    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) {
        fail(refused('upload_field_too_long', { name: name.slice(0, 40), max: String(MAX_FIELD_BYTES) }));
        return;
      }
      fields[name] = value;
    });

    bb.on('file', (_field, stream, info) => {
      const name = cleanFileName(info.filename);
      if (failed) {
        stream.resume();
        return;
      }
      const tempPath = blobs.tempPath();
      const slot = slots.push(undefined) - 1;
      temps.add(tempPath);
      const sniffer = new PdfSniffer(name);
      stream.once('limit', () => fail(tooLarge(name, limits.maxFileBytes)));
      const out = createWriteStream(tempPath, { flags: 'wx' });
      const stages = [stream, sniffer, out];
      active.add(stages);
      // 'close' comes after the file was opened and closed, even when the pipeline was cut
      // short, so the cleanup never races a late open.
      const closed = new Promise<void>((done) => out.once('close', () => done()));
      closings.push(closed);
      const write = pipeline(stream, sniffer, out).then(
        () => {
          active.delete(stages);
          if (!failed) slots[slot] = { tempPath, name, size: sniffer.size, sha256: sniffer.digest() };
        },
        (err: unknown) => {
          active.delete(stages);
          fail(err);
        },
      );
      writes.push(Promise.all([write, closed]).then(() => undefined));
    });

    bb.once('filesLimit', () => fail(refused('document_too_many_files', { max: String(limits.maxFiles) })));
    bb.once('fieldsLimit', () => fail(refused('upload_too_many_fields', { max: String(MAX_FIELDS) })));
    bb.once('partsLimit', () =>
      fail(refused('upload_too_many_parts', { max: String(limits.maxFiles + MAX_FIELDS) })),
    );
    bb.once('error', (err) => fail(err));
    bb.once('close', () => {
      // On success every pipeline settles; after a refusal `fail` answers instead.
      void Promise.all(writes).then(() => {
        if (failed) return;
        const files = slots.filter((f): f is ReceivedFile => f !== undefined);
        if (files.length === 0) {
          reject(new AppError(ErrorCode.invalid_input, 'document_no_file'));
          return;
        }
        resolve({ fields, files });
      });
    });
    req.once('aborted', () => fail(uploadBroken()));
    req.pipe(bb);
  });
}

/** A 400 sent before the body was read to the end. */
const refused = (key: MessageKey, params: MessageParams) =>
  new AppError(ErrorCode.invalid_input, key, params, [], CLOSE);

const uploadBroken = () => new AppError(ErrorCode.invalid_input, 'document_upload_broken', {}, [], CLOSE);

/** Copies a file from the server's disk to a temporary file with the same hashing and sniffing as an upload. */
export async function copyToTemp(filePath: string, blobs: DiskBlobStore): Promise<ReceivedFile> {
  const name = cleanFileName(filePath);
  const tempPath = blobs.tempPath();
  const sniffer = new PdfSniffer(name);
  try {
    await pipeline(createReadStream(filePath), sniffer, createWriteStream(tempPath, { flags: 'wx' }));
  } catch (e) {
    await rm(tempPath, { force: true });
    throw e;
  }
  return { tempPath, name, size: sniffer.size, sha256: sniffer.digest() };
}

/** Deletes the temporary files of a received upload (after a refusal or once adopted). */
export async function discardUpload(upload: ReceivedUpload): Promise<void> {
  await Promise.all(upload.files.map((f) => rm(f.tempPath, { force: true })));
}
