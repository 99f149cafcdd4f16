/**
 * Follow-the-presenter fan-out: one presenter turns pages while C followers (50, 200, 1,000) in
 * one meeting receive each change. Measured from the presenter's send to each follower's receipt
 * (same clock: the clients share this process), as p50/p99 over all deliveries, against a bare
 * Socket.IO server that broadcasts the same `room:changed` payload to the same number of clients.
 *
 *   ours — the real server: rate limit → zod → session check → room:command → rules → broadcast
 *          `room:changed` {seq, event, patch} → SQLite write (a page turn commits at
 *          synchronous=NORMAL: durable against a killed process; one server process tells the
 *          room before the commit and acks after it) → ack
 *   ours-full — the same with ROOM_PAGE_DURABILITY=power (stored with an fsync, then broadcast);
 *          only with ROOM_BENCH_VARIANTS=ours,ours-full,bare
 *   bare — a plain Socket.IO server (same options): on `page` it broadcasts the payload it got
 *          and acks it
 *
 * Both alike: the presenter follows the room (each turn goes to C followers + the presenter) and
 * waits for no ack but asks for one (one message in; the broadcast and an ack out); the payload
 * is a real `room:changed` of ours with only `seq`, times and the page changed.
 *
 * Each server runs in its own child process (so its CPU time and RSS are its own, and it has a
 * core apart from the clients); the parent runs every client. CPU per delivery is the server
 * child's CPU time during the turns (every thread, without the full collections the harness
 * forces to read the heap: lib/server-child.ts) divided by deliveries; RSS per client is the server's RSS
 * growth from connecting and joining the followers.
 *
 * The goal (p99 ours/bare ≤ 1.3×) is judged per size on the median over rounds: each round turns
 * the page N times per variant, turn by turn in alternation, and gives one p99 ratio; rounds
 * repeat (BENCH_MIN_RUNS 5 … BENCH_MAX_RUNS 15) until the interval of the median is on one side
 * of the goal (lib/stats.ts). The server
 * children run on one core and the clients on the other (lib/cpus.ts).
 *
 *   node --import tsx test/bench/run.ts room-fanout
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import type { Result, RoomChanged, RoomSnapshot } from '@icabinet/shared';
import { ServerChild, serveAsChild } from './lib/server-child.js';
import { machineLine, pinClients } from './lib/cpus.js';
import { heapSampling } from './lib/diagnostics.js';
import { judge, latencyOf, repeatUntilStable, spreadOf } from './lib/stats.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { ROOT, startServer } from '../utils/server.js';

const SIZES = (
  process.env.ROOM_BENCH_SIZES ? process.env.ROOM_BENCH_SIZES.split(',').map(Number) : [50, 200, 1000]
) as readonly number[];
/** Rounds per size: at least, at most (repeated until the goal is decided on the median). */
const MIN_ROUNDS = Number(process.env.BENCH_MIN_RUNS ?? 5);
const MAX_ROUNDS = Number(process.env.BENCH_MAX_RUNS ?? 15);
const WARMUP_TURNS = 10;
/**
 * Turns per variant in a round. With few followers a turn's deliveries arrive together, so a
 * round's p99 is the tail of its slowest turns: at 50 followers 240 turns (the length until
 * 2026-12-06) put it on the 2–3 slowest and the ratio per round spread ±30–40%; 600 turns put it
 * on the 6 slowest, and rounds still spread 0.78–1.63× around medians of 1.01–1.16× (2026-12-07),
 * too wide for 15 rounds to decide: 1,200 turns now. At 200 and 1,000 followers 150 and 60 turns
 * gave rounds of 0.57–2.61× around medians of 0.92–1.04×; 600 and 200 turns (each turn at 1,000
 * is ~25 ms of deliveries: 12 s a round) gave 1.01–1.19×. The same for every variant; turns
 * alternate one by one.
 */
const turnsPerRound = (followers: number) =>
  Number(process.env.ROOM_BENCH_TURNS ?? Math.min(1200, Math.max(200, Math.ceil(120_000 / followers))));
const GOAL = 1.3;
/** Followers share this many accounts (sessions); the room does not care how many devices a user has. */
const FOLLOWER_ACCOUNTS = 20;
const TURN_TIMEOUT_MS = 10_000;
const RATE_LIMIT = '10000';

type Variant = 'ours' | 'ours-full' | 'bare';
const ALL_VARIANTS: Variant[] = ['ours', 'ours-full', 'bare'];
/** ROOM_BENCH_VARIANTS=ours,ours-full,bare also measures page turns committed at FULL. */
const VARIANTS: Variant[] = [
  ...new Set<Variant>([
    ...ALL_VARIANTS.filter((v) => (process.env.ROOM_BENCH_VARIANTS ?? 'ours,bare').split(',').includes(v)),
    'ours',
    'bare',
  ]),
].sort((a, b) => ALL_VARIANTS.indexOf(a) - ALL_VARIANTS.indexOf(b));
interface ServerInfo {
  url: string;
  meetingId: string;
  chairCookie: string | undefined;
  followerCookies: (string | undefined)[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- child: one server -----------------------------------------------------------------------

async function childMain(variant: Variant): Promise<void> {
  let info: ServerInfo;
  let stop: () => Promise<void>;
  // ROOM_BENCH_HEAP=<dir>: where each server allocates during the rounds (started by SIGUSR2).
  const unprofile = await heapSampling(process.env.ROOM_BENCH_HEAP, variant);
  if (variant !== 'bare') {
    const server = await startServer({
      env: {
        SOCKET_EVENTS_PER_SECOND: RATE_LIMIT,
        SOCKET_EVENT_BURST: RATE_LIMIT,
        // ours-full: the parent sets it for that child (the test server takes no other variable).
        ...(process.env.ROOM_PAGE_DURABILITY
          ? { ROOM_PAGE_DURABILITY: process.env.ROOM_PAGE_DURABILITY }
          : {}),
      },
    });
    const admin = new ApiClient(server.url);
    if ((await admin.login('admin', server.adminPassword)) !== 200) throw new Error('admin sign-in failed');
    const secretary = await createUser(server.url, admin, {
      username: 'thuky',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    const chair = await createUser(server.url, admin, { username: 'chutoa', fullName: 'Nguyễn Văn An' });
    const followers = [];
    for (let i = 0; i < FOLLOWER_ACCOUNTS; i++)
      followers.push(
        await createUser(server.url, admin, { username: `daibieu${i}`, fullName: `Đại biểu số ${i + 1}` }),
      );
    const m = await publishedMeeting(
      secretary.client,
      chair.id,
      followers.map((f) => ({ userId: f.id })),
      { document: true },
    );
    const c = await connectClient(server.url, chair.client.cookie);
    await joinRoom(c, m.id);
    for (const command of [
      { type: 'room.start' },
      { type: 'document.open', documentId: m.documentId!, page: 1 },
    ] as const) {
      const res = await roomCommand(c, m.id, command);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
    }
    c.close();
    stop = () => server.stop();
    info = {
      url: server.url,
      meetingId: m.id,
      chairCookie: chair.client.cookie,
      followerCookies: followers.map((f) => f.client.cookie),
    };
  } else {
    const http = createServer();
    const io = new Server(http, {
      serveClient: false,
      maxHttpBufferSize: 1_000_000,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    });
    io.on('connection', (socket) => {
      socket.on('room:join', (_payload: unknown, ack: unknown) => {
        void socket.join('meeting');
        if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
      });
      socket.on('page', (payload: unknown, ack: unknown) => {
        io.to('meeting').emit('room:changed', payload);
        if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    stop = () => new Promise<void>((resolve) => void io.close(() => resolve()));
    info = {
      url: `http://127.0.0.1:${port}`,
      meetingId: randomUUID(),
      chairCookie: undefined,
      followerCookies: [],
    };
  }
  serveAsChild(info, async () => {
    await unprofile();
    await stop();
  });
}

// ---- parent: clients and figures -------------------------------------------------------------

async function connectMany(
  url: string,
  cookies: (string | undefined)[],
  count: number,
): Promise<ClientSocket[]> {
  const out: ClientSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) =>
      connectClient(url, cookies.length ? cookies[(i + j) % cookies.length] : undefined),
    );
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

interface Side {
  variant: Variant;
  child: ServerChild<ServerInfo>;
  presenter: ClientSocket;
  followers: ClientSocket[];
  /** Receipt time per follower of the turn being measured. */
  onTurn: ((i: number, page: number) => void) | null;
  page: number;
  template: RoomChanged | null;
}

async function setUp(
  variant: Variant,
  child: ServerChild<ServerInfo>,
  count: number,
  template: RoomChanged | null,
): Promise<Side & { rssPerClient: number }> {
  const { url, meetingId, chairCookie, followerCookies } = child.info;
  const presenter = (await connectMany(url, [chairCookie], 1))[0]!;
  const before = await child.usage();
  const followers = await connectMany(url, followerCookies, count);
  const side: Side = { variant, child, presenter, followers, onTurn: null, page: 1, template };
  await Promise.all(
    followers.map(async (f, i) => {
      const res = (await f
        .timeout(30_000)
        .emitWithAck('room:join', { meetingId })) as Result<RoomSnapshot | null>;
      if (!res.ok) throw new Error(`join: ${JSON.stringify(res.error)}`);
      f.on('room:changed', (c) => side.onTurn?.(i, c.patch.document?.page ?? -1));
    }),
  );
  // The presenter follows the room too (a real presenter's tablet does): both servers broadcast
  // each turn to the followers and the presenter, and the client process reads as many copies.
  await joinRoom(presenter, meetingId);
  const after = await child.usage();
  // The followers' handlers hold `side` itself, so it is returned as is (not copied).
  return Object.assign(side, { rssPerClient: (after.rss - before.rss) / count });
}

/** One page turn: resolves with the latency of each follower's receipt, in ms. */
async function turn(side: Side): Promise<number[]> {
  const page = side.page === 10 ? 1 : side.page + 1;
  side.page = page;
  const lat = new Array<number>(side.followers.length).fill(NaN);
  let left = side.followers.length;
  const t0 = performance.now();
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${side.variant}: turn timed out, ${left} missing`)),
      TURN_TIMEOUT_MS,
    );
    side.onTurn = (i, p) => {
      if (p !== page || !Number.isNaN(lat[i])) return;
      lat[i] = performance.now() - t0;
      if (--left === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
  if (side.variant !== 'bare') {
    void roomCommand(side.presenter, side.child.info.meetingId, { type: 'page.goto', page }).then((r) => {
      if (!r.ok) console.error(`page.goto refused: ${JSON.stringify(r.error)}`);
    });
  } else {
    const tpl = side.template!;
    const payload: RoomChanged = {
      ...tpl,
      seq: tpl.seq + page,
      event: { ...tpl.event, seq: tpl.seq + page, at: new Date().toISOString() },
      patch: {
        ...tpl.patch,
        seq: tpl.seq + page,
        updatedAt: new Date().toISOString(),
        document: { ...tpl.patch.document!, page },
      },
    };
    // Acknowledged like ours's `room:command`: one message in, the broadcast and the ack out.
    void (
      side.presenter as unknown as {
        timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
      }
    )
      .timeout(TURN_TIMEOUT_MS)
      .emitWithAck('page', payload);
  }
  await done;
  side.onTurn = null;
  return lat;
}

/** One round: every variant turns TURNS_PER_ROUND pages; latencies and server CPU per variant. */
interface Round {
  lat: Partial<Record<Variant, number[]>>;
  cpuUs: Partial<Record<Variant, number>>;
  /** Of which system time (the kernel: socket writes, the store's file writes). */
  cpuSysUs: Partial<Record<Variant, number>>;
}

const p99 = (xs: number[] | undefined) => latencyOf(xs ?? []).p99;
const p50 = (xs: number[] | undefined) => latencyOf(xs ?? []).p50;

async function parentMain(): Promise<void> {
  const started = performance.now();
  pinClients();
  const children = new Map<Variant, ServerChild<ServerInfo>>();
  for (const v of VARIANTS)
    children.set(
      v,
      await ServerChild.start<ServerInfo>(fileURLToPath(import.meta.url), 'ROOM_BENCH_CHILD', v, {
        // The option measured against the default: page turns committed with fsync (FULL).
        env: { ROOM_PAGE_DURABILITY: v === 'ours-full' ? 'power' : 'process' },
      }),
    );
  const setupMs = performance.now() - started;
  const isOurs = (v: Variant) => v !== 'bare';

  const results = [];
  for (const count of SIZES) {
    const sides = new Map<Variant, Side & { rssPerClient: number }>();
    // The template: one real `room:changed` from our server, so the bare server sends the same bytes.
    let template: RoomChanged | null = null;
    for (const v of VARIANTS.filter(isOurs)) {
      const o = await setUp(v, children.get(v)!, count, null);
      const first = await new Promise<RoomChanged>((resolve) => {
        o.followers[0]!.once('room:changed', resolve);
        void roomCommand(o.presenter, o.child.info.meetingId, { type: 'page.goto', page: 1 });
      });
      template ??= first;
      o.page = 1;
      sides.set(v, o);
      await sleep(100);
    }
    sides.set('bare', await setUp('bare', children.get('bare')!, count, template));
    for (const side of sides.values()) for (let i = 0; i < WARMUP_TURNS; i++) await turn(side);
    if (process.env.ROOM_BENCH_HEAP && count === SIZES[0])
      for (const side of sides.values()) side.child.signal('SIGUSR2');
    const turns = turnsPerRound(count);
    const order = [...sides.values()];
    const rounds = await repeatUntilStable<Round>({
      name: `p99 ours/bare at ${count}`,
      minRuns: MIN_ROUNDS,
      maxRuns: MAX_ROUNDS,
      // More rounds only while the goal is undecided.
      goal: { atMost: GOAL },
      run: async (round) => {
        const r: Round = { lat: {}, cpuUs: {}, cpuSysUs: {} };
        // Turn by turn, the variants alternating (who goes first changes every round): a burst of
        // load from elsewhere on the machine hits both alike instead of one variant's block.
        const first = order.map((_, k) => order[(k + round) % order.length]!);
        const u0 = await Promise.all(first.map((side) => side.child.usage()));
        for (const side of first) r.lat[side.variant] = [];
        for (let i = 0; i < turns; i++) {
          for (const side of first) {
            r.lat[side.variant]!.push(...(await turn(side)));
            await sleep(5);
          }
        }
        const u1 = await Promise.all(first.map((side) => side.child.usage()));
        first.forEach((side, k) => {
          r.cpuUs[side.variant] = u1[k]!.cpuUs - u0[k]!.cpuUs;
          r.cpuSysUs[side.variant] = u1[k]!.cpuSysUs - u0[k]!.cpuSysUs;
        });
        return r;
      },
      figure: (r) => p99(r.lat.ours) / p99(r.lat.bare),
      samples: (r) => r.lat.ours?.length ?? 0,
      onRun: (i, x) => process.stdout.write(`  C=${count} round ${i + 1}: p99 ours/bare ${x.toFixed(2)}×\n`),
    });
    const perVariant = Object.fromEntries(
      [...sides.values()].map((side) => {
        const all = rounds.results.flatMap((r) => r.lat[side.variant] ?? []);
        const cpu = rounds.results.reduce((a, r) => a + (r.cpuUs[side.variant] ?? 0), 0);
        const sys = rounds.results.reduce((a, r) => a + (r.cpuSysUs[side.variant] ?? 0), 0);
        return [
          side.variant,
          {
            ...latencyOf(all),
            cpuUsPerDelivery: cpu / all.length,
            cpuSysUsPerDelivery: sys / all.length,
            // The RSS can fall while the clients join (a collection returns more than they take):
            // no figure then, rather than a negative one.
            rssKbPerClient: side.rssPerClient > 0 ? side.rssPerClient / 1024 : Number.NaN,
          },
        ];
      }),
    ) as Record<
      Variant,
      ReturnType<typeof latencyOf> & {
        cpuUsPerDelivery: number;
        cpuSysUsPerDelivery: number;
        rssKbPerClient: number;
      }
    >;
    const ratioOf = (v: Variant, pick: (xs: number[] | undefined) => number) =>
      spreadOf(
        `${pick === p99 ? 'p99' : 'p50'} ${v}/bare`,
        rounds.results.map((r) => pick(r.lat[v]) / pick(r.lat.bare)),
        rounds.samplesPerRun,
      );
    const ratios = Object.fromEntries(
      VARIANTS.filter(isOurs).map((v) => [v, { p99: ratioOf(v, p99), p50: ratioOf(v, p50) }]),
    );
    const goal = judge(rounds, { atMost: GOAL, label: `p99 ours/bare ≤ ${GOAL.toFixed(2)}× at ${count}` });
    results.push({
      clients: count,
      turnsPerRound: turns,
      rounds: rounds.values.length,
      perVariant,
      ratios,
      goal,
    });
    for (const s of sides.values()) for (const c of [...s.followers, s.presenter]) c.close();
    await sleep(500);
  }
  for (const c of children.values()) await c.stop();

  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const cols = ['p50 ms', 'p99 ms', 'max ms', 'samples', 'CPU µs/deliv', 'of which sys', 'RSS KB/client'];
  console.log('');
  console.log(
    'Follow-the-presenter fan-out — page.goto → room:changed vs a bare Socket.IO broadcast of the same payload',
  );
  console.log(`machine: ${machineLine()}`);
  console.log(
    `workload: per size, rounds of N page turns per variant (turn by turn, variants alternating), repeated until the ` +
      `goal is decided (${MIN_ROUNDS}–${MAX_ROUNDS} rounds), after ${WARMUP_TURNS} warm-up turns; one turn at a time; ` +
      `servers in their own processes, clients in this one; websocket on 127.0.0.1. ` +
      `ours: page turns told, then committed at synchronous=NORMAL (durable against a killed process), then acked` +
      (VARIANTS.includes('ours-full') ? '; ours-full: page turns at FULL (fsync per turn)' : ''),
  );
  for (const r of results) {
    console.log('');
    console.log(
      `C = ${r.clients} followers, ${r.rounds} rounds × ${r.turnsPerRound} turns per variant (all rounds pooled)`,
    );
    console.log(`${'variant'.padEnd(14)}${cols.map((c) => c.padStart(15)).join('')}`);
    for (const v of VARIANTS) {
      const x = r.perVariant[v];
      console.log(
        `${v.padEnd(14)}${[
          f(x.p50),
          f(x.p99),
          f(x.max),
          String(x.samples),
          f(x.cpuUsPerDelivery, 1),
          f(x.cpuSysUsPerDelivery, 1),
          f(x.rssKbPerClient, 1),
        ]
          .map((c) => c.padStart(15))
          .join('')}`,
      );
    }
    for (const [v, q] of Object.entries(r.ratios)) {
      console.log(`  ${v}/bare p99 per round: ${q.p99.line('×')}`);
      console.log(`  ${v}/bare p50 per round: ${q.p50.line('×')}`);
    }
    console.log(`  ${r.goal.line}`);
  }
  if (results.some((r) => VARIANTS.some((v) => !Number.isFinite(r.perVariant[v].rssKbPerClient))))
    console.log(
      '\nRSS KB/client "—": the server\'s RSS fell while those clients joined (a collection returned more than they took).',
    );
  const verdicts = results.map((r) => r.goal.verdict);
  console.log('');
  console.log(
    `overall: ${verdicts.every((v) => v === 'met') ? 'every goal met' : verdicts.includes('undecided') ? 'undecided at some size (see above)' : 'NOT met at some size'}`,
  );
  const totalMs = performance.now() - started;
  console.log(`setup ${f(setupMs / 1000, 1)} s; total ${f(totalMs / 1000, 1)} s`);
  const outDir = path.join(ROOT, 'test-output', 'bench');
  await mkdir(outDir, { recursive: true });
  const outFile = path.join(outDir, 'room-fanout.json');
  await writeFile(
    outFile,
    JSON.stringify(
      {
        benchmark: 'room-fanout',
        at: new Date().toISOString(),
        machine: machineLine(),
        config: {
          sizes: SIZES,
          variants: VARIANTS,
          minRounds: MIN_ROUNDS,
          maxRounds: MAX_ROUNDS,
          warmup: WARMUP_TURNS,
        },
        results: results.map((r) => ({
          ...r,
          ratios: Object.fromEntries(
            Object.entries(r.ratios).map(([v, q]) => [v, { p99: q.p99.values, p50: q.p50.values }]),
          ),
        })),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`figures written to ${path.relative(ROOT, outFile)}`);
  process.exit(0);
}

const role = process.env.ROOM_BENCH_CHILD as Variant | undefined;
if (role && ALL_VARIANTS.includes(role)) await childMain(role);
else await parentMain();
