/**
 * Follow-the-presenter fan-out: one presenter turns pages while C followers (50, 200, 1,000) in
 * one meeting receive each change. Measured from the presenter's send to each follower's receipt
 * (same clock: the clients share this process), as p50/p99 over all deliveries, against a bare
 * Socket.IO server that broadcasts the same `room:changed` payload to the same number of clients.
 *
 *   ours — the real server: rate limit → zod → session check → room:command → rules → SQLite
 *          write (synchronous=FULL) → broadcast `room:changed` {seq, event, patch}
 *   bare — a plain Socket.IO server (same options): on `page` it broadcasts the payload it got
 *
 * Each server runs in its own child process (so its CPU time and RSS are its own, and it has a
 * core apart from the clients); the parent runs every client. CPU per delivery is the server
 * child's CPU time during the turns divided by deliveries; RSS per client is the server's RSS
 * growth from connecting and joining the followers. Rounds alternate ours/bare.
 *
 *   node --import tsx test/bench/run.ts room-fanout
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import type { Result, RoomChanged, RoomSnapshot } from '@icabinet/shared';
import { ServerChild, serveAsChild } from './lib/server-child.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { ROOT, startServer } from '../utils/server.js';

const SIZES = (
  process.env.ROOM_BENCH_SIZES ? process.env.ROOM_BENCH_SIZES.split(',').map(Number) : [50, 200, 1000]
) as readonly number[];
const ROUNDS = 3;
const TURNS_PER_ROUND = 20;
const WARMUP_TURNS = 10;
/** Followers share this many accounts (sessions); the room does not care how many devices a user has. */
const FOLLOWER_ACCOUNTS = 20;
const TURN_TIMEOUT_MS = 10_000;
const RATE_LIMIT = '10000';

type Variant = 'ours' | 'bare';
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
  if (variant === 'ours') {
    const server = await startServer({
      env: { SOCKET_EVENTS_PER_SECOND: RATE_LIMIT, SOCKET_EVENT_BURST: RATE_LIMIT },
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
  serveAsChild(info, stop);
}

// ---- parent: clients and figures -------------------------------------------------------------

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;

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
  if (variant === 'ours') await joinRoom(presenter, meetingId);
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
  if (side.variant === 'ours') {
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
    (side.presenter as unknown as { emit(event: string, payload: unknown): void }).emit('page', payload);
  }
  await done;
  side.onTurn = null;
  return lat;
}

interface Figures {
  p50: number;
  p99: number;
  max: number;
  deliveries: number;
  cpuUsPerDelivery: number;
  rssKbPerClient: number;
}

async function parentMain(): Promise<void> {
  const started = performance.now();
  const ours = await ServerChild.start<ServerInfo>(
    fileURLToPath(import.meta.url),
    'ROOM_BENCH_CHILD',
    'ours',
  );
  const bare = await ServerChild.start<ServerInfo>(
    fileURLToPath(import.meta.url),
    'ROOM_BENCH_CHILD',
    'bare',
  );
  const setupMs = performance.now() - started;

  const results: {
    clients: number;
    ours: Figures;
    bare: Figures;
    ratio: { p50: number; p99: number; cpu: number };
  }[] = [];
  for (const count of SIZES) {
    const o = await setUp('ours', ours, count, null);
    // The template: one real `room:changed` from our server, so the bare server sends the same bytes.
    const first = await new Promise<RoomChanged>((resolve) => {
      o.followers[0]!.once('room:changed', resolve);
      void roomCommand(o.presenter, ours.info.meetingId, { type: 'page.goto', page: 1 });
    });
    o.page = 1;
    await sleep(100);
    const b = await setUp('bare', bare, count, first);
    const lat: Record<Variant, number[]> = { ours: [], bare: [] };
    const cpu: Record<Variant, number> = { ours: 0, bare: 0 };
    for (const side of [o, b]) for (let i = 0; i < WARMUP_TURNS; i++) await turn(side);
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 ? [b, o] : [o, b]) {
        const u0 = await side.child.usage();
        for (let i = 0; i < TURNS_PER_ROUND; i++) {
          lat[side.variant].push(...(await turn(side)));
          await sleep(5);
        }
        const u1 = await side.child.usage();
        cpu[side.variant] += u1.cpuUs - u0.cpuUs;
      }
    }
    const figures = (v: Variant, rssPerClient: number): Figures => {
      const sorted = Float64Array.from(lat[v]).sort();
      return {
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: percentile(sorted, 1),
        deliveries: sorted.length,
        cpuUsPerDelivery: cpu[v] / sorted.length,
        rssKbPerClient: rssPerClient / 1024,
      };
    };
    const fo = figures('ours', o.rssPerClient);
    const fb = figures('bare', b.rssPerClient);
    results.push({
      clients: count,
      ours: fo,
      bare: fb,
      ratio: { p50: fo.p50 / fb.p50, p99: fo.p99 / fb.p99, cpu: fo.cpuUsPerDelivery / fb.cpuUsPerDelivery },
    });
    for (const s of [...o.followers, o.presenter, ...b.followers, b.presenter]) s.close();
    await sleep(500);
  }
  await ours.stop();
  await bare.stop();

  const cpus = os.cpus();
  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const cols = ['p50 ms', 'p99 ms', 'max ms', 'CPU µs/deliv', 'RSS KB/client'];
  console.log('');
  console.log(
    'Follow-the-presenter fan-out — page.goto → room:changed vs a bare Socket.IO broadcast of the same payload',
  );
  console.log(
    `machine: ${os.platform()} ${os.arch()}, ${cpus.length} CPU (${cpus[0]?.model.trim() ?? '?'}), node ${process.version}`,
  );
  console.log(
    `workload: ${ROUNDS} rounds × ${TURNS_PER_ROUND} page turns per variant (after ${WARMUP_TURNS} warm-up), one turn at a time; ` +
      `servers in their own processes, clients in this one; websocket on 127.0.0.1`,
  );
  for (const r of results) {
    console.log('');
    console.log(`C = ${r.clients} followers (${r.ours.deliveries} deliveries per variant)`);
    console.log(`${'variant'.padEnd(14)}${cols.map((c) => c.padStart(15)).join('')}`);
    for (const v of ['ours', 'bare'] as const) {
      const x = r[v];
      console.log(
        `${v.padEnd(14)}${[f(x.p50), f(x.p99), f(x.max), f(x.cpuUsPerDelivery, 1), f(x.rssKbPerClient, 1)]
          .map((c) => c.padStart(15))
          .join('')}`,
      );
    }
    console.log(
      `${'ours / bare'.padEnd(14)}${[`${f(r.ratio.p50)}×`, `${f(r.ratio.p99)}×`, '', `${f(r.ratio.cpu)}×`, '']
        .map((c) => c.padStart(15))
        .join('')}   goal p99 ≤ 1.30×: ${r.ratio.p99 <= 1.3 ? 'met' : 'NOT met'}`,
    );
  }
  const totalMs = performance.now() - started;
  console.log('');
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
        machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim(), node: process.version },
        config: { sizes: SIZES, rounds: ROUNDS, turnsPerRound: TURNS_PER_ROUND, warmup: WARMUP_TURNS },
        results,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`figures written to ${path.relative(ROOT, outFile)}`);
  process.exit(0);
}

const role = process.env.ROOM_BENCH_CHILD;
if (role === 'ours' || role === 'bare') await childMain(role);
else await parentMain();
