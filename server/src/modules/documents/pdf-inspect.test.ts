import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectPdf } from './pdf-inspect.js';

const PDFS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/pdfs');
const opts = { maxPages: 5000, timeoutMs: 60_000 };

describe('PDF inspection worker', { timeout: 60_000 }, () => {
  it('counts pages and reads text of a real PDF', async () => {
    const r = await inspectPdf(path.join(PDFS, 'real', 'tracemonkey.pdf'), opts);
    expect(r).toMatchObject({ ok: true, pages: 14, signed: false });
    if (r.ok) expect(r.text[0]).toMatch(/Trace-based Just-in-Time/);
  });

  it('gives every malformed fixture a clear reason instead of failing', async () => {
    const cases: [string, string][] = [
      ['empty_protected.pdf', 'encrypted'],
      ['truncated-tracemonkey.pdf', 'damaged'],
      ['poppler-85140-0.pdf', 'damaged'],
      ['PDFBOX-3148-2-fuzzed.pdf', 'damaged'],
      ['GHOSTSCRIPT-698804-1-fuzzed.pdf', 'damaged'],
      ['poppler-395-0-fuzzed.pdf', 'damaged'],
    ];
    for (const [file, reason] of cases) {
      const r = await inspectPdf(path.join(PDFS, 'malformed', file), opts);
      expect(r, file).toEqual({ ok: false, reason });
    }
  });

  it('refuses a file with more pages than allowed, saying how many', async () => {
    const r = await inspectPdf(path.join(PDFS, 'real', 'tracemonkey.pdf'), { ...opts, maxPages: 3 });
    expect(r).toEqual({ ok: false, reason: 'too_many_pages', pages: 14 });
  });

  it('answers "timeout" when the worker cannot finish in time', async () => {
    const r = await inspectPdf(path.join(PDFS, 'real', 'tracemonkey.pdf'), { ...opts, timeoutMs: 1 });
    expect(r).toEqual({ ok: false, reason: 'timeout' });
  });
});
