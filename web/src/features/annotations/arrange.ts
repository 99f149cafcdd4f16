import type { Annotation } from '@icabinet/shared';
import { GRID } from './annotations.model';

/**
 * Moving and resizing text boxes and sticky notes, in grid units of the page. Every result stays
 * on the page, and a text box never shrinks below a finger-sized box at the usual zoom (800 units
 * of a tablet page's ~780 px width are 62 px; 450 of its ~1,100 px height are 50 px).
 */
export const MIN_TEXT_BOX = { w: 800, h: 450 } as const;

/** How far an arrow key moves (or, with Alt, resizes) a focused box: 1 % of the page, 5 % with Shift. */
export const KEY_STEP = { small: 100, large: 500 } as const;

/** A text box's [x, y, w, h]. */
export type BoxRect = [number, number, number, number];

/** How a drag changes a box. */
export type ArrangeMode = 'move' | 'resize';

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.round(v)));

/** A text box moved by (dx, dy), kept on the page. */
export function moveRect(rect: readonly number[], dx: number, dy: number): BoxRect {
  const [x = 0, y = 0, w = 0, h = 0] = rect;
  return [clamp(x + dx, 0, GRID - w), clamp(y + dy, 0, GRID - h), w, h];
}

/** A text box grown by (dw, dh) from its top-left corner: not below the minimum, not past the page. */
export function resizeRect(rect: readonly number[], dw: number, dh: number): BoxRect {
  const [x = 0, y = 0, w = 0, h = 0] = rect;
  return [
    x,
    y,
    clamp(w + dw, Math.min(MIN_TEXT_BOX.w, w), GRID - x),
    clamp(h + dh, Math.min(MIN_TEXT_BOX.h, h), GRID - y),
  ];
}

/** A sticky note's point moved by (dx, dy), kept on the page. */
export function movePoint(point: readonly number[], dx: number, dy: number): [number, number] {
  const [x = 0, y = 0] = point;
  return [clamp(x + dx, 0, GRID), clamp(y + dy, 0, GRID)];
}

/** Whether a mark can be moved (text boxes and sticky notes; ink and highlights stay put). */
export const isMovable = (a: Annotation): a is Annotation & { kind: 'text' | 'note' } =>
  a.kind === 'text' || a.kind === 'note';

/** The annotation with a drag of (dx, dy) grid units applied: moved, or (a text box) resized. */
export function arranged(a: Annotation, mode: ArrangeMode, dx: number, dy: number): Annotation {
  if (a.kind === 'note') return mode === 'move' ? { ...a, points: movePoint(a.points, dx, dy) } : a;
  if (a.kind === 'text')
    return { ...a, rects: mode === 'move' ? moveRect(a.rects, dx, dy) : resizeRect(a.rects, dx, dy) };
  return a;
}

/**
 * What an arrow key does to a focused box: a move, or with Alt a resize (text boxes only);
 * null for any other key.
 */
export function arrowKey(key: { key: string; shiftKey: boolean; altKey: boolean }): {
  mode: ArrangeMode;
  dx: number;
  dy: number;
} | null {
  const step = key.shiftKey ? KEY_STEP.large : KEY_STEP.small;
  const dir: Record<string, [number, number]> = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };
  const d = dir[key.key];
  if (!d) return null;
  return { mode: key.altKey ? 'resize' : 'move', dx: d[0] * step, dy: d[1] * step };
}
