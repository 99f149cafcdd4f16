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
/**
 * Ranges that could not be fetched. pdf.js has no way to be told that a range failed: the page
 * that needs it would wait forever. So failures are kept here, the viewer is told and shows an
 * error with "Thử lại", and `retry` asks for the same ranges again, which lets pdf.js go on.
 */
export interface RangeHealth {
  /** Whether some range failed and has not been asked for again. */
  failed(): boolean;
  /** Calls `listener` each time a range fails; returns how to stop listening. */
  onFailure(listener: () => void): () => void;
  /** Asks again for every range that failed. */
  retry(): void;
}

export class HttpRangeTransport extends PDFDataRangeTransport implements RangeHealth {
  private readonly failures = new Map<number, number>();
  private readonly listeners = new Set<() => void>();

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
        // Closing the document aborts its requests on purpose: nothing to report then.
        if (this.signal.aborted) return;
        this.failures.set(begin, end);
        for (const listener of [...this.listeners]) listener();
      });
  }

  failed(): boolean {
    return this.failures.size > 0;
  }

  onFailure(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  retry(): void {
    const again = [...this.failures];
    this.failures.clear();
    for (const [begin, end] of again) this.requestDataRange(begin, end);
  }
}

/** An opened PDF plus what it cost to open it. */
export interface OpenedPdf {
  doc: PDFDocumentProxy;
  stats: FetchStats;
  /** Failed range requests and their retry; null when the whole file came in the first answer. */
  ranges: RangeHealth | null;
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
  let ranges: HttpRangeTransport | null = null;
  const common = { isEvalSupported: false, disableAutoFetch: true, disableStream: true } as const;
  const total = res.status === 206 ? totalFromContentRange(res.headers.get('Content-Range')) : null;
  if (total === null || total <= first.byteLength) {
    task = getDocument({ ...common, data: first });
  } else {
    ranges = new HttpRangeTransport(url, total, first, stats, signal);
    task = getDocument({ ...common, range: ranges, rangeChunkSize: RANGE_CHUNK, length: total });
  }
  signal.addEventListener('abort', () => void task.destroy(), { once: true });
  // A range that fails while the document opens would leave `task.promise` pending forever.
  let stopWatching: (() => void) | undefined;
  const failedWhileOpening = new Promise<never>((_, reject) => {
    stopWatching = ranges?.onFailure(() => reject(new PdfLoadError('network')));
  });
  failedWhileOpening.catch(() => undefined);
  try {
    const doc = await Promise.race([task.promise, failedWhileOpening]);
    return { doc, stats, ranges, close: () => task.destroy() };
  } catch (e) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    if (e instanceof PdfLoadError) {
      void task.destroy();
      throw e;
    }
    throw new PdfLoadError('damaged');
  } finally {
    stopWatching?.();
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
