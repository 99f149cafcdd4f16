/**
 * Gateway ack round trip: C clients each send K acknowledged commands (sequential per client,
 * clients concurrent) and we measure per-command latency, throughput, CPU and RSS.
 *
 * Three servers answer the same command (`meeting:join`, payload `{ meetingId }`, ack
 * `{ ok: true, data: PresenceSnapshot }` of the same size) over the same transport (websocket):
 *   ours      — the real I-Cabinet gateway: rate limit → zod parse → session check → handler
 *               (meeting + participant lookup in the store, authorize, fetchSockets, sort) → ack
 *   bare      — a plain Socket.IO server (same options) that acks a prepared snapshot at once
 *   bare+zod  — the same, after a zod parse of the payload with the same schema
 * Runs alternate (rotated order each round) and the medians are reported, so machine noise
 * falls on all three alike. Server and clients share this one process (CPU and RSS are the
 * whole process), so client-side work dilutes the ratios; the CPU difference per command is
 * the cleanest measure of our own extra work.
 *
 *   node --import tsx test/bench/run.ts gateway-ack
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { z } from 'zod';
import { Id, type PresenceSnapshot, type Result } from '@icabinet/shared';
import { createMeeting, createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { ROOT, startServer } from '../utils/server.js';

// ---- workload -------------------------------------------------------------------------------

const CLIENT_COUNTS = [10, 50] as const;
const COMMANDS_PER_CLIENT = 200;
const WARMUP_PER_CLIENT = 20;
const ROUNDS = 3;
/** Runs stop early (and say so) if one measured phase takes longer than this. */
const RUN_DEADLINE_MS = 10_000;
/** Rounds after the first are skipped once the whole benchmark has used this much time. */
const TOTAL_BUDGET_MS = 75_000;
const ACK_TIMEOUT_MS = 5_000;
/** High enough that the per-user token bucket never refuses a command during the bench. */
const RATE_LIMIT = '10000';
const MAX_PAYLOAD_BYTES = 1024 * 1024;

const VARIANTS = ['ours', 'bare', 'bare+zod'] as const;
type Variant = (typeof VARIANTS)[number];

// The same schema the presence module uses for meeting:join.
const JoinPayload = z.strictObject({ meetingId: Id });

// ---- helpers --------------------------------------------------------------------------------

interface RunResult {
  variant: Variant;
  clients: number;
  commands: number;
  errors: number;
  stoppedEarly: boolean;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  throughput: number;
  elapsedMs: number;
  cpuMs: number;
  cpuUsPerCommand: number;
  rssPeakMb: number;
}

type Summary = Omit<RunResult, 'stoppedEarly'> & { runs: number };

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const mb = (bytes: number) => bytes / (1024 * 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects `count` sockets, a few at a time. */
async function connectAll(
  url: string,
  cookies: (string | undefined)[],
  count: number,
): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      connectClient(url, cookies[i + j]),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/** One client's sequential command loop; latencies go into `out` from `offset`. */
async function clientLoop(
  socket: ClientSocket,
  meetingId: string,
  count: number,
  deadline: number,
  out: Float64Array | null,
  offset: number,
): Promise<{ done: number; errors: number; stoppedEarly: boolean }> {
  let errors = 0;
  for (let i = 0; i < count; i++) {
    if (performance.now() > deadline) return { done: i, errors, stoppedEarly: true };
    const t = performance.now();
    try {
      const res = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('meeting:join', { meetingId })) as Result<PresenceSnapshot>;
      if (!res.ok) errors++;
    } catch {
      errors++;
      return { done: i, errors, stoppedEarly: true };
    }
    if (out) out[offset + i] = performance.now() - t;
  }
  return { done: count, errors, stoppedEarly: false };
}

async function measure(
  variant: Variant,
  url: string,
  cookies: (string | undefined)[],
  clients: number,
  meetingId: string,
  perClient = COMMANDS_PER_CLIENT,
): Promise<RunResult> {
  const sockets = await connectAll(url, cookies, clients);
  try {
    // Warm-up: joins the room (ours announces presence once) and gets the JIT going.
    const warmDeadline = performance.now() + RUN_DEADLINE_MS;
    const warm = await Promise.all(
      sockets.map((s) => clientLoop(s, meetingId, WARMUP_PER_CLIENT, warmDeadline, null, 0)),
    );
    const warmErrors = warm.reduce((n, w) => n + w.errors, 0);
    if (warmErrors) throw new Error(`${variant}: ${warmErrors} command(s) failed during warm-up`);

    const lat = new Float64Array(clients * perClient);
    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 25);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const deadline = t0 + RUN_DEADLINE_MS;
    const results = await Promise.all(
      sockets.map((s, i) => clientLoop(s, meetingId, perClient, deadline, lat, i * perClient)),
    );
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    const kept: number[] = [];
    results.forEach((r, i) => {
      for (let j = 0; j < r.done; j++) kept.push(lat[i * perClient + j]!);
    });
    const sorted = Float64Array.from(kept).sort();
    const commands = sorted.length;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      variant,
      clients,
      commands,
      errors: results.reduce((n, r) => n + r.errors, 0),
      stoppedEarly: results.some((r) => r.stoppedEarly),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: percentile(sorted, 1),
      meanMs: commands ? sorted.reduce((a, b) => a + b, 0) / commands : NaN,
      throughput: commands / (elapsedMs / 1000),
      elapsedMs,
      cpuMs,
      cpuUsPerCommand: commands ? (cpuMs * 1000) / commands : NaN,
      rssPeakMb: mb(rssPeak),
    };
  } finally {
    for (const s of sockets) s.close();
    await sleep(100); // let the server handle the disconnects before the next run starts
  }
}

/** A plain Socket.IO server with the gateway's options that acks `data` for meeting:join. */
async function startBare(withZod: boolean, data: () => PresenceSnapshot) {
  const http = createServer();
  const io = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  io.on('connection', (socket) => {
    socket.on('meeting:join', (payload: unknown, reply: unknown) => {
      if (typeof reply !== 'function') return;
      const ack = reply as (result: Result<PresenceSnapshot>) => void;
      if (withZod) {
        const parsed = JoinPayload.safeParse(payload);
        if (!parsed.success)
          return void ack({ ok: false, error: { code: 'invalid_input', message: 'invalid' } });
      }
      ack({ ok: true, data: data() });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

// ---- setup ----------------------------------------------------------------------------------

const benchStart = performance.now();
const maxClients = Math.max(...CLIENT_COUNTS);

const server = await startServer({
  env: {
    SOCKET_EVENTS_PER_SECOND: RATE_LIMIT,
    SOCKET_EVENT_BURST: RATE_LIMIT,
    SOCKET_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES),
  },
});
const admin = new ApiClient(server.url);
if ((await admin.login('admin', server.adminPassword)) !== 200) throw new Error('admin sign-in failed');

const users: { id: string; fullName: string; cookie: string | undefined }[] = [];
for (let i = 0; i < maxClients; i += 4) {
  const batch = Array.from({ length: Math.min(4, maxClients - i) }, (_, j) => {
    const n = String(i + j + 1).padStart(2, '0');
    const fullName = `Đại biểu Số ${n}`;
    return createUser(server.url, admin, { username: `daibieu${n}`, fullName }).then((u) => ({
      id: u.id,
      fullName,
      cookie: u.client.cookie,
    }));
  });
  users.push(...(await Promise.all(batch)));
}
const meetingId = await createMeeting(
  server.running,
  users[0]!.id,
  users.map((u) => ({ userId: u.id, role: 'delegate' as const })),
);
const cookies = users.map((u) => u.cookie);

// The bare peers ack a snapshot of the same shape and size as ours would for `clients` users.
const collator = new Intl.Collator('vi');
let bareClients = maxClients;
const snapshotFor = (count: number): PresenceSnapshot => ({
  meetingId,
  users: users
    .slice(0, count)
    .map((u) => ({ userId: u.id, fullName: u.fullName, devices: 1 }))
    .sort((a, b) => collator.compare(a.fullName, b.fullName)),
});
const snapshots = new Map(CLIENT_COUNTS.map((c) => [c as number, snapshotFor(c)]));
const bareData = () => snapshots.get(bareClients) ?? snapshotFor(bareClients);
const bare = await startBare(false, bareData);
const bareZod = await startBare(true, bareData);
const urls: Record<Variant, string> = { ours: server.url, bare: bare.url, 'bare+zod': bareZod.url };
const setupMs = performance.now() - benchStart;

// Sanity check: ours answers with a full snapshot (the command really goes through the handler).
{
  const [s] = await connectAll(server.url, cookies, 1);
  const res = (await s!
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('meeting:join', { meetingId })) as Result<PresenceSnapshot>;
  s!.close();
  if (!res.ok || res.data.users.length !== 1)
    throw new Error(`meeting:join did not succeed: ${JSON.stringify(res)}`);
  await sleep(50);
}

// Global warm-up, discarded: every code path on every server once.
for (const v of VARIANTS) {
  bareClients = 10;
  await measure(v, urls[v], cookies, 10, meetingId, 50);
}

// ---- measured runs --------------------------------------------------------------------------

const raw: RunResult[] = [];
const roundsDone: Record<number, number> = {};
for (const clients of CLIENT_COUNTS) {
  bareClients = clients;
  roundsDone[clients] = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0 && performance.now() - benchStart > TOTAL_BUDGET_MS) break;
    // Rotate the order each round so no variant always runs first (or right after another).
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
    for (const v of order) {
      const r = await measure(v, urls[v], cookies, clients, meetingId);
      if (r.errors) throw new Error(`${v} with ${clients} clients: ${r.errors} command(s) failed`);
      raw.push(r);
    }
    roundsDone[clients]++;
  }
}

await bare.stop();
await bareZod.stop();
await server.stop();

// ---- report ---------------------------------------------------------------------------------

const summarize = (variant: Variant, clients: number): Summary => {
  const rs = raw.filter((r) => r.variant === variant && r.clients === clients);
  const m = (k: keyof Omit<RunResult, 'variant' | 'stoppedEarly'>) => median(rs.map((r) => r[k]));
  return {
    variant,
    clients,
    runs: rs.length,
    commands: m('commands'),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    p50Ms: m('p50Ms'),
    p99Ms: m('p99Ms'),
    maxMs: m('maxMs'),
    meanMs: m('meanMs'),
    throughput: m('throughput'),
    elapsedMs: m('elapsedMs'),
    cpuMs: m('cpuMs'),
    cpuUsPerCommand: m('cpuUsPerCommand'),
    rssPeakMb: m('rssPeakMb'),
  };
};

const cpus = os.cpus();
const machine = {
  platform: `${os.platform()} ${os.arch()}`,
  cpus: cpus.length,
  cpuModel: cpus[0]?.model.trim() ?? 'unknown',
  totalMemMb: Math.round(mb(os.totalmem())),
  node: process.version,
};

const pad = (s: string, n: number) => s.padStart(n);
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const cols = ['p50 ms', 'p99 ms', 'max ms', 'cmd/s', 'CPU ms', 'CPU µs/cmd', 'RSS MB'];
const header = `${'variant'.padEnd(18)}${cols.map((c) => pad(c, 11)).join('')}`;

const results = CLIENT_COUNTS.map((clients) => {
  const by = Object.fromEntries(VARIANTS.map((v) => [v, summarize(v, clients)])) as Record<Variant, Summary>;
  const ratio = (peer: Variant) => ({
    p50: by.ours.p50Ms / by[peer].p50Ms,
    p99: by.ours.p99Ms / by[peer].p99Ms,
    throughput: by.ours.throughput / by[peer].throughput,
    cpuPerCommand: by.ours.cpuUsPerCommand / by[peer].cpuUsPerCommand,
    extraCpuUsPerCommand: by.ours.cpuUsPerCommand - by[peer].cpuUsPerCommand,
  });
  return {
    clients,
    perClient: COMMANDS_PER_CLIENT,
    rounds: roundsDone[clients] ?? 0,
    variants: by,
    vsBare: ratio('bare'),
    vsBareZod: ratio('bare+zod'),
  };
});

console.log('');
console.log('Gateway ack round trip — meeting:join (store lookup + fetchSockets) vs bare Socket.IO peers');
console.log(
  `machine: ${machine.platform}, ${machine.cpus} CPU (${machine.cpuModel}), ${machine.totalMemMb} MB, node ${machine.node}`,
);
console.log(
  `workload: ${COMMANDS_PER_CLIENT} acked commands per client, sequential per client, clients concurrent; ` +
    `${WARMUP_PER_CLIENT} warm-up commands per client; websocket on 127.0.0.1`,
);
console.log(
  `notes: server and clients share this one process — CPU ms and RSS are the whole process, not the server alone;\n` +
    `       rate limit raised to ${RATE_LIMIT}/s (burst ${RATE_LIMIT}) so the limiter never refuses — this measures the gateway, not the limiter;\n` +
    `       figures are medians over alternating runs (rotated order: ours, bare, bare+zod).`,
);
for (const r of results) {
  console.log('');
  console.log(`C = ${r.clients} clients × K = ${r.perClient} commands, ${r.rounds} round(s)`);
  console.log(header);
  for (const v of VARIANTS) {
    const s = r.variants[v];
    console.log(
      `${v.padEnd(18)}${[
        f(s.p50Ms),
        f(s.p99Ms),
        f(s.maxMs),
        f(s.throughput, 0),
        f(s.cpuMs, 0),
        f(s.cpuUsPerCommand, 1),
        f(s.rssPeakMb, 0),
      ]
        .map((c) => pad(c, 11))
        .join('')}`,
    );
  }
  for (const [label, q] of [
    ['ours / bare', r.vsBare],
    ['ours / bare+zod', r.vsBareZod],
  ] as const) {
    console.log(
      `${label.padEnd(18)}${[
        `${f(q.p50)}×`,
        `${f(q.p99)}×`,
        '',
        `${f(q.throughput)}×`,
        '',
        `${f(q.cpuPerCommand)}×`,
        '',
      ]
        .map((c) => pad(c, 11))
        .join('')}`,
    );
  }
  console.log(
    `extra CPU per command, ours − bare: ${f(r.vsBare.extraCpuUsPerCommand, 1)} µs; ours − bare+zod: ${f(r.vsBareZod.extraCpuUsPerCommand, 1)} µs`,
  );
}
const totalMs = performance.now() - benchStart;
console.log('');
console.log(`setup ${f(setupMs / 1000, 1)} s (users, meeting, servers); total ${f(totalMs / 1000, 1)} s`);

const outDir = path.join(ROOT, 'test-output', 'bench');
await mkdir(outDir, { recursive: true });
const outFile = path.join(outDir, 'gateway-ack.json');
await writeFile(
  outFile,
  JSON.stringify(
    {
      benchmark: 'gateway-ack',
      at: new Date().toISOString(),
      machine,
      config: {
        command: 'meeting:join',
        clientCounts: CLIENT_COUNTS,
        commandsPerClient: COMMANDS_PER_CLIENT,
        warmupPerClient: WARMUP_PER_CLIENT,
        rounds: ROUNDS,
        transport: 'websocket',
        rateLimit: { eventsPerSecond: Number(RATE_LIMIT), burst: Number(RATE_LIMIT) },
        sharedProcess: true,
        statistic: 'median over rounds',
      },
      setupMs,
      totalMs,
      results,
      raw,
    },
    null,
    2,
  ) + '\n',
);
console.log(`figures written to ${path.relative(ROOT, outFile)}`);
process.exit(0);
