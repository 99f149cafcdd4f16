import { useEffect, useRef, useState, type ReactElement } from 'react';
import { PdfPageCanvas } from './PdfPageCanvas';
import { usePdfDocument } from './usePdfDocument';

/**
 * The first page of a PDF as a small picture. It only opens the document once it scrolls into
 * view, and fetches just the ranges page 1 needs.
 */
export function PdfThumbnail({
  url,
  label,
  width = 96,
}: {
  url: string;
  label: string;
  width?: number;
}): ReactElement {
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || visible) return;
    // Start a little before the thumbnail scrolls in, so it is usually drawn when it arrives.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setVisible(true);
      },
      { rootMargin: '300px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [visible]);
  const state = usePdfDocument(visible ? url : null);

  return (
    <div
      ref={box}
      className="thumb"
      // Reserve an A4 page until the real page size is known.
      style={{ width, minHeight: state.status === 'ready' ? undefined : Math.round(width * 1.414) }}
    >
      {state.status === 'ready' && !state.rangeFailed ? (
        <PdfPageCanvas doc={state.doc} pageNumber={1} width={width} label={label} className="thumb__page" />
      ) : (
        <span
          className={
            state.status === 'error' || (state.status === 'ready' && state.rangeFailed)
              ? 'thumb__placeholder is-error'
              : 'thumb__placeholder'
          }
        />
      )}
    </div>
  );
}
