import { DEFAULT_CLASSIFICATION, type DocumentUpdateInput, type MeetingDocument } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { Core } from '../module.js';
import type { DocumentRecord } from '../../store/documents.port.js';
import { RecordNotFoundError, VersionConflictError } from '../../store/port.js';
import { callerOfActor, type MeetingStanding } from '../../access/meeting-access.js';
import { documentErrors } from './documents.errors.js';
import { presentDocument } from './documents.presenter.js';
import { pageOfHits, type PageHits } from './documents.text-search.js';
import { formatHanoiTime, watermarkPdf } from './documents.watermark.js';
import { isSignedPdfFile } from '../signatures/signed-file.js';

/** What the library needs: no sockets and no HTTP (the seed script builds it too). */
export type DocumentsDeps = Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'bus' | 'access'> & {
  /** Re-checks live sockets (not in the seed script, which has none). */
  accessChanged?: Core['accessChanged'];
  /** The hash-chained audit log (not in the seed script). */
  audit?: Core['audit'];
};

/** What `GET /documents/:id/file` sends: a stored file (ranges, ETag) or bytes made for one viewer. */
export type DocumentDelivery =
  | {
      kind: 'stored';
      path: string;
      size: number;
      etag: string;
      name: string;
      disposition: 'inline' | 'attachment';
    }
  | { kind: 'generated'; bytes: Uint8Array; name: string };

/**
 * The document library: access checks, lists, versions, page text, delivery, renames,
 * reclassification and deletion. Uploads are in documents.intake.ts.
 */
export class DocumentsLibrary {
  constructor(
    private readonly ctx: DocumentsDeps,
    readonly blobs: DiskBlobStore,
  ) {}

  // ---- access -------------------------------------------------------------------------------

  /** The meeting, if the caller may change its documents (403 otherwise, 409 when it is closed). */
  async editable(actor: Actor, meetingId: string): Promise<MeetingStanding> {
    return this.ctx.access.require(callerOfActor(actor), meetingId, 'editDocuments');
  }

  /** The document and the caller's standing, if they may `need` it (see server/src/access). */
  openable(
    actor: Actor,
    documentId: string,
    need: 'open' | 'download' = 'open',
  ): Promise<{ doc: DocumentRecord; standing: MeetingStanding }> {
    return this.ctx.access.requireDocument(callerOfActor(actor), documentId, need);
  }

  /** An agenda item given with a document must belong to the same meeting (400 otherwise). */
  async checkAgendaItem(meetingId: string, agendaItemId: string | null): Promise<void> {
    if (!agendaItemId) return;
    const item = await this.ctx.store.agenda.getItem(agendaItemId);
    if (item?.meetingId !== meetingId) {
      throw errors.invalid([{ path: 'agendaItemId', key: 'document_agenda_item' }], 'document_agenda_item');
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The documents of a meeting the caller may open; organisers may ask for every version. */
  async list(actor: Actor, meetingId: string, all: boolean): Promise<MeetingDocument[]> {
    const standing = await this.ctx.access.require(callerOfActor(actor), meetingId, 'view');
    const withChains = all && standing.may('organise');
    const docs = await this.ctx.store.documents.listByMeeting(meetingId, { all: withChains });
    return docs.filter((d) => standing.mayDocument(d, 'open')).map(presentDocument);
  }

  async get(actor: Actor, documentId: string): Promise<MeetingDocument> {
    return presentDocument((await this.openable(actor, documentId)).doc);
  }

  /** Pages of this document whose text holds every word of `q` (accent-insensitive), with excerpts. */
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
    const { doc, standing } = await this.openable(actor, documentId);
    const chain = await this.ctx.store.documents.listChain(doc.chainId);
    return chain.filter((d) => standing.mayDocument(d, 'open')).map(presentDocument);
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
   * viewer's name and unit when the effective classification (the stricter of the meeting's and
   * the document's: every document of a confidential meeting) asks for a watermark.
   */
  async fileFor(actor: Actor, documentId: string, download: boolean): Promise<DocumentDelivery> {
    const { doc, standing } = await this.openable(actor, documentId, download ? 'download' : 'open');
    const variant = !download && doc.optimized ? 'optimized' : 'original';
    const file = this.blobs.pathOf(doc.sha256, variant);
    const size = await this.blobs.sizeOf(doc.sha256, variant);
    if (size === null) {
      this.ctx.logger.error({ documentId, sha256: doc.sha256, variant }, 'stored file is missing');
      throw documentErrors.notFound();
    }
    const rules = standing.classification(doc);
    if (download && (rules.watermark || rules.openBy !== DEFAULT_CLASSIFICATION.openBy)) {
      await this.ctx.audit?.record({
        actorId: actor.user.id,
        action: 'document.downloaded',
        targetType: 'document',
        targetId: doc.id,
        data: { meetingId: doc.meetingId, name: doc.name, watermark: rules.watermark, openBy: rules.openBy },
        ip: actor.ip ?? null,
      });
    }
    // A signed PDF is never stamped: a changed copy would no longer carry valid signatures.
    if (download && rules.watermark && !(await isSignedPdfFile(file))) {
      const unit = actor.user.unitId ? await this.ctx.store.units.getById(actor.user.unitId) : null;
      const bytes = await watermarkPdf(file, {
        fullName: actor.user.fullName,
        unitName: unit?.name ?? null,
        at: formatHanoiTime(this.ctx.clock.now()),
      });
      return { kind: 'generated', bytes, name: doc.name };
    }
    return {
      kind: 'stored',
      path: file,
      size,
      etag: `"${doc.sha256}${variant === 'optimized' ? '.o' : ''}"`,
      name: doc.name,
      disposition: download ? 'attachment' : 'inline',
    };
  }

  // ---- editing ------------------------------------------------------------------------------

  async update(actor: Actor, documentId: string, input: DocumentUpdateInput): Promise<MeetingDocument> {
    const doc = await this.ctx.store.documents.getById(documentId);
    if (!doc) throw documentErrors.notFound();
    await this.editable(actor, doc.meetingId);
    if (doc.readOnly) throw errors.invalidState('document_read_only');
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
      await this.changed(doc.meetingId, [next]);
      await this.ctx.audit?.record({
        actorId: actor.user.id,
        action: 'document.updated',
        targetType: 'document',
        targetId: documentId,
        data: { meetingId: doc.meetingId, from: auditFields(doc), to: auditFields(next) },
        ip: actor.ip ?? null,
      });
      // Who may open it may have changed (classification): live annotation layers are re-checked.
      if (input.classification) await this.ctx.accessChanged?.({ kind: 'meeting', meetingId: doc.meetingId });
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
    if (doc.readOnly) throw errors.invalidState('document_read_only');
    const removed = await this.ctx.store.documents.removeChain(doc.chainId);
    for (const sha of new Set(removed.map((d) => d.sha256))) {
      if ((await this.ctx.store.documents.countBySha(sha)) === 0) {
        await this.ctx.store.documents.removeText(sha);
        await this.blobs.remove(sha);
      }
    }
    await this.changed(
      doc.meetingId,
      [],
      removed.map((d) => d.id),
    );
    await this.ctx.accessChanged?.({ kind: 'meeting', meetingId: doc.meetingId });
    await this.ctx.audit?.record({
      actorId: actor.user.id,
      action: 'document.deleted',
      targetType: 'document',
      targetId: doc.id,
      data: { meetingId: doc.meetingId, chainId: doc.chainId, name: doc.name, versions: removed.length },
      ip: actor.ip ?? null,
    });
  }

  /** Tells the other modules (search, the meeting room) what changed, after it is stored. */
  async changed(meetingId: string, saved: DocumentRecord[], removedIds: string[] = []): Promise<void> {
    await this.ctx.bus.emit('document.changed', { meetingId, saved, removedIds });
  }
}

/** The fields of a document that a rename or reclassification changes, for the audit entry. */
function auditFields(d: DocumentRecord): Record<string, unknown> {
  return { name: d.name, agendaItemId: d.agendaItemId, classification: d.classification };
}
