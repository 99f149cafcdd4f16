import { execFile } from 'node:child_process';
import { open, rm, stat } from 'node:fs/promises';

/** How long a rewrite may take before it is abandoned (the original is served then). */
const QPDF_TIMEOUT_MS = 120_000;

/** qpdf exits 0 on success and 3 when it succeeded with warnings (a repaired xref, say). */
const QPDF_OK = new Set([0, 3]);

let qpdfAvailable: Promise<boolean> | undefined;

/** Whether `qpdf` can be run (checked once per process). */
export function hasQpdf(): Promise<boolean> {
  qpdfAvailable ??= new Promise((resolve) => {
    execFile('qpdf', ['--version'], { timeout: 10_000 }, (err) => resolve(!err));
  });
  return qpdfAvailable;
}

async function startsWithPdfMagic(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    const { bytesRead } = await fh.read(buf, 0, 5, 0);
    return bytesRead === 5 && buf.toString('latin1') === '%PDF-';
  } finally {
    await fh.close();
  }
}

/**
 * Writes a copy of `input` with object streams (`qpdf --object-streams=generate`) to `output`.
 * Measured on the 920-page appendix, pdf.js then needs about half the bytes before page 1
 * (DESIGN §4); on other files the rewrite can be larger, so it is kept only when smaller.
 * Returns the size of the kept copy, or null (output removed) when qpdf is missing, failed,
 * or did not make the file smaller.
 */
export async function optimizePdf(
  input: string,
  output: string,
  originalSize: number,
): Promise<number | null> {
  if (!(await hasQpdf())) return null;
  const code = await new Promise<number>((resolve) => {
    execFile(
      'qpdf',
      ['--object-streams=generate', '--no-warn', input, output],
      { timeout: QPDF_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
      (err) => {
        if (!err) return resolve(0);
        const c = (err as { code?: unknown }).code;
        resolve(typeof c === 'number' ? c : -1);
      },
    );
  });
  try {
    if (!QPDF_OK.has(code)) throw new Error('qpdf failed');
    const size = (await stat(output)).size;
    if (size <= 0 || size >= originalSize || !(await startsWithPdfMagic(output)))
      throw new Error('not smaller');
    return size;
  } catch {
    await rm(output, { force: true });
    return null;
  }
}
