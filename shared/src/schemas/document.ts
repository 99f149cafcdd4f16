import { z } from 'zod';
import { Id, IsoDateTime, Text, Version } from './common.js';
import { DocumentName } from './file-name.js';

/** Who may open a document: every participant, only those with a vote, or only the organisers. */
export const DocumentOpenBy = z.enum(['participants', 'voting', 'organisers']);
export type DocumentOpenBy = z.infer<typeof DocumentOpenBy>;

/** Who may open and download a document, and whether pages carry the viewer's name and unit. */
export const DocumentClassification = z.object({
  openBy: DocumentOpenBy,
  download: z.boolean(),
  watermark: z.boolean(),
});
export type DocumentClassification = z.infer<typeof DocumentClassification>;

export const DEFAULT_CLASSIFICATION: DocumentClassification = {
  openBy: 'participants',
  download: true,
  watermark: false,
};

/** A PDF in a meeting's library; one record per version, chained through `previousId`. */
export const MeetingDocument = z.object({
  id: Id,
  meetingId: Id,
  agendaItemId: Id.nullable(),
  /** The file name as uploaded, cleaned of any path; shown to people, never used as a path. */
  name: z.string(),
  /** sha256 of the original bytes, hex: the content address of the stored file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  pages: z.number().int().min(1),
  mime: z.literal('application/pdf'),
  classification: DocumentClassification,
  /** 1 for the first upload, +1 for each replacement. */
  versionNo: z.number().int().min(1),
  previousId: Id.nullable(),
  /** Whether this is the newest version of its chain. */
  latest: z.boolean(),
  /** Whether a qpdf rewrite (object streams) smaller than the original is served for viewing. */
  optimized: z.boolean(),
  /** An issued official document (a conclusion notice): it cannot be replaced, renamed or deleted. */
  readOnly: z.boolean().optional(),
  uploadedBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type MeetingDocument = z.infer<typeof MeetingDocument>;

/** Multipart text fields are strings; "true"/"1" and "false"/"0" become booleans. */
const FormBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

/** The text fields of an upload form (sent before the file parts). */
export const DocumentUploadFields = z.strictObject({
  agendaItemId: z
    .union([Id, z.literal('')])
    .optional()
    .transform((v) => (v ? v : null)),
  openBy: DocumentOpenBy.optional(),
  download: FormBool.optional(),
  watermark: FormBool.optional(),
});
export type DocumentUploadFields = z.infer<typeof DocumentUploadFields>;

/** Edits to a document's metadata; `version` is the one the client read. */
export const DocumentUpdateInput = z.strictObject({
  version: Version,
  name: DocumentName.optional(),
  agendaItemId: Id.nullable().optional(),
  classification: DocumentClassification.partial().optional(),
});
export type DocumentUpdateInput = z.infer<typeof DocumentUpdateInput>;

/** `GET /meetings/:id/documents?all=1`: organisers may ask for every version. */
export const DocumentListQuery = z.object({
  all: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
export type DocumentListQuery = z.infer<typeof DocumentListQuery>;

/** `GET /documents/:id/search`: one page that matches, with a short excerpt around the first match. */
export interface PageHit {
  page: number;
  /** How many times the words occur on the page. */
  count: number;
  snippet: string;
}

/** `GET /documents/:id/search`: one slice of the hits, and the totals over the whole document. */
export interface PageHits {
  items: PageHit[];
  /** Pages that match, over the whole document. */
  total: number;
  /** Times the words occur, over the whole document. */
  occurrences: number;
  /** Pages the document has (all of them were searched). */
  pagesSearched: number;
}

/** `GET /documents/:id/search`: the words to find in a document's text, and which slice of the hits. */
export const DocumentTextQuery = z.object({
  q: Text(200),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** `GET /documents/:id/file`: `download=1` asks for an attachment instead of inline. */
export const DocumentFileQuery = z.object({
  download: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

/** One file of a meeting's offline pack: the bytes a viewer gets from `url` (ranges cut from them). */
export interface PackFile {
  documentId: string;
  /** The version's chain position (1 = first upload). */
  versionNo: number;
  agendaItemId: string | null;
  name: string;
  pages: number;
  /** Content hash of the served bytes (sha256, `.o` when the smaller qpdf rewrite is served): the cache key. */
  contentHash: string;
  /** sha256 of the original upload. */
  sha256: string;
  /** Size of the served bytes. */
  size: number;
  url: string;
}

/** Why a document the caller may open is not in the pack. */
export type PackExclusion = 'confidential';

/**
 * `GET /meetings/:id/pack`: what a tablet keeps for a meeting to work offline — the current version
 * of every document the caller may open (minus the confidential ones, which are never stored on a
 * tablet), and the JSON resources the room reads.
 */
export interface MeetingPack {
  meetingId: string;
  /** Changes whenever the pack's content changes (a new version, a document removed or reclassified). */
  packVersion: string;
  files: PackFile[];
  /** Documents the caller may open that stay online only, and why. */
  excluded: { documentId: string; name: string; reason: PackExclusion }[];
  /** Same-origin GET URLs of the meeting's details, agenda, participants and document list. */
  resources: string[];
  totalBytes: number;
}
