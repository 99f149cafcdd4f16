import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {
  BriefingRollup,
  BriefingSite,
  MeetingDocument,
  Result,
  ViewerLinkCreated,
} from '@icabinet/shared';
import { launchBrowser, newPage } from '../utils/browser.js';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { follow, type Follower } from '../utils/follower.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { startNginx, type TestNginx } from '../utils/nginx.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { roomCommand, uploadReport } from '../utils/room.js';
import { FIXTURES, spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';
import { importSampleSites, OPERATOR_PASSWORD, SITES_CSV } from '../utils/sites.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';

/**
 * The deployment of the README: three built server processes (`server/dist`, as `npm start` runs
 * them) on one SQLite data folder and one real redis-server, behind a real nginx configured by
 * `deploy/nginx/icabinet.conf` (its upstream and listen lines replaced by the test's ports).
 * Every client goes through nginx, WebSocket only, as the web app does.
 */
let redis: TestRedis;
let dataDir: string;
const apps: { proc: SpawnedServer; url: string }[] = [];
let nginx: TestNginx;
let admin: ApiClient;
let cast: Record<'secretary' | 'chair' | 'delegate', TestUser>;
let meetingId: string;
let documentId: string;
/** Site code → the operator's username (from the sample CSV). */
const operators = new Map<string, string>();
const siteIds = new Map<string, string>();
const screens: Follower[] = [];
const sockets: ClientSocket[] = [];
let browser: Browser | undefined;
/** The web app's own viewer screen (`/view/<token>`), served and connected through nginx. */
let webViewer: Page;
const shownPage = (n: number) => webViewer.locator(`.display-doc__stage[data-page="${n}"] canvas`).first();

beforeAll(async () => {
  redis = await startRedis();
  dataDir = await tempDir();
  const env = testEnv(dataDir, { REDIS_URL: redis.url, BRIEFING_DROP_SECONDS: '3', TRUST_PROXY: 'true' });
  // The first process makes the database; the others start on it.
  const first = spawnServer(env);
  apps.push({ proc: first, url: await first.url });
  for (const proc of [spawnServer(env), spawnServer(env)]) apps.push({ proc, url: await proc.url });
  nginx = await startNginx(apps.map((a) => Number(new URL(a.url).port)));

  admin = new ApiClient(nginx.url);
  expect(await admin.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
  cast = await createCast(nginx.url, admin, ['secretary', 'chair', 'delegate']);
  for (const [code, site] of await importSampleSites(admin)) siteIds.set(code, site.id);
  for (const line of (await readFile(SITES_CSV, 'utf8')).split(/\r?\n/).slice(1)) {
    const [code, , , , operator] = line.split(',');
    if (code && operator) operators.set(code, operator);
  }
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị trực tuyến triển khai nhiệm vụ năm 2027',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiParticipant(cast.secretary.client, meetingId, cast.delegate.id);
  documentId = (await uploadReport(cast.secretary.client, meetingId)).id;
  const linked = await cast.secretary.client.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: [siteIds.get('HN')],
    includeDescendants: true,
  });
  expect(linked.status).toBe(200);
  await apiStatus(cast.secretary.client, meeting, 'published');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const s of screens) s.close();
  for (const s of sockets) s.close();
  await nginx?.stop();
  await Promise.all(apps.map((a) => a.proc.kill('SIGTERM')));
  await redis?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

/** Open Socket.IO connections of each process, read from its own metrics (not through nginx). */
async function socketsPerProcess(): Promise<number[]> {
  return Promise.all(
    apps.map(async (a) => {
      if (a.proc.proc.exitCode !== null || a.proc.proc.signalCode !== null) return 0;
      const res = await fetch(`${a.url}/api/metrics`, { headers: { cookie: admin.cookie ?? '' } });
      const m = /^icabinet_socket_connections (\d+)/m.exec(await res.text());
      return Number(m?.[1] ?? 0);
    }),
  );
}

async function viewerToken(siteId: string | null): Promise<string> {
  const made = await cast.secretary.client.post<ViewerLinkCreated>(
    `/api/meetings/${meetingId}/viewer-links`,
    {
      siteId,
    },
  );
  expect(made.status).toBe(201);
  return made.body.token;
}

/** Sends a room command until it is acked, through drops (the same opId: applied once). */
async function chairCommand(chair: Follower, command: Parameters<typeof roomCommand>[2]): Promise<number> {
  const opId = randomUUID();
  return eventually(async () => {
    await chair.connected();
    const ack = await roomCommand(chair.socket, meetingId, command, opId);
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    return ack.data.seq;
  }, 20_000);
}

const rollup = async () => {
  const res = await cast.chair.client.get<BriefingRollup>(`/api/meetings/${meetingId}/sites`);
  expect(res.status).toBe(200);
  return res.body;
};

/** Each linked site exactly once, and the totals are the sums of the sites and of the districts. */
function expectCountedOnce(r: BriefingRollup, linked: number): void {
  expect(r.sites).toHaveLength(linked);
  expect(new Set(r.sites.map((s) => s.siteId)).size).toBe(linked);
  const connected = r.sites.filter((s) => s.status === 'connected').length;
  expect(r.totals.connected).toBe(connected);
  expect(r.districts.reduce((n, d) => n + d.connected, 0)).toBe(connected);
  expect(r.districts.reduce((n, d) => n + d.sites, 0)).toBe(linked);
}

describe('several processes behind nginx (deploy/nginx/icabinet.conf)', () => {
  let chair: Follower;
  let followers: Follower[];

  it('serves REST, a large PDF upload and the live room through nginx: a viewer and a delegate follow the page turns in order', async () => {
    expect((await fetch(`${nginx.url}/api/health`)).status).toBe(200);
    expect((await cast.chair.client.get(`/api/meetings/${meetingId}`)).status).toBe(200);

    // 2.6 MB: more than nginx's default 1 MB body limit.
    const big = path.join(FIXTURES, 'pdfs', 'real', 'freeculture.pdf');
    const bytes = new Uint8Array(await readFile(big));
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'van-hoa-tu-do.pdf');
    const up = await fetch(`${nginx.url}/api/meetings/${meetingId}/documents`, {
      method: 'POST',
      headers: { cookie: cast.secretary.client.cookie ?? '' },
      body: form,
    });
    expect(up.status).toBe(201);
    const uploaded = ((await up.json()) as { items: MeetingDocument[] }).items[0]!;
    const back = await fetch(`${nginx.url}/api/documents/${uploaded.id}/file`, {
      headers: { cookie: cast.secretary.client.cookie ?? '' },
    });
    expect(back.status).toBe(200);
    // The stored copy (possibly the smaller optimized one), whole, through the proxy.
    const served = Buffer.from(await back.arrayBuffer());
    expect(served.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(served.length).toBe(Number(back.headers.get('content-length')));
    expect(uploaded.pages).toBeGreaterThan(100);

    chair = await follow(nginx.url, meetingId, { cookie: cast.chair.client.cookie });
    screens.push(chair);
    await chairCommand(chair, { type: 'room.start' });
    await chairCommand(chair, { type: 'document.open', documentId });
    const token = await viewerToken(null);
    const viewer = await follow(nginx.url, meetingId, { viewerToken: token });
    browser = await launchBrowser();
    webViewer = (await newPage(browser, { baseURL: nginx.url })).page;
    await webViewer.goto(`/view/${token}`);
    await shownPage(1).waitFor({ timeout: 20_000 });
    const delegate = await follow(nginx.url, meetingId, { cookie: cast.delegate.client.cookie });
    followers = [viewer, delegate];
    screens.push(...followers);
    // nginx spread the three sockets over the processes (least_conn): the turns cross processes.
    expect((await socketsPerProcess()).filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    const turns = [2, 3, 4, 5, 6, 7, 8];
    let seq = 0;
    for (const page of turns) seq = await chairCommand(chair, { type: 'page.goto', page, zoom: 1 });
    for (const f of followers) {
      await eventually(() => expect(f.seq).toBe(seq));
      expect(f.pages).toEqual([1, ...turns]);
      expect(f.seqs).toEqual(f.seqs.map((_, i) => f.seqs[0]! + i));
    }
    // The web app's viewer screen, through nginx too.
    await shownPage(8).waitFor({ timeout: 20_000 });
    // A viewer screen stays read-only through the proxy: its page turn is refused, nothing moves.
    const refused = await roomCommand(viewer.socket, meetingId, { type: 'page.goto', page: 1, zoom: 1 });
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    const room = (await chair.socket
      .timeout(10_000)
      .emitWithAck('room:sync', { meetingId, lastSeq: seq })) as Result<{ kind: string; events?: unknown[] }>;
    expect(room.ok && room.data).toEqual({ kind: 'events', events: [] });
  });

  it('a killed process: its screens reconnect through nginx and resume at the current page; each site counts once', async () => {
    const heard: BriefingRollup[] = [];
    chair.socket.on('briefing:rollup', (r) => heard.push(r));
    const watch = async (s: ClientSocket) => {
      const res = (await s
        .timeout(10_000)
        .emitWithAck('briefing:watch', { meetingId })) as Result<BriefingRollup>;
      if (res.ok) heard.push(res.data);
    };
    await watch(chair.socket);
    // The chair's console watches again after a reconnection, as the web console does.
    chair.socket.io.on('reconnect', () => void watch(chair.socket));

    // More screens: viewer links of three sites, two screens each.
    for (const code of ['BD-PX', 'HK', 'DP-TTP']) {
      const token = await viewerToken(siteIds.get(code)!);
      for (let i = 0; i < 2; i++) {
        const f = await follow(nginx.url, meetingId, { viewerToken: token });
        followers.push(f);
        screens.push(f);
      }
    }
    // Every site's operator keeps the site connected.
    const siteSockets = new Map<string, { socket: ClientSocket; dropped: boolean }>();
    const connectSite = async (code: string, cookie: string | undefined) => {
      const socket = await connectClient(nginx.url, cookie);
      sockets.push(socket);
      const entry = { socket, dropped: false };
      socket.on('disconnect', () => (entry.dropped = true));
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck('site:connect', { meetingId, siteId: siteIds.get(code)! })) as Result<BriefingSite>;
      expect(ack.ok).toBe(true);
      siteSockets.set(code, entry);
    };
    const cookies = new Map<string, string | undefined>();
    for (const [code, username] of operators) {
      const c = new ApiClient(nginx.url);
      expect(await c.login(username, OPERATOR_PASSWORD)).toBe(200);
      cookies.set(code, c.cookie);
      await connectSite(code, c.cookie);
    }
    const linked = operators.size;
    await eventually(async () => expect((await rollup()).totals.connected).toBe(linked));
    const spread = await socketsPerProcess();
    expect(spread.every((n) => n > 0)).toBe(true);

    // Kill the second process, without a goodbye.
    const victim = apps[1]!;
    victim.proc.proc.kill('SIGKILL');
    await victim.proc.exit;

    // The chair keeps presenting; every screen ends at the current page, in order.
    await chairCommand(chair, { type: 'page.goto', page: 9, zoom: 1 });
    const seq = await chairCommand(chair, { type: 'page.goto', page: 10, zoom: 1 });
    const moved = followers.filter((f) => f.drops > 0);
    expect(moved.length).toBeGreaterThan(0);
    const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
    for (const f of followers) {
      await eventually(() => expect([f.seq, f.page, f.socket.connected]).toEqual([seq, 10, true]), 20_000);
      // In order: never a change twice or back (a screen that missed turns may jump to the current page).
      expect(ascending(f.seqs)).toBe(true);
      expect(ascending(f.pages)).toBe(true);
    }
    // The web app's viewer screen (its own reconnection and sync) is at the current page too.
    await shownPage(10).waitFor({ timeout: 20_000 });

    // The sites whose operator was on the killed process: shown gone, then dropped — never twice.
    const gone = [...siteSockets].filter(([, e]) => e.dropped).map(([code]) => siteIds.get(code)!);
    expect(gone.length).toBeGreaterThan(0);
    // The screens that were on the killed process now live on the two others (the operators'
    // screens that dropped come back below).
    const before = spread.reduce((a, b) => a + b, 0);
    await eventually(async () => {
      const now = await socketsPerProcess();
      expect(now[1]).toBe(0);
      expect(now[0]! + now[2]!).toBe(before - gone.length);
    });
    await eventually(async () => {
      const r = await rollup();
      expectCountedOnce(r, linked);
      expect(r.totals.connected).toBe(linked - gone.length);
      for (const id of gone) expect(r.sites.find((s) => s.siteId === id)?.status).toBe('dropped');
    }, 20_000);
    // The chair's console heard it live.
    await eventually(() => {
      const r = heard.at(-1)!;
      expect(r.totals.dropped).toBe(gone.length);
    }, 10_000);

    // Their operators come back through nginx: connected once each.
    for (const [code, e] of siteSockets) if (e.dropped) await connectSite(code, cookies.get(code));
    await eventually(async () => {
      const r = await rollup();
      expectCountedOnce(r, linked);
      expect(r.totals).toMatchObject({ connected: linked, dropped: 0 });
    });
    await eventually(() => expect(heard.at(-1)!.totals).toMatchObject({ connected: linked, dropped: 0 }));
    for (const r of heard) expectCountedOnce(r, linked);
  });
});
