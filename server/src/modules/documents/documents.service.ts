import { rm } from 'node:fs/promises';
import { pageOfHits, type PageHits } from './documents.text-search.js';
import path from 'node:path';
import type { Request, Response } from 'express';
import {
  authorize,
  DEFAULT_CLASSIFICATION,
  meetingRoom,
  DocumentUploadFields,
  type DocumentClassification,
  type DocumentUpdateInput,
  type MeetingDocument,
} from '@icabinet/shared';
import { errors } from '../../errors.js';
import type { Actor } from '../../http/context.js';
import { parse } from '../../http/context.js';
import { DiskBlobStore } from '../../files/blob-store.js';
import { newId } from '../../lib/ids.js';
import type { ModuleContext } from '../module.js';
import type { DocumentRecord } from '../../store/documents.port.js';
import { RecordNotFoundError, VersionConflictError, type MeetingRecord } from '../../store/port.js';
import { documentAccess, LOCKED_STATUSES, type MeetingSubject } from './documents.access.js';
import { documentErrors } from './documents.errors.js';
import { sendGeneratedPdf, sendStoredPdf } from './documents.file.js';
import { presentDocument } from './documents.presenter.js';
import {
  copyToTemp,
  discardUpload,
  receiveUpload,
  type ReceivedFile,
  type ReceivedUpload,
} from './documents.upload.js';
import { formatHanoiTime, watermarkPdf } from './documents.watermark.js';
import { InspectQueue, inspectPdf, type PdfInspection } from './pdf-inspect.js';
import { optimizePdf } from './pdf-optimize.js';

/** Files per upload request. */
const MAX_FILES_PER_UPLOAD = 20;
/** PDFs parsed at the same time; more wait, so a burst of uploads cannot exhaust memory. */
const PARALLEL_INSPECTIONS = 2;

/** What the search module indexes for one document (see SearchIndexer in modules/search). */
export interface DocumentSearchEntry {
  kind: 'document';
  id: string;
  meetingId: string;
  title: string;
  text: string;
}

/** The part of the search service this module calls; looked up when needed, so start-up order does not matter. */
interface SearchIndexerLike {
  index(entry: DocumentSearchEntry): unknown;
  remove(id: string): unknown;
}

/** What the service needs: the module context, or (seed script) the same without sockets and auth. */
export type DocumentsDeps = Pick<ModuleContext, 'config' | 'store' | 'logger' | 'clock' | 'services'> & {
  io?: ModuleContext['io'];
};

/** A meeting and how the caller stands in it. */
interface MeetingAccess {
  meeting: MeetingRecord;
  subject: MeetingSubject;
}

/** A file that passed every check, ready to be stored. */
interface AcceptedFile {
  file: ReceivedFile;
  pages: number;
  text: string[];
  signed: boolean;
}

/**
 * The document library: uploads (stream → sniff → hash → parse in a worker → content-addressed
 * store → qpdf rewrite), versions, classification and access-checked delivery.
 */
export class DocumentsService {
  readonly blobs: DiskBlobStore;
  private readonly queue = new InspectQueue(PARALLEL_INSPECTIONS);

  constructor(private readonly ctx: DocumentsDeps) {
    this.blobs = new DiskBlobStore(path.join(ctx.config.dataDir, 'files'));
  }

  init(): Promise<void> {
    return this.blobs.init();
  }

  // ---- access -------------------------------------------------------------------------------

  private async meetingAccess(actor: Actor, meetingId: string): Promise<MeetingAccess> {
    const meeting = await this.ctx.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    const participant = await this.ctx.store.participants.getByMeetingAndUser(meetingId, actor.user.id);
    return {
      meeting,
      subject: {
        systemRole: actor.user.systemRole,
        meetingRole: participant?.role ?? null,
        votingRight: participant?.votingRight ?? false,
      },
    };
  }

  /** The meeting, if the caller may change its documents (403 otherwise, 409 when it is closed). */
  private async editable(actor: Actor, meetingId: string): Promise<MeetingAccess> {
    const access = await this.meetingAccess(actor, meetingId);
    if (!documentAccess.canEdit(access.subject, access.meeting)) throw errors.forbidden();
    if (LOCKED_STATUSES.includes(access.meeting.status)) throw errors.invalidState('document_meeting_locked');
    return access;
  }

  /** The document and meeting, if the caller may open it; 404 for a document they may not see at all. */
  private async openable(actor: Actor, documentId: string): Promise<MeetingAccess & { doc: DocumentRecord }> {
    const doc = await this.ctx.store.documents.getById(documentId);
    if (!doc) throw documentErrors.notFound();
    const access = await this.meetingAccess(actor, doc.meetingId);
    if (!documentAccess.canOpen(access.subject, access.meeting, doc.classification)) {
      throw errors.forbidden('document_open_forbidden');
    }
    return { ...access, doc };
  }

  // ---- upload -------------------------------------------------------------------------------

  /** `POST /meetings/:id/documents`: one or more PDFs, each a new document. */
  async upload(actor: Actor, meetingId: string, req: Request): Promise<MeetingDocument[]> {
    // Permission first: a caller who may not upload is refused before a byte is stored.
    await this.editable(actor, meetingId);
    const upload = await this.receive(req, MAX_FILES_PER_UPLOAD);
    try {
      const fields = parse(DocumentUploadFields, upload.fields);
      await this.checkAgendaItem(meetingId, fields.agendaItemId);
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
      this.changed(meetingId);
      this.ctx.logger.info({ meetingId, userId: actor.user.id, count: created.length }, 'documents uploaded');
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
      uploadedBy,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    await this.indexForSearch(doc);
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
      this.changed(input.meetingId);
      return presentDocument(doc);
    } finally {
      await discardUpload(upload);
    }
  }

  /** `POST /documents/:id/versions`: replaces a document with a new version; the old one stays in the chain. */
  async addVersion(actor: Actor, documentId: string, req: Request): Promise<MeetingDocument> {
    const previous = await this.ctx.store.documents.getById(documentId);
    if (!previous) throw documentErrors.notFound();
    await this.editable(actor, previous.meetingId);
    if (!previous.latest) throw errors.conflict('document_not_latest');
    const upload = await this.receive(req, 1);
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
      await this.unindex(previous.id);
      await this.indexForSearch(doc);
      this.changed(doc.meetingId);
      return presentDocument(doc);
    } finally {
      await discardUpload(upload);
    }
  }

  /** An agenda item given with a document must belong to the same meeting (400 otherwise). */
  private async checkAgendaItem(meetingId: string, agendaItemId: string | null): Promise<void> {
    if (!agendaItemId) return;
    const item = await this.ctx.store.agenda.getItem(agendaItemId);
    if (item?.meetingId !== meetingId) {
      throw errors.invalid([{ path: 'agendaItemId', key: 'document_agenda_item' }], 'document_agenda_item');
    }
  }

  private receive(req: Request, maxFiles: number): Promise<ReceivedUpload> {
    return receiveUpload(req, this.blobs, {
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

  // ---- reading ------------------------------------------------------------------------------

  /** The documents of a meeting the caller may open; organisers may ask for every version. */
  async list(actor: Actor, meetingId: string, all: boolean): Promise<MeetingDocument[]> {
    const { meeting, subject } = await this.meetingAccess(actor, meetingId);
    if (!authorize(subject, 'meeting:view', { confidentiality: meeting.confidentiality })) {
      throw errors.forbidden('not_participant');
    }
    const withChains = all && documentAccess.canEdit(subject, meeting);
    const docs = await this.ctx.store.documents.listByMeeting(meetingId, { all: withChains });
    return docs
      .filter((d) => documentAccess.canOpen(subject, meeting, d.classification))
      .map(presentDocument);
  }

  async get(actor: Actor, documentId: string): Promise<MeetingDocument> {
    return presentDocument((await this.openable(actor, documentId)).doc);
  }

  /**
   * Pages of this document whose text holds every word of `q` (accent-insensitive), with
   * excerpts: every page is searched; the answer is one slice of the hits with their totals.
   */
  async searchText(
    actor: Actor,
    documentId: string,
    q: string,
    slice: { offset: number; limit: number },
  ): Promise<PageHits> {
    const { doc } = await this.openable(actor, documentId);
    const pages = (await this.ctx.store.documents.getText(doc.sha256)) ?? [];
    return pageOfHits(pages, q, slice.offset, slice.limit);
  }

  /** Every version of the document's chain, oldest first. */
  async versions(actor: Actor, documentId: string): Promise<MeetingDocument[]> {
    const { doc, meeting, subject } = await this.openable(actor, documentId);
    const chain = await this.ctx.store.documents.listChain(doc.chainId);
    return chain
      .filter((d) => documentAccess.canOpen(subject, meeting, d.classification))
      .map(presentDocument);
  }

  /** Page texts of a document (search indexing, meeting clone). */
  async textOf(documentId: string): Promise<string[]> {
    const doc = await this.ctx.store.documents.getById(documentId);
    if (!doc) return [];
    return (await this.ctx.store.documents.getText(doc.sha256)) ?? [];
  }

  /**
   * `GET /documents/:id/file`: the optimized copy for viewing when there is one (same pages,
   * fewer bytes before page 1), the original as uploaded for `?download=1`, stamped with the
   * viewer's name and unit when the classification asks for a watermark.
   */
  async sendFile(
    actor: Actor,
    documentId: string,
    download: boolean,
    req: Request,
    res: Response,
  ): Promise<void> {
    const { doc, meeting, subject } = await this.openable(actor, documentId);
    if (download && !documentAccess.canDownload(subject, meeting, doc.classification)) {
      throw errors.forbidden('document_download_forbidden');
    }
    const variant = !download && doc.optimized ? 'optimized' : 'original';
    const file = this.blobs.pathOf(doc.sha256, variant);
    const size = await this.blobs.sizeOf(doc.sha256, variant);
    if (size === null) {
      this.ctx.logger.error({ documentId, sha256: doc.sha256, variant }, 'stored file is missing');
      throw documentErrors.notFound();
    }
    if (download && doc.classification.watermark) {
      const unit = actor.user.unitId ? await this.ctx.store.units.getById(actor.user.unitId) : null;
      const bytes = await watermarkPdf(file, {
        fullName: actor.user.fullName,
        unitName: unit?.name ?? null,
        at: formatHanoiTime(this.ctx.clock.now()),
      });
      sendGeneratedPdf(req, res, bytes, doc.name);
      return;
    }
    await sendStoredPdf(req, res, {
      path: file,
      size,
      etag: `"${doc.sha256}${variant === 'optimized' ? '.o' : ''}"`,
      name: doc.name,
      kind: download ? 'attachment' : 'inline',
    });
  }

  // ---- editing ------------------------------------------------------------------------------

  async update(actor: Actor, documentId: string, input: DocumentUpdateInput): Promise<MeetingDocument> {
    const doc = await this.ctx.store.documents.getById(documentId);
    if (!doc) throw documentErrors.notFound();
    await this.editable(actor, doc.meetingId);
    if (input.agendaItemId) await this.checkAgendaItem(doc.meetingId, input.agendaItemId);
    const now = this.ctx.clock.now().toISOString();
    try {
      const next = await this.ctx.store.documents.update(
        documentId,
        {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.agendaItemId !== undefined ? { agendaItemId: input.agendaItemId } : {}),
          ...(input.classification
            ? { classification: { ...doc.classification, ...input.classification } }
            : {}),
        },
        input.version,
        now,
      );
      if (input.name !== undefined && next.latest) await this.indexForSearch(next);
      this.changed(doc.meetingId);
      return presentDocument(next);
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict();
      if (e instanceof RecordNotFoundError) throw documentErrors.notFound();
      throw e;
    }
  }

  /** Deletes a document with all its versions; stored content no other document uses is removed. */
  async remove(actor: Actor, documentId: string): Promise<void> {
    const doc = await this.ctx.store.documents.getById(documentId);
    if (!doc) throw documentErrors.notFound();
    await this.editable(actor, doc.meetingId);
    const removed = await this.ctx.store.documents.removeChain(doc.chainId);
    for (const sha of new Set(removed.map((d) => d.sha256))) {
      if ((await this.ctx.store.documents.countBySha(sha)) === 0) {
        await this.ctx.store.documents.removeText(sha);
        await this.blobs.remove(sha);
      }
    }
    for (const d of removed) await this.unindex(d.id);
    this.changed(doc.meetingId);
  }

  // ---- search and broadcasts ----------------------------------------------------------------

  private searchIndexer(): SearchIndexerLike | null {
    const s = this.ctx.services.get('search') as Partial<SearchIndexerLike> | undefined;
    return s && typeof s.index === 'function' && typeof s.remove === 'function'
      ? (s as SearchIndexerLike)
      : null;
  }

  /** Indexing is best effort: a failure is logged and never fails the upload. */
  private async indexForSearch(doc: DocumentRecord): Promise<void> {
    const search = this.searchIndexer();
    if (!search) return;
    try {
      const pages = (await this.ctx.store.documents.getText(doc.sha256)) ?? [];
      await search.index({
        kind: 'document',
        id: doc.id,
        meetingId: doc.meetingId,
        title: doc.name,
        text: pages.join('\n'),
      });
    } catch (err) {
      this.ctx.logger.warn({ err, documentId: doc.id }, 'search indexing failed');
    }
  }

  private async unindex(documentId: string): Promise<void> {
    try {
      await this.searchIndexer()?.remove(documentId);
    } catch (err) {
      this.ctx.logger.warn({ err, documentId }, 'search unindexing failed');
    }
  }

  /** Tells everyone in the meeting room that its document list changed. */
  private changed(meetingId: string): void {
    emitDocumentsChanged(this.ctx, meetingId);
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

/** Emits `documents:changed` to the meeting room (not in the seed script, which has no sockets). */
function emitDocumentsChanged(ctx: DocumentsDeps, meetingId: string): void {
  ctx.io?.().to(meetingRoom(meetingId)).emit('documents:changed', { meetingId });
}
