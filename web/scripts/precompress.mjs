// After `vite build`: writes dist/asset-manifest.json (every hashed asset, for the service worker
// to keep the app offline) and a .br and .gz copy of every compressible file in dist/assets and of
// sw.js, so the server sends compressed bytes without compressing on each request.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|bcmap|pfb|ttf|otf)$/;

const assets = (await readdir(path.join(dist, 'assets'))).filter((f) => !/\.(br|gz|map)$/.test(f));
await writeFile(
  path.join(dist, 'asset-manifest.json'),
  JSON.stringify({ files: assets.map((f) => `/assets/${f}`) }),
);

let raw = 0;
let br = 0;
let gz = 0;
const targets = [
  ...assets.map((f) => path.join(dist, 'assets', f)),
  path.join(dist, 'index.html'),
  path.join(dist, 'sw.js'),
];
for (const file of targets) {
  if (!COMPRESSIBLE.test(file)) continue;
  const bytes = await readFile(file).catch(() => null);
  if (!bytes || bytes.length < 1024) continue;
  const b = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const g = gzipSync(bytes, { level: 9 });
  // Only where it pays: a copy that is not smaller is not kept.
  if (b.length < bytes.length) await writeFile(`${file}.br`, b);
  if (g.length < bytes.length) await writeFile(`${file}.gz`, g);
  raw += (await stat(file)).size;
  br += Math.min(b.length, bytes.length);
  gz += Math.min(g.length, bytes.length);
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
process.stdout.write(`precompressed: ${mb(raw)} → brotli ${mb(br)}, gzip ${mb(gz)}\n`);
