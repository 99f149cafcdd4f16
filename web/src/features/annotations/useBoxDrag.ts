import { useEffect, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { pageRoot, type Annotation } from '@icabinet/shared';
import { GRID, updateAnnotation } from './annotations.model';
import { arranged, arrowKey, type ArrangeMode } from './arrange';
import { LOCAL_ORIGIN, type LayerHandle } from './useAnnotationLayer';

/** A pointer that moves less than this (CSS px) taps the box rather than dragging it. */
const TAP_SLOP_PX = { mouse: 4, other: 10 } as const;

/** A key repeat this long after the last change still belongs to the same undo step. */
const HELD_KEY_MS = 1000;

/** The box a drag or key press acts on. */
export interface BoxTarget {
  layer: LayerHandle;
  annotation: Annotation & { kind: 'text' | 'note' };
}

interface Drag {
  target: BoxTarget;
  page: number;
  mode: ArrangeMode;
  pointerId: number;
  slop: number;
  startX: number;
  startY: number;
  moved: boolean;
  /** The element positioned on the page (the text box, or the note around its pin). */
  el: HTMLElement;
  /** Its inline style before the drag, put back when the drag changes nothing. */
  style: Pick<CSSStyleDeclaration, 'left' | 'top' | 'width' | 'minHeight'>;
  /** Grid units per CSS pixel across and down the page. */
  scale: { x: number; y: number };
  dx: number;
  dy: number;
}

const pct = (units: number): string => `${(units / GRID) * 100}%`;

/** Shows a box where a drag has taken it, straight in the DOM (no render per pointer move). */
function preview(d: Drag): void {
  const a = arranged(d.target.annotation, d.mode, d.dx, d.dy);
  if (a.kind === 'note') {
    d.el.style.left = pct(a.points[0]);
    d.el.style.top = pct(a.points[1]);
  } else if (a.kind === 'text') {
    d.el.style.left = pct(a.rects[0]);
    d.el.style.top = pct(a.rects[1]);
    d.el.style.width = pct(a.rects[2]);
    d.el.style.minHeight = pct(a.rects[3]);
  }
}

/**
 * The drags of one page's boxes. One instance lives as long as the overlay, so its listeners keep
 * their identity across renders; the overlay's latest props come in through `props`.
 */
export class BoxDrag {
  props: { page: number; root: RefObject<HTMLElement | null>; onTap: (target: BoxTarget) => void };
  private drag: Drag | null = null;
  private dragged = false;

  constructor(props: BoxDrag['props']) {
    this.props = props;
  }

  /** Starts a drag from a pointerdown on the box (`el` is the element that is positioned). */
  readonly start = (e: PointerEvent<HTMLElement>, target: BoxTarget, mode: ArrangeMode, el: HTMLElement) => {
    // The page must not swipe (or the drawing surface start a mark) under a box being moved.
    e.stopPropagation();
    if (e.button !== 0 || this.drag) return;
    const box = this.props.root.current?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return;
    // No text selection by the mouse; the box (or the note's pin) takes the focus for the arrow keys.
    e.preventDefault();
    e.currentTarget.closest<HTMLElement>('[tabindex], button')?.focus({ preventScroll: true });
    this.dragged = false;
    this.drag = {
      target,
      page: this.props.page,
      mode,
      pointerId: e.pointerId,
      slop: e.pointerType === 'mouse' ? TAP_SLOP_PX.mouse : TAP_SLOP_PX.other,
      startX: e.clientX,
      startY: e.clientY,
      moved: false,
      el,
      style: {
        left: el.style.left,
        top: el.style.top,
        width: el.style.width,
        minHeight: el.style.minHeight,
      },
      scale: { x: GRID / box.width, y: GRID / box.height },
      dx: 0,
      dy: 0,
    };
    // The pointer stays with the box when it leaves it; the listeners are the box's own, so the
    // React renders that happen during the drag do not disturb it.
    e.currentTarget.setPointerCapture(e.pointerId);
    el.addEventListener('pointermove', this.onMove);
    el.addEventListener('pointerup', this.onUp);
    el.addEventListener('pointercancel', this.onCancel);
  };

  /** Moves (or, with Alt, resizes) a focused box by an arrow key; returns whether the key was used. */
  readonly nudge = (e: KeyboardEvent<HTMLElement>, target: BoxTarget): boolean => {
    const step = arrowKey(e);
    if (!step || e.ctrlKey || e.metaKey) return false;
    if (step.mode === 'resize' && target.annotation.kind !== 'text') return false;
    // Arrow keys otherwise turn the page or scroll it.
    e.preventDefault();
    e.stopPropagation();
    // A held key repeats: its moves join the step the first press made, so one undo takes it back.
    const undo = target.layer.undo;
    const captureTimeout = undo.captureTimeout;
    if (e.repeat) undo.captureTimeout = HELD_KEY_MS;
    try {
      updateAnnotation(
        target.layer.doc,
        this.props.page,
        target.annotation.id,
        (a) => arranged(a, step.mode, step.dx, step.dy),
        LOCAL_ORIGIN,
      );
    } finally {
      undo.captureTimeout = captureTimeout;
    }
    return true;
  };

  /** Whether the click that follows a pointerup is to be ignored (it ended a drag, not a tap). */
  readonly swallowClick = (): boolean => {
    const was = this.dragged;
    this.dragged = false;
    return was;
  };

  /** Drops a drag in progress (page turned, overlay gone). */
  readonly cancel = (): void => this.end(false);

  private readonly onMove = (e: globalThis.PointerEvent) => {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    e.stopPropagation();
    const px = e.clientX - d.startX;
    const py = e.clientY - d.startY;
    if (!d.moved && Math.hypot(px, py) < d.slop) return;
    if (!d.moved) d.el.classList.add('is-moving');
    d.moved = true;
    d.dx = Math.round(px * d.scale.x);
    d.dy = Math.round(py * d.scale.y);
    preview(d);
  };

  private readonly onUp = (e: globalThis.PointerEvent) => {
    if (e.pointerId !== this.drag?.pointerId) return;
    e.stopPropagation();
    this.end(true);
  };

  private readonly onCancel = (e: globalThis.PointerEvent) => {
    if (e.pointerId === this.drag?.pointerId) this.end(false);
  };

  private end(commit: boolean): void {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    d.el.removeEventListener('pointermove', this.onMove);
    d.el.removeEventListener('pointerup', this.onUp);
    d.el.removeEventListener('pointercancel', this.onCancel);
    d.el.classList.remove('is-moving');
    this.dragged = d.moved;
    if (!d.moved) {
      if (commit) this.props.onTap(d.target);
      return;
    }
    const { doc } = d.target.layer;
    const { id } = d.target.annotation;
    const map = doc.getMap<unknown>(pageRoot(d.page));
    const before = map.get(id);
    // Applied to the annotation as it is now: a text typed meanwhile on another device is kept.
    if (commit) updateAnnotation(doc, d.page, id, (a) => arranged(a, d.mode, d.dx, d.dy), LOCAL_ORIGIN);
    // Nothing written (cancelled, or erased meanwhile): the box goes back to where it is stored.
    if (map.get(id) === before) Object.assign(d.el.style, d.style);
  }
}

/**
 * Dragging text boxes and sticky notes (and resizing text boxes by their corner handle) with a
 * finger, stylus or mouse, and nudging them with the arrow keys. The box follows the pointer on
 * this screen only; letting go writes the change once (`updateAnnotation`, one undo step). A
 * pointer that hardly moved is a tap (`onTap`).
 */
export function useBoxDrag(props: BoxDrag['props']): BoxDrag {
  const [drag] = useState(() => new BoxDrag(props));
  useEffect(() => {
    drag.props = props;
  });
  // A page turn in the middle of a drag drops it.
  useEffect(() => () => drag.cancel(), [drag, props.page]);
  return drag;
}
