import { useCallback, useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { PdfPageCanvas } from './PdfPageCanvas';
import { fittedWidth } from './pinch';
import { usePdfDocument } from './usePdfDocument';
import { useStageGestures } from './useStageGestures';
import { Watermark } from './Watermark';
import './pdf-reader.css';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** A page number typed into the field: a whole number from 1 to `pages`, or null. */
export function parsePageNumber(text: string, pages: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= pages ? n : null;
}

/**
 * The page-number field. Typing only edits the field: the viewer (and, in the room, everyone
 * following the presenter) turns the page on Enter or when the field loses focus, so typing
 * "900" never shows pages 9 and 90 on the way. A number outside 1..pages is refused in words.
 */
function PageField({
  page,
  pages,
  onGo,
}: {
  page: number;
  pages: number;
  onGo: (page: number) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(String(page));
  const [invalid, setInvalid] = useState(false);
  const errorId = useId();
  useEffect(() => {
    setDraft(String(page));
    setInvalid(false);
  }, [page]);
  const commit = () => {
    if (draft.trim() === String(page)) {
      setInvalid(false);
      return;
    }
    const next = parsePageNumber(draft, pages);
    if (next === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onGo(next);
  };
  return (
    <div className="viewer__page">
      <input
        aria-label={t('viewer.pageLabel')}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        className="input input--compact viewer__page-input"
        type="number"
        inputMode="numeric"
        min={1}
        max={pages}
        enterKeyHint="go"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            setDraft(String(page));
            setInvalid(false);
          }
        }}
      />
      <span aria-live="polite">{t('viewer.page', { page: String(page), pages: String(pages) })}</span>
      {invalid && (
        <span id={errorId} className="field__error viewer__page-error" role="alert">
          {t('viewer.pageInvalid', { pages: String(pages) })}
        </span>
      )}
    </div>
  );
}

/**
 * The reusable document viewer: one page at a time (a 920-page annex stays light), page
 * buttons, arrow keys and a horizontal swipe to turn pages, zoom, and an optional watermark.
 * The live meeting room reuses it and drives `page` from outside.
 */
export function PdfViewer({
  url,
  title,
  watermark,
  toolbarExtra,
  page: controlledPage,
  onPageChange,
  zoom: controlledZoom,
  onZoomChange,
  pageOverlay,
  onPagePointer,
  fit = 'width',
  sidePanel,
  highlight,
}: {
  url: string;
  title: string;
  /** Text laid over every page (viewer's name and unit), or null. */
  watermark: string | null;
  toolbarExtra?: ReactNode;
  page?: number;
  onPageChange?: (page: number) => void;
  /** Zoom driven from outside (the live room follows the presenter's zoom). */
  zoom?: number;
  onZoomChange?: (zoom: number) => void;
  /** Laid over the page above the watermark (e.g. the presenter's pointer). */
  pageOverlay?: ReactNode;
  /** The pointer over the page as fractions of its size (null when it leaves the page). */
  onPagePointer?: (point: { x: number; y: number } | null) => void;
  /**
   * `page`: the whole page fits the stage (the meeting room's reader, where fingers pinch to zoom
   * and pan); `width`: the page fills the width and scrolls (the reading viewer).
   */
  fit?: 'page' | 'width';
  /** Drawn beside the stage (pages and outline), given the open document. */
  sidePanel?: (doc: PDFDocumentProxy, go: (page: number) => void) => ReactNode;
  /** Search words marked on the page. */
  highlight?: string;
}): ReactElement {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const state = usePdfDocument(url, attempt);
  const [ownPage, setOwnPage] = useState(1);
  const page = controlledPage ?? ownPage;
  const [ownZoom, setOwnZoom] = useState<number>(1);
  const zoom = controlledZoom ?? ownZoom;
  const setZoom = (z: number) => {
    setOwnZoom(z);
    onZoomChange?.(z);
  };
  const [renderFailed, setRenderFailed] = useState(false);
  const stage = useRef<HTMLDivElement>(null);
  const [stageSize, setStageSize] = useState({ width: 800, height: 1000 });
  const pages = state.status === 'ready' ? state.doc.numPages : 0;
  const doc = state.status === 'ready' ? state.doc : null;
  // The shown page's height over its width, to fit the whole page (A4 until it is known).
  const [ratio, setRatio] = useState(1.414);

  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry)
        setStageSize({
          width: Math.max(240, Math.floor(entry.contentRect.width)),
          height: Math.max(240, Math.floor(entry.contentRect.height)),
        });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [state.status]);

  // Two fingers on the reader zoom the page, never the whole screen: the browser's own pinch zoom
  // is held back (touch-action alone does not stop it on every tablet browser).
  useEffect(() => {
    const el = stage.current;
    if (!el || fit !== 'page') return;
    const hold = (e: TouchEvent) => {
      if (e.touches.length > 1) e.preventDefault();
    };
    el.addEventListener('touchstart', hold, { passive: false });
    el.addEventListener('touchmove', hold, { passive: false });
    return () => {
      el.removeEventListener('touchstart', hold);
      el.removeEventListener('touchmove', hold);
    };
  }, [fit, state.status]);

  useEffect(() => {
    if (!doc || fit !== 'page') return;
    let gone = false;
    doc.getPage(Math.min(Math.max(1, page), doc.numPages)).then(
      (p) => {
        const v = p.getViewport({ scale: 1 });
        if (!gone && v.width > 0) setRatio(v.height / v.width);
      },
      () => undefined,
    );
    return () => {
      gone = true;
    };
  }, [doc, page, fit]);

  const go = useCallback(
    (next: number) => {
      if (pages === 0) return;
      const clamped = Math.min(Math.max(1, next), pages);
      setRenderFailed(false);
      setOwnPage(clamped);
      onPageChange?.(clamped);
    },
    [pages, onPageChange],
  );

  // Swipe left/right with a finger turns the page; vertical moves keep scrolling.
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const gestures = useStageGestures({
    stage,
    zoom,
    onZoom: setZoom,
    onSwipe: (direction) => go(page + direction),
  });
  const onRenderError = useCallback(() => setRenderFailed(true), []);

  if (state.status === 'loading') return <Spinner label={t('viewer.loading')} />;
  if (state.status === 'error') {
    return (
      <ErrorState
        error={null}
        title={t(`viewer.errors.${state.kind}`)}
        text={null}
        onRetry={state.kind === 'network' ? () => setAttempt((a) => a + 1) : undefined}
      />
    );
  }

  // A zoom set from outside need not be one of our steps: step to the next one either way.
  const smaller = [...ZOOMS].reverse().find((z) => z < zoom - 0.001);
  const larger = ZOOMS.find((z) => z > zoom + 0.001);
  return (
    <div
      className={fit === 'page' ? 'viewer viewer--fit' : 'viewer'}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement) return;
        if (e.key === 'ArrowRight' || e.key === 'PageDown') go(page + 1);
        else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(page - 1);
        else return;
        e.preventDefault();
      }}
    >
      <div className="viewer__toolbar" role="toolbar" aria-label={title}>
        <Button icon="chevronLeft" iconOnly disabled={page <= 1} onClick={() => go(page - 1)}>
          {t('viewer.previous')}
        </Button>
        <PageField page={page} pages={pages} onGo={go} />
        <Button icon="chevronRight" iconOnly disabled={page >= pages} onClick={() => go(page + 1)}>
          {t('viewer.next')}
        </Button>
        <span className="viewer__spacer" />
        <Button
          icon="zoomOut"
          iconOnly
          disabled={smaller === undefined}
          onClick={() => setZoom(smaller ?? zoom)}
        >
          {t('viewer.zoomOut')}
        </Button>
        <span className="viewer__zoom">{Math.round(zoom * 100)}%</span>
        <Button
          icon="zoomIn"
          iconOnly
          disabled={larger === undefined}
          onClick={() => setZoom(larger ?? zoom)}
        >
          {t('viewer.zoomIn')}
        </Button>
        {toolbarExtra}
      </div>
      <div className="viewer__body">
        <div
          ref={stage}
          className={fit === 'page' ? 'viewer__stage viewer__stage--fit' : 'viewer__stage'}
          tabIndex={0}
          aria-label={title}
          onPointerDown={(e) => {
            if (fit === 'page') gestures.handlers.onPointerDown(e);
            else if (e.pointerType !== 'mouse') swipe.current = { x: e.clientX, y: e.clientY };
          }}
          onPointerCancel={fit === 'page' ? gestures.handlers.onPointerCancel : undefined}
          onPointerMove={(e) => {
            if (fit === 'page') gestures.handlers.onPointerMove(e);
            if (!onPagePointer) return;
            const pageEl = stage.current?.querySelector('.pdf-page');
            const r = pageEl?.getBoundingClientRect();
            if (!r || r.width === 0 || r.height === 0) return;
            const x = (e.clientX - r.left) / r.width;
            const y = (e.clientY - r.top) / r.height;
            onPagePointer(x >= 0 && x <= 1 && y >= 0 && y <= 1 ? { x, y } : null);
          }}
          onPointerLeave={() => onPagePointer?.(null)}
          onPointerUp={(e) => {
            if (fit === 'page') return gestures.handlers.onPointerUp(e);
            const s = swipe.current;
            swipe.current = null;
            if (!s) return;
            const dx = e.clientX - s.x;
            if (Math.abs(dx) > 60 && Math.abs(dx) > Math.abs(e.clientY - s.y) * 1.5)
              go(dx < 0 ? page + 1 : page - 1);
          }}
        >
          {state.rangeFailed ? (
            <ErrorState
              error={null}
              title={t('viewer.rangeFailed')}
              text={null}
              onRetry={state.retryRanges}
            />
          ) : renderFailed ? (
            <ErrorState
              error={null}
              title={t('viewer.renderFailed')}
              text={null}
              onRetry={() => setRenderFailed(false)}
            />
          ) : (
            <PdfPageCanvas
              withText
              highlight={highlight}
              doc={state.doc}
              pageNumber={page}
              width={fittedWidth(fit, stageSize, ratio, zoom)}
              style={
                gestures.live
                  ? {
                      transformOrigin: `${gestures.live.origin.x}px ${gestures.live.origin.y}px`,
                      transform: `translate(${gestures.live.shift.x}px, ${gestures.live.shift.y}px) scale(${gestures.live.scale})`,
                    }
                  : undefined
              }
              label={t('viewer.pageAlt', { page: String(page) })}
              overlay={
                watermark || pageOverlay ? (
                  <>
                    {watermark && <Watermark text={watermark} />}
                    {pageOverlay}
                  </>
                ) : undefined
              }
              onError={onRenderError}
            />
          )}
        </div>
        {doc && sidePanel?.(doc, go)}
      </div>
    </div>
  );
}
