/**
 * Online briefing, one process (issue 17): V viewer screens (viewer links, no account) follow the
 * chair's page turns. Measured from the chair's send to each screen's receipt, as p50/p99 over all
 * deliveries, against a bare Socket.IO server broadcasting the same `room:changed` payload to the
 * same number of connections, in the same run; plus the server's memory per connection and CPU
 * per delivery.
 *
 *   ours — the real server: page.goto → rules → SQLite write → one `room:changed` broadcast to
 *          the meeting's room, which holds the V viewer screens
 *   bare — a plain Socket.IO server (same options and parser): on `page` it broadcasts the payload
 *
 * Each server runs in its own child process (its CPU time and RSS are its own, on the server's
 * core: lib/cpus.ts). The screens are spread over BRIEFING_BENCH_CLIENT_PROCS client processes
 * (default: one per 2,500 screens), as many devices would be; each stamps its receipts with
 * `performance.timeOrigin + performance.now()` (one machine, one clock) and reports them to this
 * process, which stamped the send the same way.
 *
 * BRIEFING_BENCH_PROCS=4: each variant runs 4 server processes sharing the room through a real
 * redis-server (ours: one database, REDIS_URL; bare: the Redis streams adapter), the screens
 * spread evenly over them and the chair on the first; memory and CPU are summed over them.
 *
 * Goals: p99 ours/bare ≤ 1.3× (judged on the median over rounds, lib/stats.ts) and ≤ 30 KB of
 * server memory per connection (bare Socket.IO, measured in the same run, is the reference).
 *
 * The screens are `lean` Socket.IO clients by default (lib/screen-clients.ts: the protocol on a
 * plain WebSocket; BRIEFING_BENCH_CLIENT=socket.io for socket.io-client): on a 2-core machine
 * every client process shares one core, and what limits the figure must be the server, not the
 * clients. The report shows it either way: the CPU time of the server and of the client processes
 * per page turn against the turn's length, and how much of the machine went to processes that
 * are not the benchmark's (other work on a shared machine). The open-files limit is raised for
 * the processes it starts when the screens need more sockets than allowed (lib/proc.ts).
 *
 *   BRIEFING_BENCH_VIEWERS=500 npm run bench -- briefing     (the issue's size is 10,000)
 *   BRIEFING_BENCH_PROCS=4 BRIEFING_BENCH_VIEWERS=20000 npm run bench -- briefing
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { wireParser, type RoomChanged, type ViewerLinkCreated } from '@icabinet/shared';
import { Clients, now, type ScreenKind } from './lib/screen-clients.js';
import { cpuMsOf, ensureFileLimit, machineBusyMs } from './lib/proc.js';
import { ServerChild, serveAsChild, type Usage } from './lib/server-child.js';
import { cpuPlan, machineLine, pinClients, pinServer } from './lib/cpus.js';
import { judge, latencyOf, repeatUntilStable, spreadOf } from './lib/stats.js';
import { createCast } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { joinRoom, roomCommand, uploadReport } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { ROOT, startServer, tempDir } from '../utils/server.js';

const VIEWERS = Number(process.env.BRIEFING_BENCH_VIEWERS ?? 10_000);
/** Server processes per variant: more than one shares the rooms through a real redis-server. */
const PROCS = Number(process.env.BRIEFING_BENCH_PROCS ?? 1);
const CLIENT_PROCS = Number(
  process.env.BRIEFING_BENCH_CLIENT_PROCS ?? Math.max(PROCS, Math.ceil(VIEWERS / 2500)),
);
const CLIENT_KIND: ScreenKind = process.env.BRIEFING_BENCH_CLIENT === 'socket.io' ? 'socket.io' : 'lean';
/** Set by the parent for its server children when PROCS > 1. */
const REDIS_URL = process.env.BRIEFING_BENCH_REDIS;
const MIN_ROUNDS = Number(process.env.BENCH_MIN_RUNS ?? 5);
const MAX_ROUNDS = Number(process.env.BENCH_MAX_RUNS ?? 15);
/** Turns per variant in a round: a round's p99 rests on at least ~20,000 deliveries. */
const TURNS = Number(process.env.BRIEFING_BENCH_TURNS ?? Math.max(20, Math.ceil(20_000 / VIEWERS)));
const WARMUP_TURNS = 5;
const GOAL = 1.3;
const KB_GOAL = 30;
const TURN_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Variant = 'ours' | 'bare';
interface ServerInfo {
  url: string;
  meetingId: string;
  chairCookie: string | undefined;
  viewerToken: string | undefined;
}

// ---- server child -----------------------------------------------------------------------------

async function serverMain(variant: Variant): Promise<void> {
  if (variant === 'ours') {
    const dataDir = process.env.BRIEFING_BENCH_DATA_DIR;
    const server = await startServer({
      ...(dataDir ? { dataDir } : {}),
      env: {
        SOCKET_EVENTS_PER_SECOND: '10000',
        SOCKET_EVENT_BURST: '10000',
        ...(REDIS_URL ? { REDIS_URL } : {}),
      },
    });
    // Another process of the same deployment: the first one made the meeting.
    if (process.env.BRIEFING_BENCH_FOLLOWER === '1') {
      const info = { url: server.url, meetingId: '', chairCookie: undefined, viewerToken: undefined };
      return serveAsChild<ServerInfo>(info, () => server.stop());
    }
    const admin = new ApiClient(server.url);
    if ((await admin.login('admin', server.adminPassword)) !== 200) throw new Error('admin sign-in failed');
    const cast = await createCast(server.url, admin, ['secretary', 'chair']);
    const meeting = await apiMeeting(cast.secretary.client, {
      title: 'Hội nghị trực tuyến toàn thành phố',
      kind: 'online',
      chairId: cast.chair.id,
    });
    const documentId = (await uploadReport(cast.secretary.client, meeting.id)).id;
    await apiStatus(cast.secretary.client, meeting, 'published');
    const link = await cast.secretary.client.post<ViewerLinkCreated>(
      `/api/meetings/${meeting.id}/viewer-links`,
      { siteId: null },
    );
    const chair = await connectClient(server.url, cast.chair.client.cookie);
    await joinRoom(chair, meeting.id);
    for (const command of [{ type: 'room.start' }, { type: 'document.open', documentId }] as const) {
      const res = await roomCommand(chair, meeting.id, command);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
    }
    chair.close();
    serveAsChild<ServerInfo>(
      {
        url: server.url,
        meetingId: meeting.id,
        chairCookie: cast.chair.client.cookie,
        viewerToken: link.body.token,
      },
      () => server.stop(),
    );
    return;
  }
  const http = createServer();
  // Several bare processes share the room the way ours do: the Redis streams adapter.
  const redis = REDIS_URL ? createClient({ url: REDIS_URL }) : null;
  await redis?.connect();
  const bare = new Server(http, {
    ...(redis ? { adapter: createAdapter(redis, { streamName: 'bench:bare' }) } : {}),
    serveClient: false,
    parser: wireParser,
    maxHttpBufferSize: 1_048_576,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  bare.on('connection', (socket) => {
    socket.on('room:join', (_payload: unknown, ack: unknown) => {
      void socket.join('meeting');
      if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
    });
    socket.on('page', (payload: unknown) => bare.to('meeting').emit('room:changed', payload));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  serveAsChild<ServerInfo>(
    {
      url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      meetingId: 'bare',
      chairCookie: undefined,
      viewerToken: undefined,
    },
    async () => {
      await new Promise<void>((resolve) => void bare.close(() => resolve()));
      await redis?.quit();
    },
  );
}

// ---- parent -------------------------------------------------------------------------------------

interface Side {
  variant: Variant;
  /** The variant's server processes; the chair is on the first. */
  servers: ServerChild<ServerInfo>[];
  chair: ClientSocket;
  clients: Clients[];
  page: number;
  template: RoomChanged | null;
  kbPerConnection: number;
  heapKbPerConnection: number;
  /** How long all the screens took to connect and join (client processes one after another, 100 at a time each). */
  connectMs: number;
  /** Server CPU meanwhile (handshakes, viewer-link checks, joins). */
  connectCpuMs: number;
  /** The servers' usage before the screens connected. */
  baseline: Usage;
}

/** Memory and CPU of all of a variant's server processes together. */
async function usageOf(servers: ServerChild<ServerInfo>[]): Promise<Usage> {
  const all = await Promise.all(servers.map((s) => s.usage()));
  return all.reduce((a, u) => ({
    cpuUs: a.cpuUs + u.cpuUs,
    cpuSysUs: a.cpuSysUs + u.cpuSysUs,
    rss: a.rss + u.rss,
    heapUsed: a.heapUsed + u.heapUsed,
  }));
}

async function setUp(
  variant: Variant,
  servers: ServerChild<ServerInfo>[],
  template: RoomChanged | null,
): Promise<Side> {
  const { url, meetingId, chairCookie, viewerToken } = servers[0]!.info;
  const chair = await connectClient(url, chairCookie);
  if (variant === 'ours') await joinRoom(chair, meetingId);
  const before = await usageOf(servers);
  const clients = Array.from({ length: CLIENT_PROCS }, () => Clients.start());
  const t0 = performance.now();
  const share = (i: number) => Math.floor(VIEWERS / CLIENT_PROCS) + (i < VIEWERS % CLIENT_PROCS ? 1 : 0);
  // One client process at a time: the server takes the handshakes at its own pace.
  for (const [i, c] of clients.entries())
    await c.connect({
      type: 'connect',
      // Client process i on server process i mod PROCS: the screens spread evenly.
      url: servers[i % servers.length]!.info.url,
      meetingId,
      count: share(i),
      kind: CLIENT_KIND,
      ...(viewerToken ? { viewerToken } : {}),
    });
  const connectMs = performance.now() - t0;
  const after = await usageOf(servers);
  return {
    baseline: before,
    connectMs,
    connectCpuMs: (after.cpuUs - before.cpuUs) / 1000,
    variant,
    servers,
    chair,
    clients,
    page: 1,
    template,
    kbPerConnection: (after.rss - before.rss) / VIEWERS / 1024,
    heapKbPerConnection: (after.heapUsed - before.heapUsed) / VIEWERS / 1024,
  };
}

/** One page turn; the latency of every screen's receipt, in ms. */
async function turn(side: Side): Promise<number[]> {
  const page = side.page === 10 ? 2 : side.page + 1;
  side.page = page;
  const t0 = now();
  if (side.variant === 'ours') {
    void roomCommand(side.chair, side.servers[0]!.info.meetingId, { type: 'page.goto', page, zoom: 1 }).then(
      (r) => {
        if (!r.ok) console.error(`page.goto refused: ${JSON.stringify(r.error)}`);
      },
    );
  } else {
    const tpl = side.template!;
    const payload: RoomChanged = {
      ...tpl,
      seq: tpl.seq + page,
      event: { ...tpl.event, seq: tpl.seq + page, at: new Date().toISOString() },
      patch: { ...tpl.patch, document: { ...tpl.patch.document!, page } },
    };
    (side.chair as unknown as { emit(e: string, p: unknown): void }).emit('page', payload);
  }
  const timer = setTimeout(
    () => console.error(`${side.variant}: turn to page ${page} still incomplete`),
    TURN_TIMEOUT_MS,
  );
  const all = await Promise.all(side.clients.map((c) => c.receipts(page)));
  clearTimeout(timer);
  return all.flat().map((at) => at - t0);
}

async function parentMain(): Promise<void> {
  const started = performance.now();
  pinClients();
  // Each server process holds its share of the screens' sockets, each client process its own.
  const filesLine = ensureFileLimit(Math.ceil(VIEWERS / Math.min(PROCS, CLIENT_PROCS)) + 1024);
  const loadAtStart = os.loadavg();
  const machineAtStart = machineLine();
  const file = fileURLToPath(import.meta.url);
  let redis: TestRedis | null = null;
  const shared: Record<string, string> = {};
  if (PROCS > 1) {
    redis = await startRedis();
    // Redis is the servers' side of the deployment: on the server's core, not the clients'.
    if (redis.pid !== undefined) pinServer(redis.pid);
    shared.BRIEFING_BENCH_REDIS = redis.url;
    shared.BRIEFING_BENCH_DATA_DIR = await tempDir('icabinet-bench-');
  }
  const start = (variant: Variant, env: Record<string, string> = {}) =>
    ServerChild.start<ServerInfo>(file, 'BRIEFING_BENCH_ROLE', variant, { env: { ...shared, ...env } });
  const ours = [await start('ours')];
  for (let i = 1; i < PROCS; i++) ours.push(await start('ours', { BRIEFING_BENCH_FOLLOWER: '1' }));
  const bare: ServerChild<ServerInfo>[] = [];
  for (let i = 0; i < PROCS; i++) bare.push(await start('bare'));
  const o = await setUp('ours', ours, null);
  // The template: one real `room:changed` of our server, so the bare server sends the same bytes.
  const template = await new Promise<RoomChanged>((resolve) => {
    o.chair.once('room:changed', resolve);
    void roomCommand(o.chair, ours[0]!.info.meetingId, { type: 'page.goto', page: 1, zoom: 1 });
  });
  for (const c of o.clients) await c.receipts(1);
  await sleep(200);
  const b = await setUp('bare', bare, template);
  const sides = [o, b];
  for (const side of sides) for (let i = 0; i < WARMUP_TURNS; i++) await turn(side);

  interface Round {
    lat: Record<Variant, number[]>;
    cpuUs: Record<Variant, number>;
    /** CPU time of the variant's client processes in the round (ms). */
    clientCpuMs: Record<Variant, number>;
    /** Sum over the round's turns of send → last screen's receipt (ms). */
    turnMs: Record<Variant, number>;
  }
  const clientsCpu = (side: Side) => side.clients.reduce((a, c) => a + cpuMsOf(c.pid), 0);
  /** CPU of every process of the benchmark: this one, the servers, the clients, Redis. */
  const benchCpuMs = async () =>
    (process.cpuUsage().user + process.cpuUsage().system) / 1000 +
    (await usageOf([...ours, ...bare])).cpuUs / 1000 +
    clientsCpu(o) +
    clientsCpu(b) +
    (redis ? cpuMsOf(redis.pid) : 0);
  const phase0 = { at: performance.now(), busy: machineBusyMs(), bench: await benchCpuMs() };
  const p = (xs: number[], q: 'p50' | 'p99') => latencyOf(xs)[q];
  const rounds = await repeatUntilStable<Round>({
    name: `p99 ours/bare at ${VIEWERS} screens`,
    minRuns: MIN_ROUNDS,
    maxRuns: MAX_ROUNDS,
    goal: { atMost: GOAL },
    run: async (round) => {
      const r: Round = {
        lat: { ours: [], bare: [] },
        cpuUs: { ours: 0, bare: 0 },
        clientCpuMs: { ours: 0, bare: 0 },
        turnMs: { ours: 0, bare: 0 },
      };
      const order = round % 2 ? [b, o] : [o, b];
      const u0 = await Promise.all(order.map((s) => usageOf(s.servers)));
      const c0 = order.map(clientsCpu);
      for (let i = 0; i < TURNS; i++)
        for (const side of order) {
          const lat = await turn(side);
          r.lat[side.variant].push(...lat);
          r.turnMs[side.variant] += lat.reduce((a, x) => Math.max(a, x), 0);
          await sleep(5);
        }
      const u1 = await Promise.all(order.map((s) => usageOf(s.servers)));
      order.forEach((s, k) => {
        r.cpuUs[s.variant] = u1[k]!.cpuUs - u0[k]!.cpuUs;
        r.clientCpuMs[s.variant] = clientsCpu(s) - c0[k]!;
      });
      return r;
    },
    figure: (r) => p(r.lat.ours, 'p99') / p(r.lat.bare, 'p99'),
    samples: (r) => r.lat.ours.length,
    onRun: (i, x) => console.log(`  round ${i + 1}: p99 ours/bare ${x.toFixed(2)}×`),
  });
  const phase1 = { at: performance.now(), busy: machineBusyMs(), bench: await benchCpuMs() };
  const loadAtEnd = os.loadavg();
  // Memory again once the rounds are over (the connection burst's transient objects, such as the
  // packets kept for connection state recovery, have had their time).
  const later = { ours: await usageOf(o.servers), bare: await usageOf(b.servers) };
  const kbLater = (side: Side) => ({
    rss: (later[side.variant].rss - side.baseline.rss) / VIEWERS / 1024,
    heap: (later[side.variant].heapUsed - side.baseline.heapUsed) / VIEWERS / 1024,
  });
  for (const side of sides) {
    side.chair.close();
    for (const c of side.clients) c.stop();
  }
  for (const s of [...ours, ...bare]) await s.stop();
  await redis?.stop();
  if (shared.BRIEFING_BENCH_DATA_DIR)
    await rm(shared.BRIEFING_BENCH_DATA_DIR, { recursive: true, force: true });

  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const turnsDone = rounds.results.length * TURNS;
  const per = (v: Variant, side: Side) => {
    const all = rounds.results.flatMap((r) => r.lat[v]);
    const sum = (pick: (r: Round) => number) => rounds.results.reduce((a, r) => a + pick(r), 0);
    return {
      ...latencyOf(all),
      cpuUsPerDelivery: sum((r) => r.cpuUs[v]) / all.length,
      serverCpuMsPerTurn: sum((r) => r.cpuUs[v]) / 1000 / turnsDone,
      clientCpuMsPerTurn: sum((r) => r.clientCpuMs[v]) / turnsDone,
      turnMs: sum((r) => r.turnMs[v]) / turnsDone,
      p99PerRound: spreadOf(
        `p99 ${v}`,
        rounds.results.map((r) => latencyOf(r.lat[v]).p99),
      ),
      kbPerConnection: side.kbPerConnection,
      heapKbPerConnection: side.heapKbPerConnection,
      afterRounds: kbLater(side),
      connectMs: side.connectMs,
      connectCpuUsPerScreen: (side.connectCpuMs * 1000) / VIEWERS,
    };
  };
  const figures = { ours: per('ours', o), bare: per('bare', b) };
  const goal = judge(rounds, { atMost: GOAL, label: `p99 ours/bare ≤ ${GOAL}× at ${VIEWERS} screens` });
  // RSS grows in steps (pages kept by the allocator): at a few hundred screens it may not grow at
  // all, and then it decides nothing; the heap growth is shown beside it.
  const rss = figures.ours.kbPerConnection;
  // From a few thousand screens on, the larger of the two decides (RSS may lag the heap's growth).
  const heap = figures.ours.heapKbPerConnection;
  const memory =
    rss < heap && VIEWERS < 2000 ? 'undecided' : Math.max(rss, heap) <= KB_GOAL ? 'met' : 'NOT met';
  // Who was busy: the server's core, the clients' core(s), and processes that are not the bench.
  const plan = cpuPlan();
  const cores = os.cpus().length;
  const serverCores = plan.pinned ? plan.serverCpus.length : cores;
  const clientCores = plan.pinned ? plan.clientCpus.length : cores;
  const wallMs = phase1.at - phase0.at;
  const othersMs = phase1.busy - phase0.busy - (phase1.bench - phase0.bench);
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '—');
  console.log('');
  console.log(
    `Online briefing, ${PROCS === 1 ? 'one process' : `${PROCS} processes + Redis (both variants)`} — page.goto → room:changed to every viewer screen, vs a bare Socket.IO broadcast`,
  );
  console.log(`machine: ${machineAtStart}`);
  console.log(
    `load: 1/5/15-min ${loadAtStart.map((x) => x.toFixed(2)).join('/')} at start, ${loadAtEnd.map((x) => x.toFixed(2)).join('/')} after the rounds; ` +
      `processes other than this benchmark's used ${pct(othersMs / (wallMs * cores))} of the machine's ${cores} cores during the rounds; ${filesLine}`,
  );
  console.log(
    `workload: ${VIEWERS} viewer screens (${CLIENT_KIND} clients) over ${CLIENT_PROCS} client process(es) and ${PROCS} server process(es) per variant, ${rounds.values.length} rounds × ${TURNS} turns per variant (alternating), after ${WARMUP_TURNS} warm-up turns; websocket on 127.0.0.1`,
  );
  const cols = ['p50 ms', 'p99 ms', 'max ms', 'samples', 'CPU µs/deliv', 'RSS KB/conn', 'heap KB/conn'];
  console.log(`${'variant'.padEnd(10)}${cols.map((c) => c.padStart(15)).join('')}`);
  for (const v of ['ours', 'bare'] as const) {
    const x = figures[v];
    console.log(
      `${v.padEnd(10)}${[
        f(x.p50),
        f(x.p99),
        f(x.max),
        String(x.samples),
        f(x.cpuUsPerDelivery, 1),
        f(x.kbPerConnection, 1),
        f(x.heapKbPerConnection, 1),
      ]
        .map((c) => c.padStart(15))
        .join('')}`,
    );
  }
  for (const v of ['ours', 'bare'] as const)
    console.log(`  p99 ${v} per round: ${figures[v].p99PerRound.line(' ms', 1)}`);
  console.log(`  p99 ours/bare per round: ${rounds.line('×')}`);
  console.log(`  ${goal.line}`);
  console.log(
    `  goal server memory ≤ ${KB_GOAL} KB per connection: ${memory} (RSS ${f(rss, 1)} KB, heap ${f(figures.ours.heapKbPerConnection, 1)} KB; bare RSS ${f(figures.bare.kbPerConnection, 1)} KB, heap ${f(figures.bare.heapKbPerConnection, 1)} KB)` +
      (memory === 'undecided'
        ? ' — RSS grew less than the heap: too few screens to measure it; run at 10,000'
        : ''),
  );
  console.log(
    `  memory per connection after the rounds (${f(wallMs / 1000, 0)} s later): ours RSS ${f(figures.ours.afterRounds.rss, 1)} KB, heap ${f(figures.ours.afterRounds.heap, 1)} KB; ` +
      `bare RSS ${f(figures.bare.afterRounds.rss, 1)} KB, heap ${f(figures.bare.afterRounds.heap, 1)} KB`,
  );
  for (const side of sides)
    console.log(
      `  connecting (${side.variant}): ${VIEWERS} screens connected and joined in ${f(side.connectMs / 1000, 1)} s ` +
        `(${f(VIEWERS / (side.connectMs / 1000), 0)}/s, client processes one after another, 100 at a time each), ` +
        `server CPU ${f((side.connectCpuMs * 1000) / VIEWERS, 0)} µs per screen`,
    );
  for (const v of ['ours', 'bare'] as const) {
    const x = figures[v];
    const serverBusy = x.serverCpuMsPerTurn / (x.turnMs * serverCores);
    const clientBusy = x.clientCpuMsPerTurn / (x.turnMs * clientCores);
    const limit =
      clientBusy >= 0.8 && clientBusy >= serverBusy
        ? 'the client processes limit (their core is busy for the whole turn): the figure bounds the server from above'
        : serverBusy >= 0.8
          ? 'the server core limits'
          : 'neither core is saturated (waiting: the network stack, scheduling, the other processes)';
    console.log(
      `  CPU in one turn (${v}): server ${f(x.serverCpuMsPerTurn, 1)} ms on ${serverCores} core(s), clients ${f(x.clientCpuMsPerTurn, 1)} ms on ${clientCores} core(s), ` +
        `the turn (send → last screen) ${f(x.turnMs, 1)} ms: server ${pct(serverBusy)} busy, clients ${pct(clientBusy)} — ${limit}`,
    );
  }
  console.log(`total ${f((performance.now() - started) / 1000, 1)} s`);
  const outDir = path.join(ROOT, 'test-output', 'bench');
  await mkdir(outDir, { recursive: true });
  const out = path.join(outDir, 'briefing.json');
  await writeFile(
    out,
    JSON.stringify(
      {
        benchmark: 'briefing',
        at: new Date().toISOString(),
        machine: machineAtStart,
        load: {
          atStart: loadAtStart,
          afterRounds: loadAtEnd,
          othersShareOfMachine: othersMs / (wallMs * cores),
        },
        config: {
          serverProcesses: PROCS,
          viewers: VIEWERS,
          clientProcs: CLIENT_PROCS,
          clientKind: CLIENT_KIND,
          turns: TURNS,
          minRounds: MIN_ROUNDS,
          maxRounds: MAX_ROUNDS,
        },
        figures,
        ratios: rounds.values,
        goal,
        memory,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`figures written to ${path.relative(ROOT, out)}`);
  process.exit(0);
}

const role = process.env.BRIEFING_BENCH_ROLE;
if (role === 'ours' || role === 'bare') await serverMain(role);
else await parentMain();
