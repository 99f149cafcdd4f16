import { get as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../utils/server.js';

/**
 * The web app as a tablet downloads it: hashed assets precompressed at build (brotli, gzip) and
 * chosen by `Accept-Encoding`, cached for a year as immutable; index.html and the service worker
 * always revalidated. Raw HTTP (node:http), so what is measured is what travels on the wire.
 */
let server: TestServer;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(path: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpGet(
      server.url + path,
      { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    ).on('error', reject);
  });
}

let assets: string[];

beforeAll(async () => {
  server = await startServer();
  const index = await raw('/');
  assets = [...index.body.toString('utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
});
afterAll(async () => {
  await server?.stop();
});

describe('the web app on the wire', () => {
  it('sends each script and style of the first page in brotli, or gzip, with the same bytes inside', async () => {
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const plain = await raw(asset, 'identity');
      expect(plain.status, asset).toBe(200);
      expect(plain.headers['content-encoding'], asset).toBeUndefined();
      const br = await raw(asset, 'gzip, deflate, br');
      // Under 1 KB compression does not pay for its header: such files go as they are.
      if (plain.body.length < 1024) {
        expect(br.headers['content-encoding'], asset).toBeUndefined();
        continue;
      }
      expect(br.headers['content-encoding'], asset).toBe('br');
      expect(br.headers.vary, asset).toMatch(/accept-encoding/i);
      expect(br.headers['content-type'], asset).toBe(plain.headers['content-type']);
      expect(brotliDecompressSync(br.body).equals(plain.body), asset).toBe(true);
      expect(br.body.length, asset).toBeLessThan(plain.body.length / 2);
      const gz = await raw(asset, 'gzip');
      expect(gz.headers['content-encoding'], asset).toBe('gzip');
      expect(gunzipSync(gz.body).equals(plain.body), asset).toBe(true);
      // A coding refused with q=0 is not sent.
      expect((await raw(asset, 'br;q=0, gzip')).headers['content-encoding'], asset).toBe('gzip');
    }
  });

  it('caches hashed assets for a year as immutable, compressed or not, the pdf.js worker too', async () => {
    const manifest = JSON.parse((await raw('/asset-manifest.json')).body.toString('utf8')) as {
      files: string[];
    };
    const worker = manifest.files.find((f) => /pdf\.worker.*\.mjs$/.test(f));
    expect(worker).toBeDefined();
    for (const asset of [...assets, worker!]) {
      for (const enc of ['br', 'identity']) {
        const res = await raw(asset, enc);
        expect(res.headers['cache-control'], `${asset} ${enc}`).toBe('public, max-age=31536000, immutable');
      }
    }
    expect((await raw(worker!, 'br')).headers['content-encoding']).toBe('br');
    expect((await raw('/assets/nope-123.js', 'br')).status).toBe(404);
  });

  it('always revalidates index.html (any client route), the service worker and the asset list', async () => {
    for (const path of ['/', '/meetings/abc/room', '/sw.js', '/asset-manifest.json']) {
      const res = await raw(path, 'br');
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
    const page = await raw('/meetings/abc/room', 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.body).toString('utf8')).toContain('<div id="root">');
    const sw = await raw('/sw.js', 'identity');
    expect(sw.headers['content-type']).toMatch(/javascript/);
  });
});
