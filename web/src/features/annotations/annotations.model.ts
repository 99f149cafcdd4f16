import * as Y from 'yjs';
import {
  ANNOTATION_GRID,
  byCreation,
  decodeAnnotation,
  encodeAnnotation,
  isAnnotationRoot,
  pageRoot,
  type Annotation,
  type AnnotationKind,
} from '@icabinet/shared';

/** The drawing tools; `select` leaves the page to scrolling, text selection and page swipes. */
export type Tool = 'select' | 'pen' | 'highlighter' | 'note' | 'text' | 'eraser';

/** Finger-friendly colours with Vietnamese names in the catalogue (`annotations.colors.*`). */
export const COLORS = {
  red: '#c8102e',
  blue: '#1450a3',
  green: '#17692f',
  black: '#1b2332',
  yellow: '#ffcd00',
} as const;
export type ColorName = keyof typeof COLORS;

/** Pen widths in grid units of the page width (10,000 = the page width). */
export const WIDTHS = { thin: 15, medium: 30, thick: 60 } as const;
export type WidthName = keyof typeof WIDTHS;

/** One annotation with where it lives. */
export interface PlacedAnnotation {
  page: number;
  annotation: Annotation;
}

/** A fresh id for an annotation (unique enough across devices). */
export const newAnnotationId = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * Records read so far, by their stored bytes (a Y.Map hands back the same value until the entry
 * changes): a page is drawn again on every change to it, and reading each of its records again
 * (UTF-8, JSON, checks) each time would cost more than drawing it.
 */
const readRecords = new WeakMap<Uint8Array, { id: string; annotation: Annotation | null }>();

/** The annotation a page-map value holds (a nested Y.Map is the form earlier clients wrote). */
function decodeEntry(id: string, value: unknown): Annotation | null {
  if (!(value instanceof Uint8Array))
    return decodeAnnotation(id, value instanceof Y.Map ? value.toJSON() : value);
  const known = readRecords.get(value);
  if (known && known.id === id) return known.annotation;
  const annotation = decodeAnnotation(id, value);
  readRecords.set(value, { id, annotation });
  return annotation;
}

/** The annotations of one page, valid ones only, oldest first. */
export function pageAnnotations(doc: Y.Doc, page: number): Annotation[] {
  const out: Annotation[] = [];
  doc.getMap<unknown>(pageRoot(page)).forEach((value, id) => {
    const a = decodeEntry(id, value);
    if (a) out.push(a);
  });
  return out.sort(byCreation);
}

/** Every annotation of a layer, page by page. */
export function allAnnotations(doc: Y.Doc): PlacedAnnotation[] {
  const out: PlacedAnnotation[] = [];
  const pages = [...doc.share.keys()]
    .filter((name) => name.startsWith('page:') && isAnnotationRoot(name))
    .map((name) => Number(name.slice(5)))
    .sort((a, b) => a - b);
  for (const page of pages)
    for (const annotation of pageAnnotations(doc, page)) out.push({ page, annotation });
  return out;
}

/** Adds an annotation to a page as one stored value (one transaction, one undo step). */
export function addAnnotation(doc: Y.Doc, page: number, annotation: Annotation, origin: unknown): void {
  // The page map is made before the transaction so the undo manager has it in scope when it starts.
  const map = doc.getMap<unknown>(pageRoot(page));
  doc.transact(() => map.set(annotation.id, encodeAnnotation(annotation)), origin);
}

/**
 * Changes an annotation (a note's text, a text box moved or resized) by replacing its stored
 * value: one undo step; nothing happens when it is gone (erased on another device) or unchanged.
 */
export function updateAnnotation(
  doc: Y.Doc,
  page: number,
  id: string,
  change: (a: Annotation) => Annotation,
  origin: unknown,
): void {
  const map = doc.getMap<unknown>(pageRoot(page));
  const current = map.has(id) ? decodeEntry(id, map.get(id)) : null;
  if (!current) return;
  const next = change(current);
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  doc.transact(() => map.set(id, encodeAnnotation({ ...next, id })), origin);
}

/** Changes the text of a note or text box. */
export function setAnnotationText(doc: Y.Doc, page: number, id: string, text: string, origin: unknown): void {
  updateAnnotation(
    doc,
    page,
    id,
    (a) => (a.kind === 'note' || a.kind === 'text' ? { ...a, text } : a),
    origin,
  );
}

/** Erases annotations by id. */
export function removeAnnotations(doc: Y.Doc, page: number, ids: string[], origin: unknown): void {
  if (ids.length === 0) return;
  doc.transact(() => {
    const map = doc.getMap(pageRoot(page));
    for (const id of ids) map.delete(id);
  }, origin);
}

/** The kinds a label is shown for in the notes list. */
export const KIND_ORDER: readonly AnnotationKind[] = ['ink', 'highlight', 'note', 'text'];

/** Point-to-segment distance, in grid units. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Whether a point (grid units) touches an annotation, within `slack` grid units. */
export function hits(a: Annotation, x: number, y: number, slack: number): boolean {
  const inRect = (rx: number, ry: number, rw: number, rh: number) =>
    x >= rx - slack && x <= rx + rw + slack && y >= ry - slack && y <= ry + rh + slack;
  switch (a.kind) {
    case 'ink': {
      const p = a.points;
      const reach = slack + a.width / 2;
      if (p.length === 2) return Math.hypot(x - p[0]!, y - p[1]!) <= reach;
      for (let i = 2; i + 1 < p.length; i += 2)
        if (segmentDistance(x, y, p[i - 2]!, p[i - 1]!, p[i]!, p[i + 1]!) <= reach) return true;
      return false;
    }
    case 'highlight':
      for (let i = 0; i + 3 < a.rects.length; i += 4)
        if (inRect(a.rects[i]!, a.rects[i + 1]!, a.rects[i + 2]!, a.rects[i + 3]!)) return true;
      return false;
    case 'note':
      return inRect(a.points[0], a.points[1], 300, 300);
    case 'text':
      return inRect(...a.rects);
  }
}

/**
 * Drops points closer than `minStep` grid units to the previous kept one: a finger reports
 * 60–120 points a second, most of them a pixel apart.
 */
export function thinPoints(points: number[], minStep: number): number[] {
  if (points.length <= 4) return points;
  const out = [points[0]!, points[1]!];
  for (let i = 2; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    const last = i + 2 >= points.length;
    if (last || Math.hypot(x - out[out.length - 2]!, y - out[out.length - 1]!) >= minStep) out.push(x, y);
  }
  return out;
}

/** A box on screen (a DOMRect or what a test makes up). */
export interface ScreenBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The content model's limit on a highlight's rectangles. */
const MAX_HIGHLIGHT_RECTS = 1000;

/**
 * A text selection's client rects as a highlight's `rects`: page-relative grid units
 * ([x, y, w, h, …]), one rectangle per line. Rects under a pixel (line breaks, empty spans) are
 * dropped, parts outside the page are clipped, and rects that share most of their height are
 * merged into their line's bounding box (pdf.js lays out a line as many spans).
 */
export function selectionToGridRects(rects: Iterable<ScreenBox>, page: ScreenBox): number[] {
  if (page.width <= 0 || page.height <= 0) return [];
  const lines: { top: number; bottom: number; left: number; right: number }[] = [];
  const boxes = [...rects]
    .filter((r) => r.width >= 1 && r.height >= 1)
    .map((r) => ({
      left: Math.max(r.left, page.left),
      right: Math.min(r.left + r.width, page.left + page.width),
      top: Math.max(r.top, page.top),
      bottom: Math.min(r.top + r.height, page.top + page.height),
    }))
    .filter((r) => r.right - r.left >= 1 && r.bottom - r.top >= 1)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  for (const r of boxes) {
    const line = lines.find((l) => {
      const overlap = Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top);
      return overlap >= 0.5 * Math.min(l.bottom - l.top, r.bottom - r.top);
    });
    if (line) {
      line.left = Math.min(line.left, r.left);
      line.right = Math.max(line.right, r.right);
      line.top = Math.min(line.top, r.top);
      line.bottom = Math.max(line.bottom, r.bottom);
    } else lines.push({ ...r });
  }
  const grid = (v: number, origin: number, size: number) =>
    Math.round(Math.max(0, Math.min(1, (v - origin) / size)) * ANNOTATION_GRID);
  const out: number[] = [];
  for (const l of lines.slice(0, MAX_HIGHLIGHT_RECTS)) {
    const x = grid(l.left, page.left, page.width);
    const y = grid(l.top, page.top, page.height);
    const w = grid(l.right, page.left, page.width) - x;
    const h = grid(l.bottom, page.top, page.height) - y;
    if (w > 0 && h > 0) out.push(x, y, w, h);
  }
  return out;
}

/** The grid size, re-exported for the overlay's viewBox. */
export const GRID = ANNOTATION_GRID;
