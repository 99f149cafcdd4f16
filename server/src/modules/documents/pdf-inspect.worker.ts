/**
 * The PDF inspection worker (a worker_threads entry; esbuild builds it to
 * dist/pdf-inspect.worker.js). It reads the file itself (the bytes never pass through the main
 * thread), opens it with pdf.js — eval, fonts and scripting off — and answers with one message.
 * Pages that paint nothing and hold no text mean pdf.js had to invent the page (fuzzed or
 * truncated files): those count as damaged.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { InspectRequest, PdfInspection } from './pdf-inspect.js';

/** Pages checked for paint when a file has no text at all. */
const PAINT_CHECK_PAGES = 10;

/** The fields of pdf.js's document info this worker reads. */
interface DocInfo {
  EncryptFilterName?: unknown;
  IsSignaturesPresent?: unknown;
}

async function open(data: Uint8Array): Promise<PDFDocumentProxy | 'encrypted' | 'damaged'> {
  try {
    return await pdfjs.getDocument({
      data,
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (err) {
    return err instanceof Error && err.name === 'PasswordException' ? 'encrypted' : 'damaged';
  }
}

/** Text of one page, whitespace collapsed, capped. */
async function pageText(doc: PDFDocumentProxy, n: number, max: number): Promise<string> {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  let s = '';
  for (const item of content.items) {
    if ('str' in item) s += item.str + (item.hasEOL ? '\n' : ' ');
  }
  page.cleanup();
  return s
    .replace(/[ \t]+/g, ' ')
    .trim()
    .slice(0, max);
}

/** Whether any of the first pages draws something (beyond save/restore/transform). */
async function paintsAnything(doc: PDFDocumentProxy): Promise<boolean> {
  const ignore = new Set<number>([
    pdfjs.OPS.save,
    pdfjs.OPS.restore,
    pdfjs.OPS.transform,
    pdfjs.OPS.dependency,
  ]);
  for (let i = 1; i <= Math.min(doc.numPages, PAINT_CHECK_PAGES); i++) {
    const page = await doc.getPage(i);
    const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    page.cleanup();
    if (ops.fnArray.some((fn) => !ignore.has(fn))) return true;
  }
  return false;
}

/** Inspects one file as the request says. */
export async function inspect(req: InspectRequest): Promise<PdfInspection> {
  const data = new Uint8Array(await readFile(req.path));
  const doc = await open(data);
  if (doc === 'encrypted' || doc === 'damaged') return { ok: false, reason: doc };
  try {
    const info = (await doc.getMetadata()).info as DocInfo | undefined;
    if (info?.EncryptFilterName) return { ok: false, reason: 'encrypted' };
    const pages = doc.numPages;
    if (!(pages >= 1)) return { ok: false, reason: 'damaged' };
    if (pages > req.maxPages) return { ok: false, reason: 'too_many_pages', pages };
    const signed = Boolean(info?.IsSignaturesPresent);
    if (req.pagesOnly) return { ok: true, pages, text: [], signed };
    const text: string[] = [];
    for (let i = 1; i <= pages; i++) text.push(await pageText(doc, i, req.maxTextPerPage));
    if (!text.some(Boolean) && !(await paintsAnything(doc))) return { ok: false, reason: 'damaged' };
    return { ok: true, pages, text, signed };
  } catch {
    return { ok: false, reason: 'damaged' };
  } finally {
    await doc.destroy();
  }
}

if (parentPort) {
  const port = parentPort;
  inspect(workerData as InspectRequest).then(
    (result) => port.postMessage(result),
    () => port.postMessage({ ok: false, reason: 'damaged' } satisfies PdfInspection),
  );
}
