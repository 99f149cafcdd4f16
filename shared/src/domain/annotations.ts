import { z } from 'zod';

/**
 * The content model of an annotation layer (one Y.Doc per document × layer).
 *
 *   doc.getMap(pageRoot(n))   'page:<n>' for the 1-based page n: Y.Map<annotationId, Y.Map>
 *   doc.getMap('meta')        reserved for layer-wide settings
 *
 * One root map per page rather than a `pages` map of page maps: two devices that put the first
 * note on the same page at the same time would each create a nested page map and one of the two
 * maps (with its notes) would lose; root types are merged by name and cannot conflict.
 * An annotation is a Y.Map holding the fields of `Annotation` below as plain values (`points`
 * and `rects` are plain integer arrays, set once when the stroke ends; live drawing goes through
 * awareness). The server refuses updates that touch any other root type.
 *
 * Geometry is page-relative and quantised to integers on a grid of `ANNOTATION_GRID` units per
 * page width (x) and height (y), origin at the top-left of the page as displayed: integers take
 * about a quarter of the bytes of float64 and do not depend on the zoom the stroke was drawn at.
 * The eraser deletes an annotation's key; undo/redo is a Y.UndoManager over the page maps,
 * tracking the local origin only.
 */
export const ANNOTATION_GRID = 10_000;

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
 * One annotation as read from its Y.Map (`ymap.toJSON()`):
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
    text: z.string().max(5000),
  }),
  z.object({
    ...Common,
    kind: z.literal('text'),
    rects: z.tuple([Coord, Coord, Coord, Coord]),
    text: z.string().max(5000),
    fontSize: z.number().int().min(10).max(2000).optional(),
  }),
]);
export type Annotation = z.infer<typeof Annotation>;

/** Quantises a page-relative coordinate (0..1) to the grid. */
export const toGrid = (fraction: number): number =>
  Math.max(0, Math.min(ANNOTATION_GRID, Math.round(fraction * ANNOTATION_GRID)));

/** A grid coordinate back to a page-relative fraction (0..1). */
export const fromGrid = (units: number): number => units / ANNOTATION_GRID;

/**
 * Reads the annotations of a layer from its root maps as JSON (`{ 'page:3': map.toJSON(), … }`),
 * page by page in page order. Entries that do not fit the model (an older or broken client) are
 * skipped, not fatal.
 */
export function readAnnotationPages(
  roots: Record<string, unknown>,
): { page: number; annotations: Annotation[] }[] {
  const out: { page: number; annotations: Annotation[] }[] = [];
  for (const [name, value] of Object.entries(roots)) {
    if (!name.startsWith('page:') || !isAnnotationRoot(name)) continue;
    if (typeof value !== 'object' || value === null) continue;
    const annotations: Annotation[] = [];
    for (const raw of Object.values(value as Record<string, unknown>)) {
      const parsed = Annotation.safeParse(raw);
      if (parsed.success) annotations.push(parsed.data);
    }
    annotations.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    out.push({ page: Number(name.slice(5)), annotations });
  }
  return out.sort((a, b) => a.page - b.page);
}
