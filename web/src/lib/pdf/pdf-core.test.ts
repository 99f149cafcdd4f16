import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('pdfjs-dist', () => ({
  GlobalWorkerOptions: {},
  // What pdf.js's transport does with data: here, it is recorded.
  PDFDataRangeTransport: class {
    received: [number, Uint8Array][] = [];
    onDataRange(begin: number, chunk: Uint8Array) {
      this.received.push([begin, chunk]);
    }
  },
  getDocument: () => ({}),
}));
vi.mock('pdfjs-dist/build/pdf.worker.min.mjs?url', () => ({ default: '/worker.js' }));

const { totalFromContentRange, HttpRangeTransport } = await import('./pdf-core');

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('range loading', () => {
  it('reads the file size from a Content-Range header', () => {
    expect(totalFromContentRange('bytes 0-65535/6046313')).toBe(6046313);
  });

  it('gives up on a header without a known size', () => {
    expect(totalFromContentRange('bytes 0-65535/*')).toBeNull();
    expect(totalFromContentRange(null)).toBeNull();
  });
});

describe('a range request that fails', () => {
  const transport = (signal = new AbortController().signal) =>
    new HttpRangeTransport(
      '/api/documents/d/file',
      1000,
      new Uint8Array(10),
      { requests: 0, bytes: 0 },
      signal,
    );
  const received = (t: unknown) => (t as { received: [number, Uint8Array][] }).received;

  it('is reported (not swallowed), and asking again hands pdf.js the data it waits for', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const t = transport();
    const failures = vi.fn();
    t.onFailure(failures);
    t.requestDataRange(100, 200);
    await vi.waitFor(() => expect(failures).toHaveBeenCalledTimes(1));
    expect(t.failed()).toBe(true);
    expect(received(t)).toEqual([]);

    const fetchMock = vi.fn<typeof fetch>(() =>
      Promise.resolve(new Response(new Uint8Array(100), { status: 206 })),
    );
    vi.stubGlobal('fetch', fetchMock);
    t.retry();
    expect(t.failed()).toBe(false);
    await vi.waitFor(() => expect(received(t)).toHaveLength(1));
    expect(received(t)[0]?.[0]).toBe(100);
    expect(fetchMock.mock.calls[0]?.[1]).toMatchObject({ headers: { Range: 'bytes=100-199' } });
  });

  it('reports an error status as a failure too', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response('', { status: 503 }))),
    );
    const t = transport();
    const failures = vi.fn();
    t.onFailure(failures);
    t.requestDataRange(0, 50);
    await vi.waitFor(() => expect(failures).toHaveBeenCalledTimes(1));
  });
});
