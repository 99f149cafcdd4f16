import { useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { pinchFrame, roundZoom, type PinchFrame, type PinchStart, type Point } from './pinch';

/** How the page is drawn while two fingers move: scaled and moved about the fingers' midpoint. */
export interface LivePinch {
  scale: number;
  /** The transform origin on the page, in its CSS pixels. */
  origin: Point;
  /** How far the midpoint moved (a two-finger pan). */
  shift: Point;
}

type Handlers = {
  onPointerDown: (e: ReactPointerEvent<HTMLDivElement>) => void;
  onPointerMove: (e: ReactPointerEvent<HTMLDivElement>) => void;
  onPointerUp: (e: ReactPointerEvent<HTMLDivElement>) => void;
  onPointerCancel: (e: ReactPointerEvent<HTMLDivElement>) => void;
};

/**
 * Finger gestures on the viewer's stage (pointer events; the stage has `touch-action: none`):
 * two fingers pinch to zoom and pan, one finger pans a page larger than the stage, and a
 * horizontal swipe on a page that fits turns the page. The zoom is committed when the fingers
 * lift (so the presenter sends one zoom, not a hundred), and the point under them stays there.
 */
export function useStageGestures({
  stage,
  zoom,
  onZoom,
  onSwipe,
}: {
  stage: RefObject<HTMLDivElement | null>;
  zoom: number;
  onZoom: (zoom: number) => void;
  onSwipe: (direction: 1 | -1) => void;
}): { handlers: Handlers; live: LivePinch | null } {
  const fingers = useRef(new Map<number, Point>());
  const pinch = useRef<{ start: PinchStart; frame: PinchFrame | null } | null>(null);
  const single = useRef<{ start: Point; last: Point; panned: boolean } | null>(null);
  const [live, setLive] = useState<LivePinch | null>(null);

  const stageOrigin = (): Point => {
    const r = stage.current?.getBoundingClientRect();
    return { x: r?.left ?? 0, y: r?.top ?? 0 };
  };
  const pageOrigin = (): Point => {
    const r = stage.current?.querySelector('.pdf-page')?.getBoundingClientRect();
    return { x: r?.left ?? 0, y: r?.top ?? 0 };
  };

  const finish = () => {
    const p = pinch.current;
    pinch.current = null;
    setLive(null);
    if (!p?.frame) return;
    const next = roundZoom(p.frame.zoom);
    const scroll = p.frame.scroll;
    if (next !== zoom) onZoom(next);
    // Once the page is drawn at the new zoom, keep the pinched point under the fingers.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => stage.current?.scrollTo({ left: scroll.x, top: scroll.y })),
    );
  };

  const handlers: Handlers = {
    onPointerDown: (e) => {
      if (e.pointerType !== 'touch') return;
      fingers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (fingers.current.size === 1) {
        const at = { x: e.clientX, y: e.clientY };
        single.current = { start: at, last: at, panned: false };
      } else if (fingers.current.size === 2) {
        single.current = null;
        const [a, b] = [...fingers.current.values()] as [Point, Point];
        const el = stage.current;
        pinch.current = {
          start: { a, b, zoom, scroll: { x: el?.scrollLeft ?? 0, y: el?.scrollTop ?? 0 } },
          frame: null,
        };
      }
    },
    onPointerMove: (e) => {
      if (!fingers.current.has(e.pointerId)) return;
      fingers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const p = pinch.current;
      if (p && fingers.current.size >= 2) {
        const [a, b] = [...fingers.current.values()] as [Point, Point];
        const frame = pinchFrame(p.start, a, b, stageOrigin());
        p.frame = frame;
        const page = pageOrigin();
        const m0 = { x: (p.start.a.x + p.start.b.x) / 2, y: (p.start.a.y + p.start.b.y) / 2 };
        const m1 = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
        setLive({
          scale: frame.scale,
          origin: { x: m0.x - page.x, y: m0.y - page.y },
          shift: { x: m1.x - m0.x, y: m1.y - m0.y },
        });
        return;
      }
      const s = single.current;
      const el = stage.current;
      if (!s || !el) return;
      const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (overflows) {
        el.scrollLeft -= e.clientX - s.last.x;
        el.scrollTop -= e.clientY - s.last.y;
        s.panned = true;
      }
      s.last = { x: e.clientX, y: e.clientY };
    },
    onPointerUp: (e) => {
      if (!fingers.current.has(e.pointerId)) return;
      // The lifting finger's last position counts (moves may have been coalesced into the up).
      if (pinch.current && fingers.current.size >= 2) handlers.onPointerMove(e);
      fingers.current.delete(e.pointerId);
      if (pinch.current) {
        if (fingers.current.size < 2) finish();
        return;
      }
      const s = single.current;
      single.current = null;
      if (!s || s.panned) return;
      const dx = e.clientX - s.start.x;
      if (Math.abs(dx) > 60 && Math.abs(dx) > Math.abs(e.clientY - s.start.y) * 1.5) onSwipe(dx < 0 ? 1 : -1);
    },
    onPointerCancel: (e) => {
      fingers.current.delete(e.pointerId);
      single.current = null;
      if (pinch.current && fingers.current.size < 2) finish();
    },
  };
  return { handlers, live };
}
