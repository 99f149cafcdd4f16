import {
  ANNOTATION_LIMITS,
  docPrivateRoom,
  docSharedRoom,
  isAnnotationRoot,
  noteExcerpt,
  readAnnotationPages,
  storedAuthor,
  type Annotation,
  type AnnotationLayer,
  type DocLayer,
  type MyMeetingNotes,
  type MyNoteItem,
  type SystemRole,
} from '@icabinet/shared';
import { refusal } from '../../access/meeting-access.js';
import { errors, type AppError } from '../../errors.js';
import { DocManager, type LayerKey } from '../../collab/doc-manager.js';
import { AwarenessRegistry } from '../../collab/awareness.js';
import type { Actor } from '../../actor.js';
import type { DocumentRecord } from '../../store/documents.port.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { Core } from '../module.js';
import { documentErrors } from '../documents/documents.errors.js';
import { formatHanoiTime } from '../documents/documents.watermark.js';
import { burnAnnotations } from './annotations.export.js';

/** How long a socket's right to write a layer is trusted before it is checked again (presenter changes). */
const STANDING_TTL_MS = 3000;

/** Who asks, as the socket or the session knows them. */
export interface LayerCaller {
  userId: string;
  systemRole: SystemRole;
}

/** A caller's standing on one layer of one document, as checked at `checkedAt`. */
export interface LayerStanding {
  documentId: string;
  meetingId: string;
  layer: DocLayer;
  /** The layer's key in the doc manager and the store. */
  key: LayerKey;
  /** The Socket.IO room of the layer. */
  room: string;
  canWrite: boolean;
  /** Why writes are refused when `canWrite` is false (default: `annotation_read_only`). */
  writeRefusal?: AppError;
  checkedAt: number;
}

/** The annotation layers of documents: who may read and write which layer, the docs, the export. */
export class AnnotationsService {
  readonly docs: DocManager;
  readonly awareness = new AwarenessRegistry();

  constructor(
    private readonly ctx: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'access'>,
    /** The documents' stored files (the export burns annotations into the original). */
    private readonly blobs: Pick<DiskBlobStore, 'pathOf' | 'sizeOf'>,
  ) {
    this.docs = new DocManager(
      ctx.store.annotations,
      ctx.logger.child({ component: 'collab' }),
      () => ctx.clock.now(),
      {
        isRoot: isAnnotationRoot,
        compactAfterRows: ctx.config.annotations.compactAfterRows,
        compactQuietMs: ctx.config.annotations.compactQuietMs,
        idleMs: ctx.config.annotations.idleMs,
        maxDocBytes: ANNOTATION_LIMITS.docBytes,
        maxTextChars: ANNOTATION_LIMITS.textChars,
        clustered: !!ctx.config.redisUrl,
      },
    );
  }

  private get access() {
    return this.ctx.access;
  }

  /**
   * The annotations of one layer, page by page. `keep` sees each stored value before it is
   * decoded, so a large shared layer can be narrowed to one author without decoding the rest.
   */
  private readLayer(
    key: LayerKey,
    keep?: (stored: unknown) => boolean,
  ): Promise<{ page: number; annotations: Annotation[] }[]> {
    return this.docs.read(key, (y) => {
      const roots: Record<string, unknown> = {};
      for (const name of y.share.keys()) {
        if (!isAnnotationRoot(name)) continue;
        const json = y.getMap(name).toJSON();
        roots[name] = keep ? Object.fromEntries(Object.entries(json).filter(([, v]) => keep(v))) : json;
      }
      return readAnnotationPages(roots);
    });
  }

  /** Checks (again) what the caller may do on one layer. */
  async standing(caller: LayerCaller, documentId: string, layer: AnnotationLayer): Promise<LayerStanding> {
    const { doc, standing } = await this.access.requireDocument(caller, documentId, 'annotateRead');
    const { meeting } = standing;
    const canWrite =
      layer === 'private'
        ? standing.mayDocument(doc, 'annotatePrivate')
        : standing.mayDocument(doc, 'annotateShared', {
            isPresenter: await this.access.isPresenter(standing),
          });
    const shared = layer === 'shared';
    return {
      documentId,
      meetingId: meeting.id,
      layer,
      key: { documentId, layer: shared ? 'shared' : `u:${caller.userId}` },
      room: shared ? docSharedRoom(documentId) : docPrivateRoom(documentId, caller.userId),
      canWrite,
      checkedAt: Date.now(),
    };
  }

  /**
   * A viewer screen's standing: the shared layer of the document its meeting's room shows now,
   * read-only. Another layer, another meeting's document or one not being shown is refused.
   */
  async viewerStanding(
    viewer: { meetingId: string },
    documentId: string,
    layer: AnnotationLayer,
    shownDocumentId: string | null,
  ): Promise<LayerStanding> {
    if (layer !== 'shared') throw errors.forbidden('viewer_read_only');
    const doc = await this.ctx.store.documents.getById(documentId);
    if (!doc) throw errors.notFound('document_not_found');
    if (doc.meetingId !== viewer.meetingId) throw errors.forbidden('viewer_link_other_meeting');
    if (shownDocumentId !== documentId) throw errors.forbidden('viewer_document_not_shown');
    if (viewerRestricted(doc)) throw errors.forbidden('viewer_document_restricted');
    return {
      documentId,
      meetingId: doc.meetingId,
      layer: 'shared',
      key: { documentId, layer: 'shared' },
      room: docSharedRoom(documentId),
      canWrite: false,
      checkedAt: Date.now(),
    };
  }

  /** The standing again when the one held is older than a few seconds. */
  refresh(caller: LayerCaller, s: LayerStanding): Promise<LayerStanding> | LayerStanding {
    if (Date.now() - s.checkedAt < STANDING_TTL_MS) return s;
    return this.standing(caller, s.documentId, s.layer === 'private' ? 'private' : 'shared');
  }

  /**
   * `GET /documents/:id/annotated.pdf`: the original PDF with the shared layer and the caller's
   * private layer drawn in, watermarked with the caller's name and unit when the effective
   * classification asks for it (the document's own, or any document of a confidential meeting).
   */
  async exportPdf(actor: Actor, documentId: string): Promise<{ bytes: Uint8Array; name: string }> {
    const caller = { userId: actor.user.id, systemRole: actor.user.systemRole };
    const { doc, standing } = await this.access.requireDocument(caller, documentId, 'download');
    const file = this.blobs.pathOf(doc.sha256, 'original');
    if ((await this.blobs.sizeOf(doc.sha256, 'original')) === null) throw documentErrors.notFound();
    const layers = [];
    for (const layer of ['shared', `u:${caller.userId}`])
      layers.push(await this.readLayer({ documentId, layer }));
    const { watermark } = standing.classification(doc);
    const unit =
      watermark && actor.user.unitId ? await this.ctx.store.units.getById(actor.user.unitId) : null;
    const bytes = await burnAnnotations(file, layers, {
      watermark: watermark
        ? {
            fullName: actor.user.fullName,
            unitName: unit?.name ?? null,
            at: formatHanoiTime(this.ctx.clock.now()),
          }
        : null,
    });
    return { bytes, name: doc.name.replace(/\.pdf$/i, '') + ' (ghi chú).pdf' };
  }

  /**
   * `GET /meetings/:meetingId/annotations/mine`: "Ghi chú của tôi" across the meeting. Every
   * document of the meeting the caller may read, in agenda order, with what is on their private
   * layer and what they wrote on the shared one. Reads only: nothing is stored or sent.
   */
  async myNotes(actor: Actor, meetingId: string): Promise<MyMeetingNotes> {
    const { store } = this.ctx;
    const userId = actor.user.id;
    const standing = await this.access.standing({ userId, systemRole: actor.user.systemRole }, meetingId);
    const d = standing.decide('view');
    if (!d.allow)
      throw refusal(d.reason === 'not_participant' ? { ...d, reason: 'annotation_notes_forbidden' } : d);
    // Every version: notes made on a version since replaced are still the reader's notes.
    const [docs, agenda] = await Promise.all([
      store.documents.listByMeeting(meetingId, { all: true }),
      store.agenda.list(meetingId),
    ]);
    const readable = inAgendaOrder(
      docs.filter((d) => standing.mayDocument(d, 'annotateRead')),
      agenda.map((item) => item.id),
    );
    const current = readable.filter((d) => d.latest).length;
    const byMe = (stored: unknown) => storedAuthor(stored) === userId;
    const documents: MyMeetingNotes['documents'] = [];
    // One document at a time: a meeting may hold dozens, each loaded for the call if nobody has it open.
    for (const d of readable) {
      const [own, shared] = await Promise.all([
        this.readLayer({ documentId: d.id, layer: `u:${userId}` }),
        this.readLayer({ documentId: d.id, layer: 'shared' }, byMe),
      ]);
      const items = [...listed(own, 'private'), ...listed(shared, 'shared')].sort(
        (a, b) => a.page - b.page || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
      );
      if (items.length > 0)
        documents.push({ documentId: d.id, name: d.name, versionNo: d.versionNo, latest: d.latest, items });
    }
    return { meetingId, documentsChecked: current, documents };
  }
}

/**
 * Documents as the meeting pack shows them: those of each agenda item in agenda order, then
 * those of no item (or of an item since deleted); upload order within each, and a document's
 * earlier versions right after its current one.
 */
function inAgendaOrder(docs: DocumentRecord[], itemIds: string[]): DocumentRecord[] {
  const rank = new Map(itemIds.map((id, i) => [id, i]));
  const rankOf = (d: DocumentRecord) => rank.get(d.agendaItemId ?? '') ?? itemIds.length;
  // A chain's versions stay together, newest first, where its first version was uploaded.
  const firstSeen = new Map<string, number>();
  docs.forEach((d, i) => firstSeen.set(d.chainId, Math.min(firstSeen.get(d.chainId) ?? i, i)));
  return [...docs].sort(
    (a, b) =>
      rankOf(a) - rankOf(b) ||
      firstSeen.get(a.chainId)! - firstSeen.get(b.chainId)! ||
      b.versionNo - a.versionNo,
  );
}

/** One layer's annotations as list items. */
function listed(
  pages: { page: number; annotations: Annotation[] }[],
  layer: MyNoteItem['layer'],
): MyNoteItem[] {
  return pages.flatMap(({ page, annotations }) =>
    annotations.map((a) => ({
      id: a.id,
      layer,
      page,
      kind: a.kind,
      color: a.color,
      text: noteExcerpt(a),
      createdAt: a.createdAt,
    })),
  );
}

/** A document whose rules keep it off screens without an account (named or restricted readers). */
export function viewerRestricted(doc: Pick<DocumentRecord, 'classification'>): boolean {
  return doc.classification.watermark || doc.classification.openBy !== 'participants';
}
