import { useEffect, useRef, useState, type CSSProperties, type ReactElement, type ReactNode } from 'react';
import { TextLayer, type PDFDocumentProxy } from 'pdfjs-dist';
import { markHits } from './highlight';
import { pageHeightFor, renderPage } from './pdf-core';

/**
 * One page drawn into a canvas at a CSS width, with pdf.js's text layer over it so text can be
 * selected, copied and read aloud. Space is reserved before drawing so the layout does not jump;
 * `overlay` (e.g. a watermark) is laid over the page.
 */
export function PdfPageCanvas({
  doc,
  pageNumber,
  width,
  label,
  overlay,
  onError,
  className,
  style,
  withText = false,
  highlight = '',
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  label: string;
  overlay?: ReactNode;
  onError?: () => void;
  className?: string;
  /** Extra style on the page box (a pinch in progress scales it). */
  style?: CSSProperties;
  /** Lay pdf.js's text layer over the page (the viewer; not thumbnails, which need no text). */
  withText?: boolean;
  /** Words to mark on the text layer (the reader's search). */
  highlight?: string;
}): ReactElement {
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(Math.round(width * 1.414));
  const [rendered, setRendered] = useState(false);
  const [textDrawn, setTextDrawn] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let cancel: (() => void) | null = null;
    setRendered(false);
    doc.getPage(pageNumber).then(
      (page) => {
        if (cancelled || !canvas.current) return;
        setHeight(pageHeightFor(page, width));
        const task = renderPage(page, canvas.current, width);
        // The text layer, laid out at the same CSS scale as the canvas.
        let textLayer: TextLayer | null = null;
        const layer = text.current;
        if (layer && withText) {
          const scale = width / page.getViewport({ scale: 1 }).width;
          layer.replaceChildren();
          layer.style.setProperty('--total-scale-factor', String(scale));
          textLayer = new TextLayer({
            textContentSource: page.streamTextContent(),
            container: layer,
            viewport: page.getViewport({ scale }),
          });
          // A page without text, or a text stream pdf.js cannot read, still shows its picture.
          textLayer.render().then(
            () => !cancelled && setTextDrawn((n) => n + 1),
            () => undefined,
          );
        }
        cancel = () => {
          task.cancel();
          textLayer?.cancel();
        };
        task.promise.then(
          () => {
            if (!cancelled) setRendered(true);
          },
          () => {
            if (!cancelled) onError?.();
          },
        );
      },
      () => {
        if (!cancelled) onError?.();
      },
    );
    return () => {
      cancelled = true;
      cancel?.();
    };
  }, [doc, pageNumber, width, onError, withText]);

  useEffect(() => {
    if (text.current && withText) markHits(text.current, highlight);
  }, [highlight, textDrawn, withText]);

  return (
    <div
      className={className ? `pdf-page ${className}` : 'pdf-page'}
      style={{ ...style, width, height }}
      data-rendered={rendered || undefined}
    >
      <canvas ref={canvas} role="img" aria-label={label} />
      {withText && <div ref={text} className="textLayer" />}
      {overlay}
    </div>
  );
}
