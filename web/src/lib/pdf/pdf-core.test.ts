import { describe, expect, it, vi } from 'vitest';

vi.mock('pdfjs-dist', () => ({
  GlobalWorkerOptions: {},
  PDFDataRangeTransport: class {},
  getDocument: () => ({}),
}));
vi.mock('pdfjs-dist/build/pdf.worker.min.mjs?url', () => ({ default: '/worker.js' }));

const { totalFromContentRange } = await import('./pdf-core');

describe('range loading', () => {
  it('reads the file size from a Content-Range header', () => {
    expect(totalFromContentRange('bytes 0-65535/6046313')).toBe(6046313);
  });

  it('gives up on a header without a known size', () => {
    expect(totalFromContentRange('bytes 0-65535/*')).toBeNull();
    expect(totalFromContentRange(null)).toBeNull();
  });
});
