import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import {
  DEFAULT_CLASSIFICATION,
  DocumentUploadFields,
  type DocumentClassification,
  type MeetingDocument,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { parse } from '../../http/context.js';
import { newId } from '../../lib/ids.js';
import type { DocumentRecord } from '../../store/documents.port.js';
import { VersionConflictError } from '../../store/port.js';
import { documentErrors } from './documents.errors.js';
import type { DocumentsDeps, DocumentsLibrary } from './documents.library.js';
import { presentDocument } from './documents.presenter.js';
import {
  copyToTemp,
  discardUpload,
  type ReceivedFile,
  type ReceivedUpload,
  type UploadLimits,
} from './documents.upload.js';
import { InspectQueue, inspectPdf, type PdfInspection } from './pdf-inspect.js';
import { optimizePdf } from './pdf-optimize.js';
import type { DiskBlobStore } from '../../files/blob-store.js';

/** Files per upload request. */
const MAX_FILES_PER_UPLOAD = 20;
/** PDFs parsed at the same time; more wait, so a burst of uploads cannot exhaust memory. */
const PARALLEL_INSPECTIONS = 2;

/**
 * Where an upload's files come from: the router streams the HTTP request into temporary files
 * (documents.upload.ts), so this service never sees Express.
 */
export type UploadSource = (blobs: DiskBlobStore, limits: UploadLimits) => Promise<ReceivedUpload>;

/** A file that passed every check, ready to be stored. */
interface AcceptedFile {
  file: ReceivedFile;
  pages: number;
  text: string[];
  signed: boolean;
}

/**
 * The upload pipeline: stream → sniff → hash → parse in a worker → content-addressed store →
 * qpdf rewrite, then a new document or a new version of one.
 */
export class DocumentsIntake {
  private readonly queue = new InspectQueue(PARALLEL_INSPECTIONS);

  constructor(
    private readonly ctx: DocumentsDeps,
    private readonly library: DocumentsLibrary,
  ) {}

  private get blobs(): DiskBlobStore {
    return this.library.blobs;
  }

  // ---- upload -------------------------------------------------------------------------------

  /** `POST /meetings/:id/documents`: one or more PDFs, each a new document. */
  async upload(actor: Actor, meetingId: string, source: UploadSource): Promise<MeetingDocument[]> {
    // Permission first: a caller who may not upload is refused before a byte is stored.
    await this.library.editable(actor, meetingId);
    const upload = await this.receive(source, MAX_FILES_PER_UPLOAD);
    try {
      const fields = parse(DocumentUploadFields, upload.fields);
      await this.library.checkAgendaItem(meetingId, fields.agendaItemId);
      const accepted = await this.checkAll(upload);
      const classification: DocumentClassification = {
        openBy: fields.openBy ?? DEFAULT_CLASSIFICATION.openBy,
        download: fields.download ?? DEFAULT_CLASSIFICATION.download,
        watermark: fields.watermark ?? DEFAULT_CLASSIFICATION.watermark,
      };
      const created: DocumentRecord[] = [];
      for (const a of accepted) {
        created.push(
          await this.createFirstVersion(a, meetingId, fields.agendaItemId, classification, actor.user.id),
        );
      }
      await this.library.changed(meetingId, created);
      this.ctx.logger.info({ meetingId, userId: actor.user.id, count: created.length }, 'documents uploaded');
      for (const d of created) {
        await this.ctx.audit?.record({
          actorId: actor.user.id,
          action: 'document.uploaded',
          targetType: 'document',
          targetId: d.id,
          data: { meetingId, name: d.name, sha256: d.sha256, size: d.size, classification: d.classification },
          ip: actor.ip ?? null,
        });
      }
      return created.map(presentDocument);
    } finally {
      await discardUpload(upload);
    }
  }

  /** Stores an accepted file and records it as the first version of a new document. */
  private async createFirstVersion(
    a: AcceptedFile,
    meetingId: string,
    agendaItemId: string | null,
    classification: DocumentClassification,
    uploadedBy: string,
    readOnly = false,
  ): Promise<DocumentRecord> {
    const optimized = await this.storeBlob(a);
    const now = this.ctx.clock.now().toISOString();
    const id = newId();
    const doc = await this.ctx.store.documents.create({
      id,
      chainId: id,
      meetingId,
      agendaItemId,
      name: a.file.name,
      sha256: a.file.sha256,
      size: a.file.size,
      pages: a.pages,
      mime: 'application/pdf',
      classification,
      versionNo: 1,
      previousId: null,
      latest: true,
      optimized,
      ...(readOnly ? { readOnly: true } : {}),
      uploadedBy,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    return doc;
  }

  /**
   * Adds a PDF from the server's own disk (the demo seed) through the same checks as an upload:
   * copied while hashed and sniffed, parsed in the worker, stored by content, rewritten by qpdf.
   */
  async importFile(input: {
    meetingId: string;
    agendaItemId: string | null;
    filePath: string;
    uploadedBy: string;
    classification?: DocumentClassification;
  }): Promise<MeetingDocument> {
    const received = await copyToTemp(input.filePath, this.blobs);
    const upload: ReceivedUpload = { fields: {}, files: [received] };
    try {
      const [a] = await this.checkAll(upload);
      if (!a) throw errors.invalid([], 'document_no_file');
      const doc = await this.createFirstVersion(
        a,
        input.meetingId,
        input.agendaItemId,
        input.classification ?? DEFAULT_CLASSIFICATION,
        input.uploadedBy,
      );
      await this.library.changed(input.meetingId, [doc]);
      return presentDocument(doc);
    } finally {
      await discardUpload(upload);
    }
  }

  /**
   * Adds a PDF the server made (an issued official document) through the same checks and store
   * as an upload, as a read-only document of the meeting's library: it can be opened and
   * downloaded like any other, never renamed, replaced or deleted.
   */
  async importGenerated(input: {
    meetingId: string;
    name: string;
    bytes: Uint8Array;
    uploadedBy: string;
    classification?: DocumentClassification;
  }): Promise<MeetingDocument> {
    const tempPath = this.blobs.tempPath();
    await writeFile(tempPath, input.bytes, { flag: 'wx' });
    const received = {
      tempPath,
      name: input.name,
      size: input.bytes.byteLength,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
    };
    const upload: ReceivedUpload = { fields: {}, files: [received] };
    try {
      const [a] = await this.checkAll(upload);
      if (!a) throw errors.invalid([], 'document_no_file');
      const doc = await this.createFirstVersion(
        a,
        input.meetingId,
        null,
        input.classification ?? DEFAULT_CLASSIFICATION,
        input.uploadedBy,
        true,
      );
      await this.library.changed(input.meetingId, [doc]);
      return presentDocument(doc);
    } finally {
      await discardUpload(upload);
    }
  }

  /** `POST /documents/:id/versions`: replaces a document with a new version; the old one stays in the chain. */
  async addVersion(actor: Actor, documentId: string, source: UploadSource): Promise<MeetingDocument> {
    const previous = await this.ctx.store.documents.getById(documentId);
    if (!previous) throw documentErrors.notFound();
    await this.library.editable(actor, previous.meetingId);
    if (previous.readOnly) throw errors.invalidState('document_read_only');
    if (!previous.latest) throw errors.conflict('document_not_latest');
    const upload = await this.receive(source, 1);
    try {
      const [a] = await this.checkAll(upload);
      if (!a) throw errors.invalid([], 'document_no_file');
      const optimized = await this.storeBlob(a);
      const now = this.ctx.clock.now().toISOString();
      const doc: DocumentRecord = {
        ...previous,
        id: newId(),
        name: a.file.name,
        sha256: a.file.sha256,
        size: a.file.size,
        pages: a.pages,
        versionNo: previous.versionNo + 1,
        previousId: previous.id,
        latest: true,
        optimized,
        uploadedBy: actor.user.id,
        createdAt: now,
        updatedAt: now,
        version: 0,
      };
      try {
        await this.ctx.store.documents.addVersion(doc, now);
      } catch (e) {
        if (e instanceof VersionConflictError) throw errors.conflict('document_not_latest');
        throw e;
      }
      await this.library.changed(doc.meetingId, [{ ...previous, latest: false, updatedAt: now }, doc]);
      await this.ctx.audit?.record({
        actorId: actor.user.id,
        action: 'document.version_added',
        targetType: 'document',
        targetId: doc.id,
        data: {
          meetingId: doc.meetingId,
          previousId: previous.id,
          versionNo: doc.versionNo,
          name: doc.name,
          sha256: doc.sha256,
        },
        ip: actor.ip ?? null,
      });
      return presentDocument(doc);
    } finally {
      await discardUpload(upload);
    }
  }

  private receive(source: UploadSource, maxFiles: number): Promise<ReceivedUpload> {
    return source(this.blobs, {
      maxFileBytes: this.ctx.config.documents.maxUploadBytes,
      maxFiles,
    });
  }

  /** Parses every received file; the first one that fails decides the answer and nothing is stored. */
  private async checkAll(upload: ReceivedUpload): Promise<AcceptedFile[]> {
    const { maxPdfPages, parseTimeoutMs } = this.ctx.config.documents;
    const results = await Promise.all(
      upload.files.map((file) =>
        this.queue.run(() => inspectPdf(file.tempPath, { maxPages: maxPdfPages, timeoutMs: parseTimeoutMs })),
      ),
    );
    return upload.files.map((file, i) => {
      const r = results[i] as PdfInspection;
      if (r.ok) return { file, pages: r.pages, text: r.text, signed: r.signed };
      throw rejection(r, file.name, maxPdfPages);
    });
  }

  /**
   * Moves the file into the content-addressed store (once per content) and, for new content,
   * writes the qpdf rewrite when it is smaller and still has every page. Signed PDFs are never
   * rewritten: that would break their signatures. Returns whether an optimized copy exists.
   */
  private async storeBlob(a: AcceptedFile): Promise<boolean> {
    const { sha256, size, tempPath } = a.file;
    await this.ctx.store.documents.putText(sha256, a.text);
    const isNew = await this.blobs.adopt(tempPath, sha256);
    if (!isNew) return (await this.blobs.sizeOf(sha256, 'optimized')) !== null;
    if (a.signed) return false;
    const out = this.blobs.tempPath('.opt.pdf');
    try {
      const optimizedSize = await optimizePdf(this.blobs.pathOf(sha256), out, size);
      if (optimizedSize === null) return false;
      const check = await inspectPdf(out, {
        maxPages: this.ctx.config.documents.maxPdfPages,
        timeoutMs: this.ctx.config.documents.parseTimeoutMs,
        pagesOnly: true,
      });
      if (!check.ok || check.pages !== a.pages) return false;
      await this.blobs.adopt(out, sha256, 'optimized');
      return true;
    } catch (err) {
      this.ctx.logger.warn({ err, sha256 }, 'pdf rewrite failed; serving the original');
      return false;
    } finally {
      await rm(out, { force: true });
    }
  }
}

/** The answer for a file the inspector refused. */
function rejection(r: Extract<PdfInspection, { ok: false }>, name: string, maxPages: number) {
  switch (r.reason) {
    case 'encrypted':
      return documentErrors.unprocessable('document_encrypted', { name });
    case 'too_many_pages':
      return documentErrors.unprocessable('document_too_many_pages', {
        name,
        pages: String(r.pages ?? ''),
        max: String(maxPages),
      });
    case 'timeout':
      return documentErrors.unprocessable('document_parse_timeout', { name });
    case 'damaged':
      return documentErrors.unprocessable('document_damaged', { name });
  }
}
