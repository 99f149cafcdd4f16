/**
 * The offline meeting pack and the cold tablet, on the demo meeting (`npm run seed:demo`):
 *
 * 1. The pack to 50 tablets at once: each tablet (an HTTP client with its own connection pool)
 *    fetches `GET /api/meetings/:id/pack` and then every file in it, whole, as the web's pack
 *    download does. Figures: bytes sent, and the time until the last tablet is ready, against the
 *    physical limit of the room's network — 1 GbE: pack size × 50 / 125 MB/s. Goal: within 2×.
 *    (Loopback is faster than 1 GbE; the figure says whether the server, not the wire, would be
 *    the bottleneck.)
 * 2. A cold tablet (real Chromium, empty cache, service worker blocked so its precaching does not
 *    count) opening the 920-page appendix: every byte until page 1 is drawn, as sent on the wire
 *    (brotli/gzip by Accept-Encoding) and as it would be sent uncompressed (the decoded sizes).
 *
 * The server runs in its own process (lib/server-child.ts).
 *
 *   node --import tsx test/bench/run.ts offline-pack
 */
import { execFile } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { Meeting, MeetingPack } from '@icabinet/shared';
import { launchBrowser } from '../utils/browser.js';
import { ApiClient } from '../utils/http.js';
import { ROOT, startServer, tempDir, testEnv } from '../utils/server.js';
import { machineLine } from './lib/cpus.js';
import { ServerChild, serveAsChild } from './lib/server-child.js';
import { measureGoal, repeatUntilStable } from './lib/stats.js';

const TABLETS = Number(process.env.PACK_BENCH_TABLETS ?? 50);
/** 1 GbE payload rate, bytes per second. */
const GIGABIT = 125_000_000;

interface ServerInfo {
  url: string;
  meetingId: string;
  cookies: string[];
  appendixId: string;
}

// ---- child: the server with the demo meeting published --------------------------------------

async function childMain(): Promise<void> {
  const dataDir = await tempDir('icabinet-bench-pack-');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'server', 'dist', 'seed-demo.js')],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...testEnv(dataDir) }, timeout: 120_000 },
  );
  const password = /mật khẩu chung: (\S+)\)/.exec(stdout)?.[1] ?? '';
  const server = await startServer({ dataDir, env: { LOG_LEVEL: 'silent' } });
  const secretary = new ApiClient(server.url);
  if ((await secretary.login('cvp', password)) !== 200) throw new Error('secretary sign-in failed');
  const drafts = await secretary.get<{ items: Meeting[] }>('/api/meetings?scope=drafts');
  const demo = drafts.body.items.find((m) => m.title.startsWith('Phiên họp UBND Thành phố thường kỳ'))!;
  await secretary.post(`/api/meetings/${demo.id}/status`, { to: 'published', version: demo.version });
  // The demo's delegates sign in (a tablet per session; 50 tablets share these accounts).
  const cookies: string[] = [];
  for (const username of ['chutich', 'pct.hai', 'gd.tttt', 'gd.tp', 'pgd.tp', 'gd.nv', 'gd.tc', 'gd.yt']) {
    const c = new ApiClient(server.url);
    if ((await c.login(username, password)) === 200 && c.cookie) cookies.push(c.cookie);
  }
  const pack = (await secretary.get<MeetingPack>(`/api/meetings/${demo.id}/pack`)).body;
  const appendix = pack.files.reduce((a, b) => (b.size > a.size ? b : a));
  serveAsChild<ServerInfo>(
    { url: server.url, meetingId: demo.id, cookies, appendixId: appendix.documentId },
    () => server.stop(),
  );
}

// ---- parent: 50 tablets, then one cold Chromium ----------------------------------------------

/** GET with one tablet's keep-alive connection; the body and how many bytes it had. */
function get(agent: Agent, url: string, cookie: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** One tablet: the manifest, then every file whole; returns the bytes received. */
async function tablet(info: ServerInfo, cookie: string, agent: Agent): Promise<number> {
  const res = await get(agent, `${info.url}/api/meetings/${info.meetingId}/pack`, cookie);
  if (res.status !== 200) throw new Error(`manifest: ${res.status}`);
  const manifest = JSON.parse(res.body.toString('utf8')) as MeetingPack;
  let bytes = res.body.length;
  for (const f of manifest.files) {
    const r = await get(agent, info.url + f.url, cookie);
    if (r.status !== 200) throw new Error(`file ${f.documentId}: ${r.status}`);
    if (r.body.length !== f.size)
      throw new Error(`file ${f.documentId}: ${r.body.length} bytes, manifest ${f.size}`);
    bytes += r.body.length;
  }
  return bytes;
}

async function packToAll(info: ServerInfo, packBytes: number) {
  const limitS = (packBytes * TABLETS) / GIGABIT;
  const r = await measureGoal({
    name: `pack to ${TABLETS} tablets, time ÷ 1 GbE limit`,
    run: async () => {
      const agents = Array.from({ length: TABLETS }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      const t0 = performance.now();
      const bytes = await Promise.all(
        agents.map((a, i) => tablet(info, info.cookies[i % info.cookies.length]!, a)),
      );
      const seconds = (performance.now() - t0) / 1000;
      for (const a of agents) a.destroy();
      return { seconds, bytes: bytes.reduce((s, b) => s + b, 0) };
    },
    figure: (x) => x.seconds / limitS,
    goal: { atMost: 2, label: 'ready on every tablet within 2 × (pack × 50 / 125 MB/s)' },
    unit: '×',
  });
  const last = r.results.at(-1)!;
  const seconds = r.results.map((x) => x.seconds).sort((a, b) => a - b);
  console.log(
    `  pack ${(packBytes / 1e6).toFixed(2)} MB × ${TABLETS} = ${(last.bytes / 1e6).toFixed(1)} MB sent per run; ` +
      `1 GbE limit ${limitS.toFixed(2)} s; median time to ready ${seconds[Math.floor(seconds.length / 2)]!.toFixed(2)} s`,
  );
}

/** A cold Chromium opening the appendix: wire bytes and decoded bytes until page 1 is drawn. */
interface ColdBytes {
  wire: number;
  decoded: number;
  requests: number;
  /** Of which the PDF's range requests (not compressible: PDF streams are compressed already). */
  pdfWire: number;
}

async function coldFirstPage(info: ServerInfo): Promise<ColdBytes> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      serviceWorkers: 'block',
      viewport: { width: 1280, height: 800 },
    });
    const [name = '', value = ''] = info.cookies[0]!.split('=');
    await context.addCookies([{ name, value, url: info.url }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let wire = 0;
    let decoded = 0;
    let requests = 0;
    let pdfWire = 0;
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) =>
      urls.set(e.requestId, e.request.url),
    );
    cdp.on('Network.dataReceived', (e: { dataLength: number }) => (decoded += e.dataLength));
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      wire += e.encodedDataLength;
      requests += 1;
      if (/\/api\/documents\/[^/]+\/file/.test(urls.get(e.requestId) ?? '')) pdfWire += e.encodedDataLength;
    });
    await page.goto(`${info.url}/documents/${info.appendixId}`);
    await page.locator('.pdf-page[data-rendered]').first().waitFor({ timeout: 30_000 });
    await context.close();
    return { wire, decoded, requests, pdfWire };
  } finally {
    await browser.close();
  }
}

const file = fileURLToPath(import.meta.url);
if (process.env.PACK_BENCH_CHILD) {
  await childMain();
} else {
  console.log(`machine: ${machineLine()}`);
  const child = await ServerChild.start<ServerInfo>(file, 'PACK_BENCH_CHILD', 'ours');
  try {
    const info = child.info;
    const probe = new ApiClient(info.url);
    probe.cookie = info.cookies[0];
    const pack = (await probe.get<MeetingPack>(`/api/meetings/${info.meetingId}/pack`)).body;
    console.log(`demo pack: ${pack.files.length} files, ${(pack.totalBytes / 1e6).toFixed(2)} MB`);
    await packToAll(info, pack.totalBytes);
    const cold = await repeatUntilStable({
      name: 'cold tablet, bytes on the wire before page 1 of the appendix',
      run: () => coldFirstPage(info),
      figure: (x) => x.wire,
      minRuns: 3,
    });
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const wire = med(cold.results.map((x) => x.wire));
    const decoded = med(cold.results.map((x) => x.decoded));
    console.log(
      `cold tablet, page 1 of the 920-page appendix: ${kb(wire)} on the wire (compressed) vs ${kb(decoded)} uncompressed ` +
        `(${(100 - (wire / decoded) * 100).toFixed(0)}% less), ${cold.results[0]!.requests} requests; ` +
        `of which the PDF's ranges ${kb(med(cold.results.map((x) => x.pdfWire)))}`,
    );
  } finally {
    await child.stop();
  }
}
