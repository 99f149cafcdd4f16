import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';

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

/** What the worker is asked (its workerData). */
export interface InspectRequest {
  path: string;
  maxPages: number;
  maxTextPerPage: number;
  pagesOnly: boolean;
}

let sourceWorker: URL | undefined;

/**
 * How to start the worker module. From the bundle (dist/), the built `pdf-inspect.worker.js`
 * sits beside this code. From the TypeScript sources (tests, `npm run dev`), the same module is
 * compiled once per process with esbuild, as the build does, and started from a data: URL
 * (Node 20 cannot start a worker from a .ts file, and a TS loader in every worker costs more
 * than the inspection of a small file).
 */
function workerEntry(): URL {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./pdf-inspect.worker.js', here);
  if (sourceWorker) return sourceWorker;
  const require = createRequire(here);
  const esbuild = require('esbuild') as typeof Esbuild;
  const pdfjs = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  const out = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./pdf-inspect.worker.ts', here))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    external: ['pdfjs-dist'],
  });
  // A data: module cannot resolve package names: point pdf.js at its file.
  const code = (out.outputFiles[0]?.text ?? '').replaceAll(
    '"pdfjs-dist/legacy/build/pdf.mjs"',
    JSON.stringify(pdfjs),
  );
  sourceWorker = new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return sourceWorker;
}

/**
 * Opens a PDF with pdf.js in a worker thread with a heap cap and a time limit: page count, text
 * per page, whether it is encrypted or signed. A crash, out-of-memory or timeout of the worker
 * is an answer ("damaged", "timeout"), never a failure of the server.
 */
export function inspectPdf(path: string, opts: InspectOptions): Promise<PdfInspection> {
  return new Promise((resolve) => {
    let settled = false;
    const request: InspectRequest = {
      path,
      maxPages: opts.maxPages,
      maxTextPerPage: MAX_TEXT_PER_PAGE,
      pagesOnly: opts.pagesOnly ?? false,
    };
    const worker = new Worker(workerEntry(), {
      workerData: request,
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
