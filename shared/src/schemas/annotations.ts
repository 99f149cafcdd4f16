import { z } from 'zod';
import { ANNOTATION_TEXT_MAX, AnnotationKind, type Annotation } from '../domain/annotations.js';
import { Id } from './common.js';
import { OpId } from './room.js';

/**
 * Size limits of the shared annotation layers. An update above `updateBytes` is refused (the
 * socket transport cap, SOCKET_MAX_PAYLOAD_BYTES, closes the connection on anything larger
 * still); a layer whose stored size passed `docBytes` refuses further writes; an update that
 * writes a string longer than `textChars` (or one that breaks the text rule) is refused.
 */
export const ANNOTATION_LIMITS = {
  updateBytes: 1_000_000,
  docBytes: 48 * 1024 * 1024,
  stateVectorBytes: 64 * 1024,
  awarenessBytes: 8 * 1024,
  /** A note's or text box's text (and any other string of an annotation), in characters. */
  textChars: ANNOTATION_TEXT_MAX,
} as const;

/** `shared`: the meeting's layer; `private`: the signed-in user's own layer (never anyone else's). */
export const AnnotationLayer = z.enum(['shared', 'private']);
export type AnnotationLayer = z.infer<typeof AnnotationLayer>;

/**
 * Binary payload: socket.io hands Node a Buffer and a browser an ArrayBuffer; both become a
 * Uint8Array here, capped at `max` bytes.
 */
export const Bytes = (max: number) =>
  z
    .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, 'bytes')
    .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
    .refine((v) => v.byteLength <= max, 'too_large');

/**
 * Which Yjs document a `doc:*` message is about: an annotation layer of a document (`shared`,
 * `private`), or a meeting's minutes (`minutes`, with `documentId` = the meeting's id). One
 * transport and one document manager for both (DESIGN §6).
 */
export const DocLayer = z.enum(['shared', 'private', 'minutes']);
export type DocLayer = z.infer<typeof DocLayer>;

const DocRef = { documentId: Id, layer: DocLayer };

/** `doc:join`: follow one layer; `stateVector` is what the client already holds (empty: nothing). */
export const DocJoinInput = z.strictObject({
  ...DocRef,
  stateVector: Bytes(ANNOTATION_LIMITS.stateVectorBytes).optional(),
});
export type DocJoinInput = z.infer<typeof DocJoinInput>;

/** `doc:update`: one Yjs update (v1 encoding) to store and pass on. */
export const DocUpdateInput = z.strictObject({
  ...DocRef,
  update: Bytes(ANNOTATION_LIMITS.updateBytes).refine((v) => v.byteLength > 0, 'empty'),
  opId: OpId.optional(),
});
export type DocUpdateInput = z.infer<typeof DocUpdateInput>;

/** `doc:awareness` (volatile, no ack): a y-protocols awareness update for one layer. */
export const DocAwarenessInput = z.strictObject({
  ...DocRef,
  update: Bytes(ANNOTATION_LIMITS.awarenessBytes),
});
export type DocAwarenessInput = z.infer<typeof DocAwarenessInput>;

/** `doc:leave`: stop following one layer. */
export const DocLeaveInput = z.strictObject(DocRef);
export type DocLeaveInput = z.infer<typeof DocLeaveInput>;

// ---- "Ghi chú của tôi" across a meeting ------------------------------------------------------

/** Characters of a note's or text box's text that "Ghi chú của tôi" shows. */
export const MY_NOTE_EXCERPT_CHARS = 200;

/**
 * What "Ghi chú của tôi" shows of an annotation's text: a note's or text box's words on one line,
 * at most `MY_NOTE_EXCERPT_CHARS` characters; null for ink, highlights and empty notes.
 */
export function noteExcerpt(a: Annotation): string | null {
  if (a.kind !== 'note' && a.kind !== 'text') return null;
  const line = a.text.replace(/\s+/g, ' ').trim();
  return line ? Array.from(line).slice(0, MY_NOTE_EXCERPT_CHARS).join('') : null;
}

/** `GET /meetings/:meetingId/annotations/mine`: the meeting whose documents are looked through. */
export const MyMeetingNotesParams = z.strictObject({ meetingId: Id });
export type MyMeetingNotesParams = z.infer<typeof MyMeetingNotesParams>;

/** One of my annotations as the list shows it: where it is and what it says, not its geometry. */
export const MyNoteItem = z.object({
  id: z.string(),
  /** `private`: my own layer; `shared`: something I wrote on the meeting's layer. */
  layer: AnnotationLayer,
  page: z.number().int().min(1),
  kind: AnnotationKind,
  color: z.string(),
  /** The start of a note's or text box's text (trimmed); null for ink, highlights and empty notes. */
  text: z.string().nullable(),
  createdAt: z.string(),
});
export type MyNoteItem = z.infer<typeof MyNoteItem>;

/** My annotations in one document, by page, then oldest first. */
export const MyDocumentNotes = z.object({
  documentId: Id,
  name: z.string(),
  /** Which version of the document the notes are on; `latest` false for a version since replaced. */
  versionNo: z.number().int().min(1),
  latest: z.boolean(),
  items: z.array(MyNoteItem),
});
export type MyDocumentNotes = z.infer<typeof MyDocumentNotes>;

/**
 * The answer: the documents of the meeting I may read that hold something of mine, in agenda
 * order, earlier versions included; `documentsChecked` counts the meeting's current documents
 * looked through, with notes or not.
 */
export const MyMeetingNotes = z.object({
  meetingId: Id,
  documentsChecked: z.number().int().min(0),
  documents: z.array(MyDocumentNotes),
});
export type MyMeetingNotes = z.infer<typeof MyMeetingNotes>;
