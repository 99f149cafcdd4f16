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
 * An annotation is ONE plain value in its page map (a `StoredAnnotation`: the fields of
 * `Annotation` without the id, which is the key, and with every integer array packed into bytes,
 * see `packInts`). A change (a note's text, a moved text box) replaces the whole value; the last
 * writer of an annotation wins, which is what one author editing their own note expects. One
 * value rather than a nested Y.Map of fields: a Y.Map costs a Yjs item per field, and a layer of
 * 10,000 strokes then took three times longer to decode and ten times the objects for a tablet
 * joining a meeting. Layers written before this format (a nested Y.Map per annotation, plain
 * number arrays) still read: `decodeAnnotation` takes either.
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

/**
 * An annotation as stored in its page map: the fields of `Annotation` without `id` (the map key),
 * integer arrays packed by `packInts`.
 */
export interface StoredAnnotation {
  kind: AnnotationKind;
  color: string;
  author: string;
  createdAt: string;
  opacity?: number;
  width?: number;
  points?: Uint8Array;
  pressure?: Uint8Array;
  rects?: Uint8Array;
  text?: string;
  fontSize?: number;
}

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

/** The value an annotation is stored as in its page map. */
export function encodeAnnotation(a: Annotation): StoredAnnotation {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a)) {
    if (key === 'id' || value === undefined) continue;
    out[key] = key in PACKED ? packInts(value as number[], PACKED[key as PackedField]) : value;
  }
  return out as unknown as StoredAnnotation;
}

/**
 * An annotation from its page-map key and stored value: the packed form, or the earlier form
 * (the JSON of a nested Y.Map with plain number arrays). Null when it does not fit the model
 * (an older or broken client): skipped, never fatal.
 */
export function decodeAnnotation(id: string, stored: unknown): Annotation | null {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return null;
  const fields: Record<string, unknown> = { ...(stored as Record<string, unknown>), id };
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
