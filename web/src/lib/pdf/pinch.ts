/** Pinch-zoom and two-finger pan arithmetic for the viewer, kept pure so it can be tested. */

export interface Point {
  x: number;
  y: number;
}

/** The smallest and largest zoom a pinch reaches (the presenter's zoom is sent as is). */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 4;

export const clampZoom = (z: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/** A zoom rounded to whole percent, so a pinch does not send 1.2345678. */
export const roundZoom = (z: number): number => Math.round(clampZoom(z) * 100) / 100;

export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
export const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** Where two fingers were when the pinch began, with the zoom and scroll of that moment. */
export interface PinchStart {
  a: Point;
  b: Point;
  zoom: number;
  scroll: Point;
}

/** What a pinch shows now: the zoom, and the scroll that keeps the point under the fingers there. */
export interface PinchFrame {
  zoom: number;
  /** Zoom relative to the start (what the page is scaled by while the fingers move). */
  scale: number;
  scroll: Point;
}

/**
 * The frame for the fingers now at `a`, `b`. `origin` is the stage's top-left on screen. The
 * content point under the starting midpoint stays under the current midpoint: spreading the
 * fingers zooms about them, moving both together pans.
 */
export function pinchFrame(start: PinchStart, a: Point, b: Point, origin: Point): PinchFrame {
  const d0 = distance(start.a, start.b);
  const ratio = d0 < 1 ? 1 : distance(a, b) / d0;
  const zoom = clampZoom(start.zoom * ratio);
  const scale = zoom / start.zoom;
  const m0 = midpoint(start.a, start.b);
  const m1 = midpoint(a, b);
  // The content point under the first midpoint, in unscaled content coordinates.
  const cx = start.scroll.x + (m0.x - origin.x);
  const cy = start.scroll.y + (m0.y - origin.y);
  return {
    zoom,
    scale,
    scroll: {
      x: Math.max(0, cx * scale - (m1.x - origin.x)),
      y: Math.max(0, cy * scale - (m1.y - origin.y)),
    },
  };
}

/**
 * The page width that fits the stage: the whole page (width and height) for the reader, or the
 * stage's width (at most `maxWidth`) for reading long text; then times the zoom.
 */
export function fittedWidth(
  fit: 'page' | 'width',
  stage: { width: number; height: number },
  pageRatio: number,
  zoom: number,
  maxWidth = 1100,
): number {
  const byWidth = Math.min(stage.width, maxWidth);
  const base = fit === 'page' && pageRatio > 0 ? Math.min(byWidth, stage.height / pageRatio) : byWidth;
  return Math.max(120, Math.round(base * zoom));
}
