import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What the inspector learned about a PDF. */
export type PdfInspection =
  | {
      ok: true;
      pages: number;
      /** Text of each page, for search; capped per page. */
      text: string[];
      /** The file carries digital signatures: a rewrite would break them. */
      signed: boolean;
    }
  | { ok: false; reason: PdfRejection; pages?: number };

/** Why a file is refused, in terms a secretary can act on. */
export type PdfRejection = 'damaged' | 'encrypted' | 'too_many_pages' | 'timeout';

export interface InspectOptions {
  maxPages: number;
  timeoutMs: number;
  /** Only open the file and count pages (no text), e.g. to check a rewritten copy. */
  pagesOnly?: boolean;
}

/** Text kept per page; a page of a dense report is about 2–3 kB. */
const MAX_TEXT_PER_PAGE = 20_000;
/** A pathological file (huge images, deep nesting) stops the worker instead of the server. */
const WORKER_HEAP_MB = 512;

// pdfjs-dist resolved once from this module, so the worker finds it from src/ (tsx, vitest) and
// from the esbuild bundle in dist/ alike; the worker gets the absolute URL.
const PDFJS_URL = pathToFileURL(
  createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs'),
).href;

/*
 * The worker's code. It runs as an eval'd script so that no separate file has to be found at run
 * time in both the TypeScript sources and the bundle. It reads the file itself (the bytes never
 * pass through the main thread), opens it with eval, fonts and scripting off, and answers with
 * one message. Pages that paint nothing and hold no text mean pdf.js had to invent the page
 * (fuzzed or truncated files): those count as damaged.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const { path, pdfjsUrl, maxPages, maxTextPerPage, pagesOnly } = workerData;
const PAINT_CHECK_PAGES = 10;
(async () => {
  const pdfjs = await import(pdfjsUrl);
  const data = new Uint8Array(await readFile(path));
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data,
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (err) {
    const name = err && err.name;
    return { ok: false, reason: name === 'PasswordException' ? 'encrypted' : 'damaged' };
  }
  try {
    const { info } = await doc.getMetadata();
    if (info && info.EncryptFilterName) return { ok: false, reason: 'encrypted' };
    const pages = doc.numPages;
    if (!(pages >= 1)) return { ok: false, reason: 'damaged' };
    if (pages > maxPages) return { ok: false, reason: 'too_many_pages', pages };
    const signed = Boolean(info && info.IsSignaturesPresent);
    if (pagesOnly) return { ok: true, pages, text: [], signed };
    const text = [];
    let anyText = false;
    for (let i = 1; i <= pages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let s = '';
      for (const item of content.items) {
        if (typeof item.str === 'string') s += item.str + (item.hasEOL ? '\\n' : ' ');
      }
      s = s.replace(/[ \\t]+/g, ' ').trim().slice(0, maxTextPerPage);
      if (s) anyText = true;
      text.push(s);
      page.cleanup();
    }
    if (!anyText) {
      let paints = false;
      const ignore = new Set([pdfjs.OPS.save, pdfjs.OPS.restore, pdfjs.OPS.transform, pdfjs.OPS.dependency]);
      for (let i = 1; i <= Math.min(pages, PAINT_CHECK_PAGES) && !paints; i++) {
        const page = await doc.getPage(i);
        const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
        paints = ops.fnArray.some((fn) => !ignore.has(fn));
        page.cleanup();
      }
      if (!paints) return { ok: false, reason: 'damaged' };
    }
    return { ok: true, pages, text, signed };
  } catch {
    return { ok: false, reason: 'damaged' };
  } finally {
    await doc.destroy();
  }
})().then(
  (result) => parentPort.postMessage(result),
  () => parentPort.postMessage({ ok: false, reason: 'damaged' }),
);
`;

/**
 * Opens a PDF with pdf.js in a worker thread with a heap cap and a time limit: page count, text
 * per page, whether it is encrypted or signed. A crash, out-of-memory or timeout of the worker
 * is an answer ("damaged", "timeout"), never a failure of the server.
 */
export function inspectPdf(path: string, opts: InspectOptions): Promise<PdfInspection> {
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path,
        pdfjsUrl: PDFJS_URL,
        maxPages: opts.maxPages,
        maxTextPerPage: MAX_TEXT_PER_PAGE,
        pagesOnly: opts.pagesOnly ?? false,
      },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      stdout: true,
      stderr: true,
    });
    // pdf.js prints warnings for every oddity of a broken file; they are not server log lines.
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (result: PdfInspection) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), opts.timeoutMs);
    worker.once('message', (msg: PdfInspection) => finish(msg));
    worker.once('error', () => finish({ ok: false, reason: 'damaged' }));
    worker.once('exit', () => finish({ ok: false, reason: 'damaged' }));
  });
}

/** Runs at most `limit` inspections at once; the rest wait their turn. */
export class InspectQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
