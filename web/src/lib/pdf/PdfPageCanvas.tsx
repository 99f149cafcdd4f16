import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { pageHeightFor, renderPage } from './pdf-core';

/**
 * One page drawn into a canvas at a CSS width. Space is reserved before drawing so the layout
 * does not jump; `overlay` (e.g. a watermark) is laid over the page.
 */
export function PdfPageCanvas({
  doc,
  pageNumber,
  width,
  label,
  overlay,
  onError,
  className,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  label: string;
  overlay?: ReactNode;
  onError?: () => void;
  className?: string;
}): ReactElement {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, setHeight] = useState(Math.round(width * 1.414));
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let cancel: (() => void) | null = null;
    setRendered(false);
    doc.getPage(pageNumber).then(
      (page) => {
        if (cancelled || !canvas.current) return;
        setHeight(pageHeightFor(page, width));
        const task = renderPage(page, canvas.current, width);
        cancel = task.cancel;
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
  }, [doc, pageNumber, width, onError]);

  return (
    <div
      className={className ? `pdf-page ${className}` : 'pdf-page'}
      style={{ width, height }}
      data-rendered={rendered || undefined}
    >
      <canvas ref={canvas} role="img" aria-label={label} />
      {overlay}
    </div>
  );
}
