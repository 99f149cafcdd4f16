import { useCallback, useEffect, useState, type RefObject } from 'react';
import { selectionToGridRects } from './annotations.model';

/**
 * The highlighter on the text itself: the overlay lets the pointer through to pdf.js's text
 * layer, a drag over text selects it, and the selection becomes one highlight, a rectangle per
 * line. Where there is no text (a scan, a picture) the drag draws a rectangle instead.
 */

/** The selection on the page element's text layer, if there is a non-empty one. */
export function pageTextSelection(pageEl: Element | null | undefined): Range | null {
  const textLayer = pageEl?.querySelector('.textLayer');
  const selection = window.getSelection();
  if (!textLayer || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  return range.intersectsNode(textLayer) ? range : null;
}

/** Where the "highlight the selection" button goes: under the selection's middle, in page fractions. */
export function selectionButtonAt(
  selection: { left: number; width: number; bottom: number },
  page: { left: number; top: number; width: number; height: number },
): { x: number; y: number } {
  const clamp = (v: number) => Math.max(0, Math.min(1, v));
  return {
    x: clamp((selection.left + selection.width / 2 - page.left) / page.width),
    y: clamp((selection.bottom - page.top) / page.height),
  };
}

/**
 * Takes the text selected on the overlay's page: its lines as grid rectangles of the page, and
 * the selection is cleared. Null when nothing on this page is selected.
 */
export function takeSelectionRects(overlay: HTMLElement): number[] | null {
  const range = pageTextSelection(overlay.parentElement);
  if (!range) return null;
  const rects = selectionToGridRects(range.getClientRects(), overlay.getBoundingClientRect());
  window.getSelection()?.removeAllRanges();
  return rects;
}

/** Pointer handlers of the pen, which the page-level listeners pass events on to. */
export interface PagePointerHandlers {
  pointerDown(e: PointerEvent, surface: Element, stop: () => void): void;
  pointerMove(e: PointerEvent, stop: () => void): void;
  pointerUp(e: PointerEvent, stop: () => void): void;
  cancelDrag(): void;
  /** Highlights the current selection (a mouse or stylus let go over text). */
  highlightSelection(): void;
  /** Whether a stroke is in progress (a rectangle drag must not select text on the way). */
  dragging(): boolean;
}

/**
 * While the highlighter is on, listens on the overlay's page element: a press on text selects
 * (mouse and stylus highlight on release; a finger's long-press selection gets a button under
 * it, returned here as `selectionAt`), a press elsewhere goes to the pen. `handlers` is read at
 * event time, so it always sees the latest props.
 */
export function useHighlighterSelection(
  root: RefObject<HTMLElement | null>,
  enabled: boolean,
  handlers: RefObject<PagePointerHandlers>,
): { selectionAt: { x: number; y: number } | null; clearSelectionAt: () => void } {
  const [selectionAt, setSelectionAt] = useState<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const pageEl = root.current?.parentElement;
    if (!enabled || !pageEl) return;
    let onText = false;
    const isMine = (t: EventTarget | null) => t instanceof Node && root.current?.contains(t) === true;
    const down = (e: PointerEvent) => {
      if (isMine(e.target)) return;
      const t = e.target instanceof Element ? e.target : null;
      onText = t?.tagName === 'SPAN' && t.closest('.textLayer') !== null;
      setSelectionAt(null);
      if (onText) return;
      handlers.current.pointerDown(e, pageEl, () => e.stopPropagation());
    };
    const move = (e: PointerEvent) => handlers.current.pointerMove(e, () => e.stopPropagation());
    const up = (e: PointerEvent) => handlers.current.pointerUp(e, () => e.stopPropagation());
    const cancel = () => handlers.current.cancelDrag();
    // Letting go after selecting with a mouse or stylus highlights at once.
    const release = (e: PointerEvent) => {
      if (!onText) return;
      onText = false;
      if (e.pointerType !== 'touch') handlers.current.highlightSelection();
    };
    // A finger's long-press selection is adjusted with its handles: it is highlighted with a tap
    // on the button shown under it.
    const selectionChanged = () => {
      const el = root.current;
      const range = pageTextSelection(pageEl);
      if (!el || !range) {
        setSelectionAt(null);
        return;
      }
      setSelectionAt(selectionButtonAt(range.getBoundingClientRect(), el.getBoundingClientRect()));
    };
    const selectStart = (e: Event) => {
      if (handlers.current.dragging()) e.preventDefault();
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
  }, [enabled, root, handlers]);

  const clearSelectionAt = useCallback(() => setSelectionAt(null), []);
  return { selectionAt, clearSelectionAt };
}
