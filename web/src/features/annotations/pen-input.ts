import type { Annotation } from '@icabinet/shared';
import { GRID, thinPoints, type Tool } from './annotations.model';
import type { LiveStroke } from './live-strokes';

/**
 * The pen's input state machine, without DOM, React or Yjs: pointer samples (already in grid
 * units of the page) go in, effects for the overlay to carry out come out. Idle until a pointer
 * goes down with a drawing tool; then one stroke follows that pointer until it is lifted
 * (`commit`), cancelled (`cancel`: a second finger, a cancelled pointer) or its page turns away.
 */

/** The highlighter's default opacity. */
export const HIGHLIGHT_OPACITY = 0.35;
/** A new text box, in grid units. */
export const TEXT_BOX = { w: 3200, h: 700 };

/** One pointer sample, its position in grid units of the page. */
export interface PenSample {
  x: number;
  y: number;
  /** As the browser reports it: 0..1, 0 for devices without pressure. */
  pressure: number;
}

/** A pointer going down. */
export interface PenPointer extends PenSample {
  pointerId: number;
  pointerType: string;
}

/**
 * A stroke in progress; it keeps the page it started on, so a page turn cannot move it. Ink and
 * rectangles carry the id they will be stored with (their live copy on other devices uses it too).
 */
export type PenStroke = { page: number; pointerId: number } & (
  | { kind: 'ink'; id: string; points: number[]; pressure: number[] }
  | { kind: 'rect'; id: string; x: number; y: number; x2: number; y2: number }
  | { kind: 'erase' }
);

/** What the overlay must do. */
export type PenEffect =
  /** A note or text box placed with one tap: create it and open its editor. */
  | { type: 'place'; kind: 'note' | 'text'; page: number; x: number; y: number }
  /** A stroke began: capture the pointer, show it, publish it live. */
  | { type: 'start'; stroke: PenStroke }
  /** The stroke grew: redraw and publish it live. */
  | { type: 'progress'; stroke: PenStroke }
  /** Remove the marks the eraser touches at this point. */
  | { type: 'erase'; page: number; x: number; y: number }
  /** The stroke ended: store it on its page, then clear its live copy. */
  | { type: 'commit'; stroke: PenStroke }
  /** The stroke was dropped: clear it without storing anything. */
  | { type: 'cancel'; stroke: PenStroke };

/** The pen input of one page surface. */
export class PenInput {
  private stroke: PenStroke | null = null;
  /** Once a stylus was used, touches are a resting hand (palm rejection). */
  private penSeen = false;

  /** The stroke in progress, if any. */
  get current(): PenStroke | null {
    return this.stroke;
  }

  /** A pointer went down on `page` with `tool` (the caller checked that drawing is allowed). */
  down(p: PenPointer, tool: Tool, page: number, newId: () => string): PenEffect[] {
    if (p.pointerType === 'pen') this.penSeen = true;
    if (p.pointerType === 'touch' && this.penSeen) return [];
    if (this.stroke) {
      // A second finger: the user pinches or scrolls, the stroke is dropped.
      return p.pointerType === 'touch' ? this.cancel() : [];
    }
    const { x, y, pointerId } = p;
    switch (tool) {
      case 'note':
      case 'text':
        return [{ type: 'place', kind: tool, page, x, y }];
      case 'pen':
        this.stroke = {
          page,
          pointerId,
          kind: 'ink',
          id: newId(),
          points: [x, y],
          pressure: [pressureOf(p)],
        };
        return [{ type: 'start', stroke: this.stroke }];
      case 'highlighter':
        this.stroke = { page, pointerId, kind: 'rect', id: newId(), x, y, x2: x, y2: y };
        return [{ type: 'start', stroke: this.stroke }];
      case 'eraser':
        this.stroke = { page, pointerId, kind: 'erase' };
        return [
          { type: 'start', stroke: this.stroke },
          { type: 'erase', page, x, y },
        ];
      case 'select':
        return [];
    }
  }

  /** The pointer moved (all coalesced samples, oldest first); nothing when it is not the stroke's. */
  move(pointerId: number, samples: readonly PenSample[]): PenEffect[] {
    const s = this.stroke;
    if (!s || s.pointerId !== pointerId) return [];
    const effects: PenEffect[] = [];
    for (const { x, y, pressure } of samples) {
      if (s.kind === 'ink') {
        s.points.push(x, y);
        s.pressure.push(pressureOf({ pressure }));
      } else if (s.kind === 'rect') {
        s.x2 = x;
        s.y2 = y;
      } else effects.push({ type: 'erase', page: s.page, x, y });
    }
    effects.push({ type: 'progress', stroke: s });
    return effects;
  }

  /** The pointer was lifted; nothing when it is not the stroke's. */
  up(pointerId: number): PenEffect[] {
    const s = this.stroke;
    if (!s || s.pointerId !== pointerId) return [];
    this.stroke = null;
    return [{ type: 'commit', stroke: s }];
  }

  /** Drops the stroke in progress: nothing is written. */
  cancel(): PenEffect[] {
    const s = this.stroke;
    this.stroke = null;
    return s ? [{ type: 'cancel', stroke: s }] : [];
  }

  /** The surface now shows `page`: a stroke begun on another page is saved there, not carried over. */
  pageTurned(page: number): PenEffect[] {
    const s = this.stroke;
    return s && s.page !== page ? this.up(s.pointerId) : [];
  }
}

/** Pen pressure as 0..100 (a finger or mouse reports 0.5 while pressed, or 0). */
export function pressureOf(e: { pressure: number }): number {
  const p = e.pressure > 0 ? e.pressure : 0.5;
  return Math.round(Math.max(0, Math.min(1, p)) * 100);
}

/** Grid units per CSS pixel, at least 1: the spacing kept between a stroke's points. */
export const pointStep = (pxPerUnit: number): number =>
  Math.max(1, Math.round(1 / Math.max(pxPerUnit, 0.0001)));

/** Thins a stroke's points and keeps each kept point's pressure. */
export function thin(
  points: number[],
  pressure: number[],
  step: number,
): { points: number[]; pressure: number[] } {
  const kept = thinPoints(points, step);
  if (kept.length === points.length) return { points, pressure };
  // Walk both arrays together: thinPoints keeps points in order.
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i + 1 < kept.length; i += 2) {
    while (j + 1 < points.length && (points[j] !== kept[i] || points[j + 1] !== kept[i + 1])) j += 2;
    out.push(pressure[j / 2] ?? 50);
    j += 2;
  }
  return { points: kept, pressure: out };
}

/** The rectangle a highlighter drag covers, `[x, y, w, h]`; a tap makes a line-sized mark instead of nothing. */
export function dragRect(s: { x: number; y: number; x2: number; y2: number }): number[] {
  const x = Math.min(s.x, s.x2);
  const y = Math.min(s.y, s.y2);
  const w = Math.abs(s.x2 - s.x);
  const h = Math.abs(s.y2 - s.y);
  return w < 30 && h < 30 ? [Math.max(0, x - 400), Math.max(0, y - 100), 800, 200] : [x, y, w, h];
}

/** Where a tap puts a new text box: at the tap, kept inside the page. */
export const textBoxRect = (x: number, y: number): [number, number, number, number] => [
  Math.min(x, GRID - TEXT_BOX.w),
  Math.min(y, GRID - TEXT_BOX.h),
  TEXT_BOX.w,
  TEXT_BOX.h,
];

/** What every new mark records besides its shape. */
export interface MarkBase {
  id: string;
  color: string;
  author: string;
  createdAt: string;
}

/** The annotation a finished stroke stores (null for the eraser, which stores nothing). */
export function strokeAnnotation(
  s: PenStroke,
  base: MarkBase,
  width: number,
  step: number,
): Annotation | null {
  if (s.kind === 'ink') {
    const { points, pressure } = thin(s.points, s.pressure, step);
    return { ...base, id: s.id, kind: 'ink', width, points, pressure };
  }
  if (s.kind === 'rect')
    return { ...base, id: s.id, kind: 'highlight', rects: dragRect(s), opacity: HIGHLIGHT_OPACITY };
  return null;
}

/** The stroke as the layer's other devices see it while it is drawn (null for the eraser). */
export function liveStrokeOf(
  s: PenStroke,
  pen: { color: string; width: number },
  step: number,
): LiveStroke | null {
  if (s.kind === 'ink')
    return {
      id: s.id,
      page: s.page,
      kind: 'ink',
      color: pen.color,
      width: pen.width,
      points: thinPoints(s.points, step),
    };
  if (s.kind === 'rect')
    return {
      id: s.id,
      page: s.page,
      kind: 'rect',
      color: pen.color,
      width: pen.width,
      points: [s.x, s.y, s.x2, s.y2],
    };
  return null;
}

/** An SVG path through a stroke's points (a single point draws a dot). */
export const inkPath = (p: readonly number[]): string => {
  if (p.length < 2) return '';
  let d = `M${p[0]} ${p[1]}`;
  if (p.length === 2) return `${d}l0 0`;
  for (let i = 2; i + 1 < p.length; i += 2) d += `L${p[i]} ${p[i + 1]}`;
  return d;
};
