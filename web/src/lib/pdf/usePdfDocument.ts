import { useCallback, useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { openPdf, PdfLoadError, type FetchStats, type PdfLoadErrorKind, type RangeHealth } from './pdf-core';

export type PdfDocumentState =
  | { status: 'loading' }
  | {
      status: 'ready';
      doc: PDFDocumentProxy;
      stats: FetchStats;
      /** A later range request failed: the page waiting for it shows an error with a retry. */
      rangeFailed: boolean;
      /** Asks again for the ranges that failed. */
      retryRanges: () => void;
    }
  | { status: 'error'; kind: PdfLoadErrorKind };

/** Opens a PDF by URL for as long as the component is mounted (or until the URL changes). */
export function usePdfDocument(url: string | null, attempt = 0): PdfDocumentState {
  const [state, setState] = useState<PdfDocumentState>({ status: 'loading' });
  const ranges = useRef<RangeHealth | null>(null);
  const retryRanges = useCallback(() => {
    setState((s) => (s.status === 'ready' ? { ...s, rangeFailed: false } : s));
    ranges.current?.retry();
  }, []);
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    let close: (() => Promise<void>) | null = null;
    let stopWatching: (() => void) | undefined;
    setState({ status: 'loading' });
    openPdf(url, controller.signal).then(
      (opened) => {
        close = opened.close;
        if (controller.signal.aborted) {
          void opened.close();
          return;
        }
        ranges.current = opened.ranges;
        stopWatching = opened.ranges?.onFailure(() =>
          setState((s) => (s.status === 'ready' ? { ...s, rangeFailed: true } : s)),
        );
        setState({
          status: 'ready',
          doc: opened.doc,
          stats: opened.stats,
          rangeFailed: opened.ranges?.failed() ?? false,
          retryRanges,
        });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', kind: e instanceof PdfLoadError ? e.kind : 'damaged' });
      },
    );
    return () => {
      controller.abort();
      stopWatching?.();
      ranges.current = null;
      void close?.();
    };
  }, [url, attempt, retryRanges]);
  return state;
}
