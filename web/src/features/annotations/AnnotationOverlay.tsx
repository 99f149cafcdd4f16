import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { toGrid, type Annotation } from '@icabinet/shared';
import {
  addAnnotation,
  GRID,
  hits,
  newAnnotationId,
  pageAnnotations,
  removeAnnotations,
  selectionToGridRects,
  setAnnotationText,
  thinPoints,
  type Tool,
} from './annotations.model';
import { AnnotationIcon } from './AnnotationIcon';
import { LiveStrokePublisher, type LiveStroke } from './live-strokes';
import { LiveStrokes } from './LiveStrokes';
import { AnnotationBoxes, TEXT_SIZE, type Editing } from './AnnotationBoxes';
import { LOCAL_ORIGIN, useDocVersion, type LayerHandle } from './useAnnotationLayer';

/** The pen as the toolbar set it. */
export interface PenSettings {
  tool: Tool;
  color: string;
  /** Ink width in grid units of the page width. */
  width: number;
}

const HIGHLIGHT_OPACITY = 0.35;
/** Ends a stroke without a new point (the page turned under it). */
const NO_POINTER: PointerSample = { pointerId: -1, pointerType: '', clientX: 0, clientY: 0, pressure: 0 };
/** A new text box, in grid units. */
const TEXT_BOX = { w: 3200, h: 700 };
/** How close (CSS px) the eraser must come to a mark. */
const ERASER_REACH_PX = 14;

/**
 * A stroke in progress; it keeps the page it started on, so a page turn cannot move it. Ink and
 * rectangles are shown live on the layer's other devices (`live`) under the id they will be stored with.
 */
type Drag = { page: number } & (
  | {
      kind: 'ink';
      pointerId: number;
      id: string;
      live: LiveStrokePublisher;
      points: number[];
      pressure: number[];
    }
  | {
      kind: 'rect';
      pointerId: number;
      id: string;
      live: LiveStrokePublisher;
      x: number;
      y: number;
      x2: number;
      y2: number;
    }
  | { kind: 'erase'; pointerId: number }
);

/** The pointer as both React's and the DOM's events give it. */
type PointerSample = {
  pointerId: number;
  pointerType: string;
  clientX: number;
  clientY: number;
  pressure: number;
  getCoalescedEvents?: () => PointerSample[];
};

const inkPath = (p: readonly number[]): string => {
  if (p.length < 2) return '';
  let d = `M${p[0]} ${p[1]}`;
  if (p.length === 2) return `${d}l0 0`;
  for (let i = 2; i + 1 < p.length; i += 2) d += `L${p[i]} ${p[i + 1]}`;
  return d;
};

const meanPressure = (a: Annotation & { kind: 'ink' }): number => {
  if (!a.pressure || a.pressure.length === 0) return 50;
  return a.pressure.reduce((s, v) => s + v, 0) / a.pressure.length;
};

/**
 * The annotations of one page (the shared layer under the private one) and, while a tool is
 * chosen, the surface that draws on `active`. Coordinates are page-relative grid units, so marks
 * stay in place at every zoom. Without a tool the surface lets touches through: the page scrolls
 * and swipes as usual.
 */
export function AnnotationOverlay({
  page,
  layers,
  active,
  pen,
  userId,
}: {
  page: number;
  /** The signed-in user, recorded as each new mark's author. */
  userId: string;
  /** Layers shown, bottom first. */
  layers: readonly LayerHandle[];
  /** Where new marks go (null: nothing may be written now). */
  active: LayerHandle | null;
  pen: PenSettings;
}): ReactElement {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const live = useRef<SVGPathElement>(null);
  const liveRect = useRef<SVGRectElement>(null);
  const drag = useRef<Drag | null>(null);
  const penSeen = useRef(false);
  const [size, setSize] = useState({ width: 800, height: 1130 });
  const [editing, setEditing] = useState<Editing | null>(null);
  /** Where the "highlight the selection" button goes (page fractions), while text is selected. */
  const [selectionAt, setSelectionAt] = useState<{ x: number; y: number } | null>(null);
  const versions = [useDocVersion(layers[0]?.doc ?? null), useDocVersion(layers[1]?.doc ?? null)];
  void versions;

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A page turn or a layer switch closes the editor (its text is saved on blur first).
  const activeDoc = active?.doc ?? null;
  useEffect(() => setEditing(null), [page, activeDoc]);

  const drawing = pen.tool !== 'select' && active !== null;
  const pxPerUnit = size.width / GRID;

  const gridPoint = (e: { clientX: number; clientY: number }) => {
    const r = root.current!.getBoundingClientRect();
    return { x: toGrid((e.clientX - r.left) / r.width), y: toGrid((e.clientY - r.top) / r.height) };
  };

  const eraseAt = (onPage: number, x: number, y: number) => {
    if (!active) return;
    const slack = ERASER_REACH_PX / Math.max(pxPerUnit, 0.0001);
    const gone = pageAnnotations(active.doc, onPage)
      .filter((a) => hits(a, x, y, slack))
      .map((a) => a.id);
    removeAnnotations(active.doc, onPage, gone, LOCAL_ORIGIN);
  };

  const base = () => ({
    id: newAnnotationId(),
    color: pen.color,
    author: userId,
    createdAt: new Date().toISOString(),
  });

  /**
   * Starts a mark. `surface` takes the pointer capture; `stop` keeps the viewer's swipe-to-turn
   * from seeing the stroke.
   */
  const pointerDown = (e: PointerSample & { preventDefault(): void }, surface: Element, stop: () => void) => {
    if (!drawing || !active) return;
    stop();
    if (e.pointerType === 'pen') penSeen.current = true;
    // Palm rejection: once a stylus was used, a resting hand does not draw.
    if (e.pointerType === 'touch' && penSeen.current) return;
    if (drag.current) {
      // A second finger: the user pinches or scrolls, the stroke is dropped.
      if (e.pointerType === 'touch') cancelDrag();
      return;
    }
    e.preventDefault();
    const { x, y } = gridPoint(e);
    if (pen.tool === 'note' || pen.tool === 'text') {
      const a: Annotation =
        pen.tool === 'note'
          ? { ...base(), kind: 'note', points: [x, y], text: '' }
          : {
              ...base(),
              kind: 'text',
              rects: [Math.min(x, GRID - TEXT_BOX.w), Math.min(y, GRID - TEXT_BOX.h), TEXT_BOX.w, TEXT_BOX.h],
              text: '',
              fontSize: TEXT_SIZE,
            };
      addAnnotation(active.doc, page, a, LOCAL_ORIGIN);
      setEditing({ layer: active, id: a.id, kind: pen.tool, draft: '' });
      return;
    }
    surface.setPointerCapture(e.pointerId);
    if (pen.tool === 'pen') {
      drag.current = {
        page,
        kind: 'ink',
        pointerId: e.pointerId,
        id: newAnnotationId(),
        live: new LiveStrokePublisher(active.awareness),
        points: [x, y],
        pressure: [pressureOf(e)],
      };
      live.current?.setAttribute('d', inkPath([x, y]));
      publishLive(drag.current);
    } else if (pen.tool === 'highlighter') {
      drag.current = {
        page,
        kind: 'rect',
        pointerId: e.pointerId,
        id: newAnnotationId(),
        live: new LiveStrokePublisher(active.awareness),
        x,
        y,
        x2: x,
        y2: y,
      };
      updateLiveRect();
      publishLive(drag.current);
    } else if (pen.tool === 'eraser') {
      drag.current = { page, kind: 'erase', pointerId: e.pointerId };
      eraseAt(page, x, y);
    }
  };

  const pointerMove = (e: PointerSample, stop: () => void) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    stop();
    const events = e.getCoalescedEvents?.() ?? [];
    const samples = events.length > 0 ? events : [e];
    for (const s of samples) {
      const { x, y } = gridPoint(s);
      if (d.kind === 'ink') {
        d.points.push(x, y);
        d.pressure.push(pressureOf(s));
      } else if (d.kind === 'rect') {
        d.x2 = x;
        d.y2 = y;
      } else eraseAt(d.page, x, y);
    }
    if (d.kind === 'ink') live.current?.setAttribute('d', inkPath(d.points));
    if (d.kind === 'rect') updateLiveRect();
    publishLive(d);
  };

  /** Shows the stroke in progress to the layer's other devices (throttled by the publisher). */
  const publishLive = (d: Drag) => {
    if (d.kind === 'erase') return;
    const stroke: LiveStroke =
      d.kind === 'ink'
        ? {
            id: d.id,
            page: d.page,
            kind: 'ink',
            color: pen.color,
            width: pen.width,
            // About one CSS pixel between points, like the stored stroke.
            points: thinPoints(d.points, Math.max(1, Math.round(1 / Math.max(pxPerUnit, 0.0001)))),
          }
        : {
            id: d.id,
            page: d.page,
            kind: 'rect',
            color: pen.color,
            width: pen.width,
            points: [d.x, d.y, d.x2, d.y2],
          };
    d.live.update(stroke);
  };

  const pointerUp = (e: PointerSample, stop: () => void) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    stop();
    finish(d);
  };

  /**
   * Writes a finished stroke to the page it was drawn on, then clears the live copy the other
   * devices see. In this order the stroke leaves first rather than waiting behind the clear in
   * the socket's write buffer, and the other devices, which hide a live copy once the stored
   * stroke with its id is there, see one replace the other.
   */
  const finish = (d: Drag) => {
    drag.current = null;
    clearLive();
    write(d);
    if (d.kind !== 'erase') d.live.clear();
  };

  const write = (d: Drag) => {
    if (!active) return;
    if (d.kind === 'ink') {
      // About one CSS pixel between kept points.
      const step = Math.max(1, Math.round(1 / Math.max(pxPerUnit, 0.0001)));
      const { points, pressure } = thin(d.points, d.pressure, step);
      addAnnotation(
        active.doc,
        d.page,
        { ...base(), id: d.id, kind: 'ink', width: pen.width, points, pressure },
        LOCAL_ORIGIN,
      );
    } else if (d.kind === 'rect') {
      const x = Math.min(d.x, d.x2);
      const y = Math.min(d.y, d.y2);
      const w = Math.abs(d.x2 - d.x);
      const h = Math.abs(d.y2 - d.y);
      // A tap makes a line-sized mark instead of nothing.
      const rect = w < 30 && h < 30 ? [Math.max(0, x - 400), Math.max(0, y - 100), 800, 200] : [x, y, w, h];
      addAnnotation(
        active.doc,
        d.page,
        { ...base(), id: d.id, kind: 'highlight', rects: rect, opacity: HIGHLIGHT_OPACITY },
        LOCAL_ORIGIN,
      );
    }
  };

  /**
   * Highlights the text selected on this page (mouse, stylus, or a finger's long press) as one
   * annotation, a rectangle per line. Returns whether there was such a selection.
   */
  const highlightSelection = (): boolean => {
    const el = root.current;
    const textLayer = el?.parentElement?.querySelector('.textLayer');
    const selection = window.getSelection();
    if (!el || !textLayer || !active || !selection || selection.isCollapsed || selection.rangeCount === 0)
      return false;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(textLayer)) return false;
    const rects = selectionToGridRects(range.getClientRects(), el.getBoundingClientRect());
    selection.removeAllRanges();
    setSelectionAt(null);
    if (rects.length === 0) return false;
    addAnnotation(
      active.doc,
      page,
      { ...base(), kind: 'highlight', rects, opacity: HIGHLIGHT_OPACITY },
      LOCAL_ORIGIN,
    );
    return true;
  };

  const clearLive = () => {
    live.current?.setAttribute('d', '');
    liveRect.current?.setAttribute('width', '0');
  };

  /** Drops the stroke in progress (a second finger, a cancelled pointer): nothing is written. */
  const cancelDrag = () => {
    const d = drag.current;
    drag.current = null;
    clearLive();
    if (d && d.kind !== 'erase') d.live.clear();
  };

  // The page-level handlers below see the latest props through this ref.
  const handlers = useRef({ pointerDown, pointerMove, pointerUp, highlightSelection, cancelDrag });
  useEffect(() => {
    handlers.current = { pointerDown, pointerMove, pointerUp, highlightSelection, cancelDrag };
  });

  // Leaving the page (closing the document) mid-stroke takes the stroke off the other screens.
  useEffect(() => () => handlers.current.cancelDrag(), []);

  // A page turn (the presenter moving the room, say) ends a stroke in progress on its own page:
  // it is saved there, not lost and not carried over.
  useEffect(() => {
    const d = drag.current;
    if (d && d.page !== page) handlers.current.pointerUp({ ...NO_POINTER, pointerId: d.pointerId }, () => {});
    setSelectionAt(null);
  }, [page]);

  // The highlighter works on the text itself: the layer lets the pointer through to pdf.js's text
  // layer, a drag over text selects it, and letting go highlights the selection. Where there is no
  // text (a scan, a picture) the drag draws a rectangle instead.
  const highlighting = pen.tool === 'highlighter' && active !== null;
  useEffect(() => {
    const pageEl = root.current?.parentElement;
    if (!highlighting || !pageEl) return;
    let onText = false;
    const isMine = (t: EventTarget | null) => t instanceof Node && root.current?.contains(t) === true;
    const down = (e: globalThis.PointerEvent) => {
      if (isMine(e.target)) return;
      const t = e.target instanceof Element ? e.target : null;
      onText = t?.tagName === 'SPAN' && t.closest('.textLayer') !== null;
      setSelectionAt(null);
      if (onText) return;
      handlers.current.pointerDown(e, pageEl, () => e.stopPropagation());
    };
    const move = (e: globalThis.PointerEvent) => handlers.current.pointerMove(e, () => e.stopPropagation());
    const up = (e: globalThis.PointerEvent) => handlers.current.pointerUp(e, () => e.stopPropagation());
    const cancel = () => handlers.current.cancelDrag();
    // Letting go after selecting with a mouse or stylus highlights at once.
    const release = (e: globalThis.PointerEvent) => {
      if (!onText) return;
      onText = false;
      if (e.pointerType !== 'touch') handlers.current.highlightSelection();
    };
    // A finger's long-press selection is adjusted with its handles: it is highlighted with a tap
    // on the button shown under it.
    const selectionChanged = () => {
      const el = root.current;
      const textLayer = pageEl.querySelector('.textLayer');
      const selection = window.getSelection();
      if (!el || !textLayer || !selection || selection.isCollapsed || selection.rangeCount === 0) {
        setSelectionAt(null);
        return;
      }
      const range = selection.getRangeAt(0);
      if (!range.intersectsNode(textLayer)) {
        setSelectionAt(null);
        return;
      }
      const box = el.getBoundingClientRect();
      const r = range.getBoundingClientRect();
      setSelectionAt({
        x: Math.max(0, Math.min(1, (r.left + r.width / 2 - box.left) / box.width)),
        y: Math.max(0, Math.min(1, (r.bottom - box.top) / box.height)),
      });
    };
    // A rectangle drag over the page must not select text on the way.
    const selectStart = (e: Event) => {
      if (drag.current) e.preventDefault();
    };
    // One signal removes every listener when the effect is cleaned up.
    const listening = new AbortController();
    const { signal } = listening;
    pageEl.addEventListener('pointerdown', down, { signal });
    pageEl.addEventListener('selectstart', selectStart, { signal });
    pageEl.addEventListener('pointermove', move, { signal });
    pageEl.addEventListener('pointerup', up, { signal });
    pageEl.addEventListener('pointercancel', cancel, { signal });
    document.addEventListener('pointerup', release, { signal });
    document.addEventListener('selectionchange', selectionChanged, { signal });
    return () => {
      listening.abort();
      setSelectionAt(null);
    };
  }, [highlighting]);

  const updateLiveRect = () => {
    const d = drag.current;
    const r = liveRect.current;
    if (!d || d.kind !== 'rect' || !r) return;
    r.setAttribute('x', String(Math.min(d.x, d.x2)));
    r.setAttribute('y', String(Math.min(d.y, d.y2)));
    r.setAttribute('width', String(Math.abs(d.x2 - d.x)));
    r.setAttribute('height', String(Math.abs(d.y2 - d.y)));
  };

  const commitEdit = (close: boolean) => {
    if (!editing) return;
    const { layer, id, draft } = editing;
    if (draft.trim() === '') removeAnnotations(layer.doc, page, [id], LOCAL_ORIGIN);
    else setAnnotationText(layer.doc, page, id, draft, LOCAL_ORIGIN);
    if (close) setEditing(null);
  };

  const shown = layers.map((layer) => ({ layer, annotations: pageAnnotations(layer.doc, page) }));

  return (
    <div
      ref={root}
      className={drawing ? `ann-layer is-drawing tool-${pen.tool}` : 'ann-layer'}
      data-page={page}
      aria-label={t('annotations.surface', { page: String(page) })}
      role="group"
      onPointerDown={(e) => pointerDown(e.nativeEvent, e.currentTarget, () => e.stopPropagation())}
      onPointerMove={(e) => pointerMove(e.nativeEvent, () => e.stopPropagation())}
      onPointerUp={(e) => pointerUp(e.nativeEvent, () => e.stopPropagation())}
      onPointerCancel={cancelDrag}
    >
      <svg
        className="ann-layer__svg"
        viewBox={`0 0 ${GRID} ${GRID}`}
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        {shown.map(({ layer, annotations }) => (
          <g key={layer.layer} data-layer={layer.layer}>
            {annotations.map((a) => {
              if (a.kind === 'ink')
                return (
                  <path
                    key={a.id}
                    className="ann-ink"
                    data-id={a.id}
                    d={inkPath(a.points)}
                    stroke={a.color}
                    strokeOpacity={a.opacity ?? 1}
                    strokeWidth={Math.max(1, a.width * pxPerUnit * (0.6 + meanPressure(a) / 125))}
                  />
                );
              if (a.kind === 'highlight') {
                const rects = [];
                for (let i = 0; i + 3 < a.rects.length; i += 4)
                  rects.push(
                    <rect
                      key={i}
                      x={a.rects[i]}
                      y={a.rects[i + 1]}
                      width={a.rects[i + 2]}
                      height={a.rects[i + 3]}
                    />,
                  );
                return (
                  <g
                    key={a.id}
                    className="ann-highlight"
                    data-id={a.id}
                    fill={a.color}
                    fillOpacity={a.opacity ?? HIGHLIGHT_OPACITY}
                  >
                    {rects}
                  </g>
                );
              }
              return null;
            })}
          </g>
        ))}
        <path
          ref={live}
          className="ann-ink ann-ink--live"
          stroke={pen.color}
          strokeWidth={Math.max(1, pen.width * pxPerUnit)}
        />
        <rect ref={liveRect} className="ann-live-rect" fill={pen.color} width={0} height={0} />
      </svg>
      <LiveStrokes page={page} layers={layers} pxPerUnit={pxPerUnit} />
      {selectionAt && highlighting && (
        <button
          type="button"
          className="btn btn--primary ann-select-highlight"
          style={{ left: `${selectionAt.x * 100}%`, top: `${selectionAt.y * 100}%` }}
          // Keep the selection: the tap must not collapse it before it is read.
          onPointerDown={(e) => {
            e.stopPropagation();
            e.preventDefault();
          }}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => highlightSelection()}
        >
          <AnnotationIcon name="highlighter" size={20} />
          <span>{t('annotations.highlightSelection')}</span>
        </button>
      )}
      <AnnotationBoxes
        page={page}
        shown={shown}
        active={active}
        tool={pen.tool}
        pageHeight={size.height}
        root={root}
        editing={editing}
        onEdit={setEditing}
        onCommit={commitEdit}
      />
    </div>
  );
}

/** Pen pressure as 0..100 (a finger or mouse reports 0.5 while pressed, or 0). */
function pressureOf(e: { pressure: number }): number {
  const p = e.pressure > 0 ? e.pressure : 0.5;
  return Math.round(Math.max(0, Math.min(1, p)) * 100);
}

/** Thins a stroke's points and keeps each kept point's pressure. */
function thin(points: number[], pressure: number[], step: number): { points: number[]; pressure: number[] } {
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
