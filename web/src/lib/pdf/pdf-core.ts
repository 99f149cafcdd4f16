import {
  GlobalWorkerOptions,
  PDFDataRangeTransport,
  getDocument,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
  type PDFPageProxy,
  type RenderTask,
} from 'pdfjs-dist';
// Vite copies the worker next to the app, so it loads from our own origin (CSP: worker-src 'self').
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Bytes asked for first: enough for the header, the trailer of small files and page 1 of most. */
const FIRST_CHUNK = 64 * 1024;
/** Size of the later range requests pdf.js makes. */
const RANGE_CHUNK = 64 * 1024;

/** Counts what the viewer fetched, for the benchmark and for tests. */
export interface FetchStats {
  requests: number;
  bytes: number;
}

/** Why a document could not be opened; the page shows a sentence for each. */
export type PdfLoadErrorKind = 'forbidden' | 'not_found' | 'network' | 'damaged';

export class PdfLoadError extends Error {
  override readonly name = 'PdfLoadError';
  constructor(readonly kind: PdfLoadErrorKind) {
    super(kind);
  }
}

function statusError(status: number): PdfLoadError {
  if (status === 401 || status === 403) return new PdfLoadError('forbidden');
  if (status === 404) return new PdfLoadError('not_found');
  return new PdfLoadError('network');
}

/** Total size from a `Content-Range: bytes 0-65535/6046313` header. */
export function totalFromContentRange(header: string | null): number | null {
  const m = header ? /\/(\d+)\s*$/.exec(header) : null;
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * Feeds pdf.js the byte ranges it asks for. pdf.js's own loader starts a plain GET of the whole
 * file and cancels it later; on a fast link most of the file is sent before the cancel (DESIGN §4),
 * so we fetch every range ourselves.
 */
class HttpRangeTransport extends PDFDataRangeTransport {
  constructor(
    private readonly url: string,
    length: number,
    initialData: Uint8Array,
    private readonly stats: FetchStats,
    private readonly signal: AbortSignal,
  ) {
    super(length, initialData);
  }

  override requestDataRange(begin: number, end: number): void {
    this.stats.requests += 1;
    fetch(this.url, {
      headers: { Range: `bytes=${begin}-${end - 1}` },
      credentials: 'same-origin',
      signal: this.signal,
    })
      .then(async (res) => {
        if (res.status !== 206 && res.status !== 200) throw statusError(res.status);
        const buffer = new Uint8Array(await res.arrayBuffer());
        this.stats.bytes += buffer.byteLength;
        // A server that ignores Range sends the whole file: hand pdf.js the slice it asked for.
        this.onDataRange(begin, res.status === 200 ? buffer.subarray(begin, end) : buffer);
      })
      .catch(() => {
        // pdf.js reports the missing data as a failed render; the page offers a retry.
      });
  }
}

/** An opened PDF plus what it cost to open it. */
export interface OpenedPdf {
  doc: PDFDocumentProxy;
  stats: FetchStats;
  close: () => Promise<void>;
}

/**
 * Opens a PDF served with Range support: one request for the first bytes (which tells the size),
 * then only the ranges pdf.js needs. Eval is off (no `new Function` from fonts: CSP and safety).
 */
export async function openPdf(url: string, signal: AbortSignal): Promise<OpenedPdf> {
  const stats: FetchStats = { requests: 1, bytes: 0 };
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Range: `bytes=0-${FIRST_CHUNK - 1}` },
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new PdfLoadError('network');
  }
  if (res.status !== 206 && res.status !== 200) throw statusError(res.status);
  const first = new Uint8Array(await res.arrayBuffer());
  stats.bytes += first.byteLength;

  let task: PDFDocumentLoadingTask;
  const common = { isEvalSupported: false, disableAutoFetch: true, disableStream: true } as const;
  const total = res.status === 206 ? totalFromContentRange(res.headers.get('Content-Range')) : null;
  if (total === null || total <= first.byteLength) {
    task = getDocument({ ...common, data: first });
  } else {
    const range = new HttpRangeTransport(url, total, first, stats, signal);
    task = getDocument({ ...common, range, rangeChunkSize: RANGE_CHUNK, length: total });
  }
  signal.addEventListener('abort', () => void task.destroy(), { once: true });
  try {
    const doc = await task.promise;
    return { doc, stats, close: () => task.destroy() };
  } catch (e) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    if (e instanceof PdfLoadError) throw e;
    throw new PdfLoadError('damaged');
  }
}

/** Draws one page into a canvas at a CSS width, sharp on high-density tablet screens. */
export function renderPage(
  page: PDFPageProxy,
  canvas: HTMLCanvasElement,
  cssWidth: number,
): { promise: Promise<void>; cancel: () => void } {
  const base = page.getViewport({ scale: 1 });
  const scale = cssWidth / base.width;
  const ratio = Math.min(globalThis.devicePixelRatio || 1, 2);
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
  const task: RenderTask = page.render({ canvas, viewport });
  return {
    promise: task.promise.catch((e: unknown) => {
      if (e instanceof Error && e.name === 'RenderingCancelledException') return;
      throw e;
    }),
    cancel: () => task.cancel(),
  };
}

/** Page size in CSS pixels at a given width (to reserve space before rendering). */
export function pageHeightFor(page: PDFPageProxy, cssWidth: number): number {
  const base = page.getViewport({ scale: 1 });
  return Math.round((base.height / base.width) * cssWidth);
}
