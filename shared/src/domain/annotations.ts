import { z } from 'zod';
import { cleanText } from '../schemas/common.js';

/**
 * The content model of an annotation layer (one Y.Doc per document × layer).
 *
 *   doc.getMap(pageRoot(n))   'page:<n>' for the 1-based page n: Y.Map<annotationId, record>
 *   doc.getMap('meta')        reserved for layer-wide settings
 *
 * One root map per page rather than a `pages` map of page maps: two devices that put the first
 * note on the same page at the same time would each create a nested page map and one of the two
 * maps (with its notes) would lose; root types are merged by name and cannot conflict.
 *
 * An annotation is ONE value in its page map: a `StoredAnnotation`, the bytes of one record (the
 * fields of `Annotation` without the id, which is the key; integer arrays packed by `packInts`;
 * see `encodeAnnotation`). A change (a note's text, a moved text box) replaces the whole value;
 * the last writer of an annotation wins, which is what one author editing their own note
 * expects. One value rather than a nested Y.Map of fields: a Y.Map costs a Yjs item per field,
 * and a layer of 10,000 strokes then took three times longer to decode and ten times the objects
 * for a tablet joining a meeting. Bytes rather than a plain object of fields: Yjs decodes every
 * string of a plain value one by one (eleven a stroke), and a layer of 10,000 strokes took 95 ms
 * to apply against 25 ms as bytes (2-core AMD EPYC, 2026-12-07) — fifty tablets joining at once
 * paid it fifty times. The fields are read when the application reads the annotation. Layers
 * written before (a plain object with packed arrays, or a nested Y.Map with number arrays) still
 * read: `decodeAnnotation` takes every form.
 *
 * Geometry is page-relative and quantised to integers on a grid of `ANNOTATION_GRID` units per
 * page width (x) and height (y), origin at the top-left of the page as displayed: integers pack
 * small and do not depend on the zoom the stroke was drawn at. Live drawing goes through
 * awareness; a stroke is written once when it ends. The eraser deletes an annotation's key;
 * undo/redo is a Y.UndoManager over the page maps, tracking the local origin only. The server
 * refuses updates that touch any other root type.
 */
export const ANNOTATION_GRID = 10_000;

/** The longest text of a note or a text box, in characters (the server refuses longer). */
export const ANNOTATION_TEXT_MAX = 5000;

/** The root map of one page (1-based page number). */
export const pageRoot = (page: number): string => `page:${page}`;

/** Whether a root type name belongs to the model. */
export const isAnnotationRoot = (name: string): boolean =>
  name === 'meta' || /^page:[1-9]\d{0,5}$/.test(name);

export const AnnotationKind = z.enum(['ink', 'highlight', 'note', 'text']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

const Coord = z.number().int().min(0).max(ANNOTATION_GRID);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color');

const Common = {
  id: z.string().min(1).max(64),
  color: Color,
  /** The signed-in user's id (the web sets it; the export shows no names). */
  author: z.string().max(64),
  /** ISO-8601 time the annotation was made. */
  createdAt: z.string().max(40),
  /** 0..1; defaults: ink 1, highlight 0.35, notes and text 1. */
  opacity: z.number().min(0).max(1).optional(),
};

/**
 * One annotation as the application sees it (`decodeAnnotation` of its stored value):
 * - ink: `points` = [x0, y0, x1, y1, …] (at least one point), `width` in grid units of the page
 *   width, optional `pressure` (0..100 per point);
 * - highlight: `rects` = [x, y, w, h, …], one rectangle per selected line;
 * - note: a sticky note at `points` [x, y] with `text`;
 * - text: a text box in `rects` [x, y, w, h] with `text` and `fontSize` (grid units of the page height).
 */
export const Annotation = z.discriminatedUnion('kind', [
  z.object({
    ...Common,
    kind: z.literal('ink'),
    width: z.number().int().min(1).max(1000),
    points: z
      .array(Coord)
      .min(2)
      .max(200_000)
      .refine((p) => p.length % 2 === 0, 'pairs'),
    pressure: z.array(z.number().int().min(0).max(100)).max(100_000).optional(),
  }),
  z.object({
    ...Common,
    kind: z.literal('highlight'),
    rects: z
      .array(Coord)
      .min(4)
      .max(4000)
      .refine((r) => r.length % 4 === 0, 'quads'),
  }),
  z.object({
    ...Common,
    kind: z.literal('note'),
    points: z.tuple([Coord, Coord]),
    text: z.string().max(ANNOTATION_TEXT_MAX).pipe(cleanText(true)),
  }),
  z.object({
    ...Common,
    kind: z.literal('text'),
    rects: z.tuple([Coord, Coord, Coord, Coord]),
    text: z.string().max(ANNOTATION_TEXT_MAX).pipe(cleanText(true)),
    fontSize: z.number().int().min(10).max(2000).optional(),
  }),
]);
export type Annotation = z.infer<typeof Annotation>;

/** Quantises a page-relative coordinate (0..1) to the grid. */
export const toGrid = (fraction: number): number =>
  Math.max(0, Math.min(ANNOTATION_GRID, Math.round(fraction * ANNOTATION_GRID)));

/** A grid coordinate back to a page-relative fraction (0..1). */
export const fromGrid = (units: number): number => units / ANNOTATION_GRID;

// ---- the stored form --------------------------------------------------------------------------

/** The integer-array fields and the stride their deltas are taken over (x with x, y with y …). */
const PACKED = { points: 2, rects: 4, pressure: 1 } as const;
type PackedField = keyof typeof PACKED;

/** An annotation as stored in its page map: one record's bytes (`encodeAnnotation`). */
export type StoredAnnotation = Uint8Array;

/**
 * Packs non-negative integers as zig-zag varints of their difference from the value `stride`
 * places before (the previous x for an x): a pen stroke's neighbouring points differ by a few
 * grid units, so most take one byte instead of the three of a Yjs number.
 */
export function packInts(values: readonly number[], stride: number): Uint8Array {
  const out = new Uint8Array(values.length * 5);
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - (i >= stride ? values[i - stride]! : 0);
    let z = d >= 0 ? d * 2 : -d * 2 - 1;
    while (z >= 0x80) {
      out[o++] = (z & 0x7f) | 0x80;
      z = Math.floor(z / 0x80);
    }
    out[o++] = z;
  }
  return out.slice(0, o);
}

/** The inverse of `packInts`; null when the bytes are not a whole number of varints (or too many). */
export function unpackInts(bytes: Uint8Array, stride: number, max = 200_000): number[] | null {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let z = 0;
    let scale = 1;
    for (;;) {
      if (i >= bytes.length || scale > 2 ** 35) return null;
      const b = bytes[i++]!;
      z += (b & 0x7f) * scale;
      scale *= 0x80;
      if (b < 0x80) break;
    }
    if (out.length >= max) return null;
    const d = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const n = out.length;
    out.push(d + (n >= stride ? out[n - stride]! : 0));
  }
  return out;
}

// ---- the record --------------------------------------------------------------------------------
//
//   byte 0      RECORD_FORMAT (1)
//   author      varuint byte length, then UTF-8 (first: the server reads it on every write)
//   fields      varuint byte length, then the UTF-8 JSON of the other scalar fields (kind, color,
//               createdAt, opacity, width, text, fontSize)
//   points, pressure, rects   each a varuint (byte length + 1, 0 when absent), then `packInts` bytes
//
// Nothing may follow. A record that does not read this way is no annotation (`decodeAnnotation`
// skips it; the server refuses it).

const RECORD_FORMAT = 1;
const PACKED_ORDER = ['points', 'pressure', 'rects'] as const satisfies readonly PackedField[];
/** Fields the JSON part may not carry: they have places of their own (or are the key). */
const NOT_IN_JSON = new Set<string>(['id', 'author', ...PACKED_ORDER]);
/** The WHATWG text codecs: global in browsers and in Node (this package types neither). */
const codecs = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
};
const utf8 = new codecs.TextEncoder();
const fromUtf8 = new codecs.TextDecoder('utf-8', { fatal: true });

/** `n` as an unsigned varint. */
function varUint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** A reader over a record's bytes; every read is null past the end. */
class RecordReader {
  i = 1;
  constructor(readonly bytes: Uint8Array) {}

  varUint(): number | null {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.i >= this.bytes.length || scale > 2 ** 28) return null;
      const b = this.bytes[this.i++]!;
      n += (b & 0x7f) * scale;
      scale *= 0x80;
      if (b < 0x80) return n;
    }
  }

  chunk(length: number): Uint8Array | null {
    if (this.i + length > this.bytes.length) return null;
    const out = this.bytes.subarray(this.i, this.i + length);
    this.i += length;
    return out;
  }

  text(): string | null {
    const n = this.varUint();
    const bytes = n === null ? null : this.chunk(n);
    if (!bytes) return null;
    try {
      return fromUtf8.decode(bytes);
    } catch {
      return null;
    }
  }
}

/** The value an annotation is stored as in its page map: one record (see above). */
export function encodeAnnotation(a: Annotation): StoredAnnotation {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a))
    if (!NOT_IN_JSON.has(key) && value !== undefined) fields[key] = value;
  const parts: Uint8Array[] = [Uint8Array.of(RECORD_FORMAT)];
  const sized = (bytes: Uint8Array) => parts.push(varUint(bytes.length), bytes);
  sized(utf8.encode(a.author));
  sized(utf8.encode(JSON.stringify(fields)));
  for (const key of PACKED_ORDER) {
    const values = (a as Partial<Record<PackedField, number[]>>)[key];
    const packed = values ? packInts(values, PACKED[key]) : null;
    // Length + 1, so that 0 says "absent" and an empty array stays one.
    if (packed) parts.push(varUint(packed.length + 1), packed);
    else parts.push(varUint(0));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The author a stored value names (a record, the earlier plain object), or undefined. */
export function storedAuthor(stored: unknown): string | undefined {
  if (stored instanceof Uint8Array) {
    if (stored[0] !== RECORD_FORMAT) return undefined;
    return new RecordReader(stored).text() ?? undefined;
  }
  const author: unknown =
    typeof stored === 'object' && stored !== null ? (stored as { author?: unknown }).author : undefined;
  return typeof author === 'string' ? author : undefined;
}

/**
 * The fields of a stored value as plain data: a record read back (integer arrays still packed),
 * the earlier plain object as it is; null when a record does not read (wrong format, lengths past
 * its end, bytes left over, JSON that is not an object or repeats a field that has its own place).
 */
export function storedFields(stored: unknown): Record<string, unknown> | null {
  if (!(stored instanceof Uint8Array)) {
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : null;
  }
  if (stored[0] !== RECORD_FORMAT) return null;
  const r = new RecordReader(stored);
  const author = r.text();
  const json = author === null ? null : r.text();
  if (json === null) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return null;
  const out: Record<string, unknown> = { ...(fields as Record<string, unknown>) };
  if (Object.keys(out).some((k) => NOT_IN_JSON.has(k))) return null;
  out.author = author;
  for (const key of PACKED_ORDER) {
    const len = r.varUint();
    if (len === null) return null;
    if (len === 0) continue;
    const bytes = r.chunk(len - 1);
    if (!bytes) return null;
    out[key] = bytes;
  }
  return r.i === stored.length ? out : null;
}

/**
 * An annotation from its page-map key and stored value: a record, or an earlier form (a plain
 * object of fields with packed arrays; the JSON of a nested Y.Map with plain number arrays). Null
 * when it does not fit the model (an older or broken client): skipped, never fatal.
 */
export function decodeAnnotation(id: string, stored: unknown): Annotation | null {
  const read = storedFields(stored);
  if (!read) return null;
  const fields: Record<string, unknown> = { ...read, id };
  for (const key of Object.keys(PACKED) as PackedField[]) {
    const v = fields[key];
    if (v instanceof Uint8Array) {
      const ints = unpackInts(v, PACKED[key]);
      if (!ints) return null;
      fields[key] = ints;
    }
  }
  const parsed = Annotation.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/** Oldest first, ties by id: the order annotations are drawn and listed in. */
export const byCreation = (a: Annotation, b: Annotation): number =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Reads the annotations of a layer from its root maps as JSON (`{ 'page:3': map.toJSON(), … }`),
 * page by page in page order, each page oldest first. Entries that do not fit the model are skipped.
 */
export function readAnnotationPages(
  roots: Record<string, unknown>,
): { page: number; annotations: Annotation[] }[] {
  const out: { page: number; annotations: Annotation[] }[] = [];
  for (const [name, value] of Object.entries(roots)) {
    if (!name.startsWith('page:') || !isAnnotationRoot(name)) continue;
    if (typeof value !== 'object' || value === null) continue;
    const annotations: Annotation[] = [];
    for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
      const a = decodeAnnotation(id, raw);
      if (a) annotations.push(a);
    }
    annotations.sort(byCreation);
    out.push({ page: Number(name.slice(5)), annotations });
  }
  return out.sort((a, b) => a.page - b.page);
}
