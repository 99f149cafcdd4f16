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
  setAnnotationText,
  type Tool,
} from './annotations.model';
import { AnnotationIcon } from './AnnotationIcon';
import { AnnotationMarks } from './AnnotationMarks';
import { LiveStrokePublisher } from './live-strokes';
import { LiveStrokes } from './LiveStrokes';
import { AnnotationBoxes, TEXT_SIZE, type Editing } from './AnnotationBoxes';
import {
  HIGHLIGHT_OPACITY,
  inkPath,
  liveStrokeOf,
  PenInput,
  pointStep,
  strokeAnnotation,
  textBoxRect,
  type PenEffect,
  type PenStroke,
} from './pen-input';
import { takeSelectionRects, useHighlighterSelection } from './text-selection';
import { LOCAL_ORIGIN, useDocVersion, type LayerHandle } from './useAnnotationLayer';

/** The pen as the toolbar set it. */
export interface PenSettings {
  tool: Tool;
  color: string;
  /** Ink width in grid units of the page width. */
  width: number;
}

/** How close (CSS px) the eraser must come to a mark. */
const ERASER_REACH_PX = 14;

/** The pointer as both React's and the DOM's events give it. */
type PointerSample = {
  pointerId: number;
  pointerType: string;
  clientX: number;
  clientY: number;
  pressure: number;
  getCoalescedEvents?: () => PointerSample[];
};

/**
 * The annotations of one page (the shared layer under the private one) and, while a tool is
 * chosen, the surface that draws on `active`. Coordinates are page-relative grid units, so marks
 * stay in place at every zoom. Without a tool the surface lets touches through: the page scrolls
 * and swipes as usual. The pen's logic is `PenInput` (pen-input.ts); this component turns its
 * effects into marks, live strokes and the editor.
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
  const input = useRef(new PenInput());
  /** Shows the stroke in progress on the layer's other devices. */
  const publisher = useRef<LiveStrokePublisher | null>(null);
  const [size, setSize] = useState({ width: 800, height: 1130 });
  const [editing, setEditing] = useState<Editing | null>(null);
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
  const step = pointStep(pxPerUnit);

  const gridPoint = (e: { clientX: number; clientY: number; pressure: number }) => {
    const r = root.current!.getBoundingClientRect();
    return {
      x: toGrid((e.clientX - r.left) / r.width),
      y: toGrid((e.clientY - r.top) / r.height),
      pressure: e.pressure,
    };
  };

  const base = () => ({
    id: newAnnotationId(),
    color: pen.color,
    author: userId,
    createdAt: new Date().toISOString(),
  });

  const eraseAt = (onPage: number, x: number, y: number) => {
    if (!active) return;
    const slack = ERASER_REACH_PX / Math.max(pxPerUnit, 0.0001);
    const gone = pageAnnotations(active.doc, onPage)
      .filter((a) => hits(a, x, y, slack))
      .map((a) => a.id);
    removeAnnotations(active.doc, onPage, gone, LOCAL_ORIGIN);
  };

  /** Draws the stroke in progress here and publishes it to the other devices (throttled). */
  const showStroke = (s: PenStroke) => {
    if (s.kind === 'ink') live.current?.setAttribute('d', inkPath(s.points));
    if (s.kind === 'rect') {
      const r = liveRect.current;
      r?.setAttribute('x', String(Math.min(s.x, s.x2)));
      r?.setAttribute('y', String(Math.min(s.y, s.y2)));
      r?.setAttribute('width', String(Math.abs(s.x2 - s.x)));
      r?.setAttribute('height', String(Math.abs(s.y2 - s.y)));
    }
    const stroke = liveStrokeOf(s, pen, step);
    if (stroke) publisher.current?.update(stroke);
  };

  const clearLive = () => {
    live.current?.setAttribute('d', '');
    liveRect.current?.setAttribute('width', '0');
  };

  /**
   * Carries out what the pen decided. A finished stroke is written to the page it was drawn on
   * before its live copy is cleared: in this order the stroke leaves first rather than waiting
   * behind the clear in the socket's write buffer, and the other devices, which hide a live copy
   * once the stored stroke with its id is there, see one replace the other.
   */
  const run = (effects: readonly PenEffect[]) => {
    for (const fx of effects) {
      switch (fx.type) {
        case 'place': {
          if (!active) break;
          const a: Annotation =
            fx.kind === 'note'
              ? { ...base(), kind: 'note', points: [fx.x, fx.y], text: '' }
              : { ...base(), kind: 'text', rects: textBoxRect(fx.x, fx.y), text: '', fontSize: TEXT_SIZE };
          addAnnotation(active.doc, fx.page, a, LOCAL_ORIGIN);
          setEditing({ layer: active, id: a.id, kind: fx.kind, draft: '' });
          break;
        }
        case 'start':
          publisher.current =
            fx.stroke.kind !== 'erase' && active ? new LiveStrokePublisher(active.awareness) : null;
          showStroke(fx.stroke);
          break;
        case 'progress':
          showStroke(fx.stroke);
          break;
        case 'erase':
          eraseAt(fx.page, fx.x, fx.y);
          break;
        case 'commit': {
          clearLive();
          const a = active ? strokeAnnotation(fx.stroke, base(), pen.width, step) : null;
          if (active && a) addAnnotation(active.doc, fx.stroke.page, a, LOCAL_ORIGIN);
          publisher.current?.clear();
          publisher.current = null;
          break;
        }
        case 'cancel':
          clearLive();
          publisher.current?.clear();
          publisher.current = null;
          break;
      }
    }
  };

  /**
   * Starts a mark. `surface` takes the pointer capture; `stop` keeps the viewer's swipe-to-turn
   * from seeing the stroke.
   */
  const pointerDown = (e: PointerSample & { preventDefault(): void }, surface: Element, stop: () => void) => {
    if (!drawing || !active) return;
    stop();
    const effects = input.current.down(
      { ...gridPoint(e), pointerId: e.pointerId, pointerType: e.pointerType },
      pen.tool,
      page,
      newAnnotationId,
    );
    if (effects.some((fx) => fx.type === 'place' || fx.type === 'start')) e.preventDefault();
    if (effects.some((fx) => fx.type === 'start')) surface.setPointerCapture(e.pointerId);
    run(effects);
  };

  const pointerMove = (e: PointerSample, stop: () => void) => {
    if (input.current.current?.pointerId !== e.pointerId) return;
    stop();
    const coalesced = e.getCoalescedEvents?.() ?? [];
    run(input.current.move(e.pointerId, (coalesced.length > 0 ? coalesced : [e]).map(gridPoint)));
  };

  const pointerUp = (e: PointerSample, stop: () => void) => {
    if (input.current.current?.pointerId !== e.pointerId) return;
    stop();
    run(input.current.up(e.pointerId));
  };

  /** Drops the stroke in progress (a second finger, a cancelled pointer): nothing is written. */
  const cancelDrag = () => run(input.current.cancel());

  /**
   * Highlights the text selected on this page (mouse, stylus, or a finger's long press) as one
   * annotation, a rectangle per line.
   */
  const highlightSelection = () => {
    const el = root.current;
    if (!el || !active) return;
    const rects = takeSelectionRects(el);
    if (rects === null) return;
    clearSelectionAt();
    if (rects.length === 0) return;
    addAnnotation(
      active.doc,
      page,
      { ...base(), kind: 'highlight', rects, opacity: HIGHLIGHT_OPACITY },
      LOCAL_ORIGIN,
    );
  };

  // The page-level handlers see the latest props through this ref.
  const current = {
    pointerDown,
    pointerMove,
    pointerUp,
    cancelDrag,
    highlightSelection,
    dragging: () => input.current.current !== null,
    turned: (p: number) => run(input.current.pageTurned(p)),
  };
  const handlers = useRef(current);
  useEffect(() => {
    handlers.current = current;
  });

  const highlighting = pen.tool === 'highlighter' && active !== null;
  const { selectionAt, clearSelectionAt } = useHighlighterSelection(root, highlighting, handlers);

  // Leaving the page (closing the document) mid-stroke takes the stroke off the other screens.
  useEffect(() => () => handlers.current.cancelDrag(), []);

  // A page turn (the presenter moving the room, say) ends a stroke in progress on its own page:
  // it is saved there, not lost and not carried over.
  useEffect(() => {
    handlers.current.turned(page);
    clearSelectionAt();
  }, [page, clearSelectionAt]);

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
          <AnnotationMarks
            key={layer.layer}
            layer={layer.layer}
            annotations={annotations}
            pxPerUnit={pxPerUnit}
          />
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
