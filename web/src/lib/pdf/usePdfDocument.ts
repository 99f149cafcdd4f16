import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { openPdf, PdfLoadError, type FetchStats, type PdfLoadErrorKind } from './pdf-core';

export type PdfDocumentState =
  | { status: 'loading' }
  | { status: 'ready'; doc: PDFDocumentProxy; stats: FetchStats }
  | { status: 'error'; kind: PdfLoadErrorKind };

/** Opens a PDF by URL for as long as the component is mounted (or until the URL changes). */
export function usePdfDocument(url: string | null, attempt = 0): PdfDocumentState {
  const [state, setState] = useState<PdfDocumentState>({ status: 'loading' });
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    let close: (() => Promise<void>) | null = null;
    setState({ status: 'loading' });
    openPdf(url, controller.signal).then(
      (opened) => {
        close = opened.close;
        if (controller.signal.aborted) void opened.close();
        else setState({ status: 'ready', doc: opened.doc, stats: opened.stats });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', kind: e instanceof PdfLoadError ? e.kind : 'damaged' });
      },
    );
    return () => {
      controller.abort();
      void close?.();
    };
  }, [url, attempt]);
  return state;
}
