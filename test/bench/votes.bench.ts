/**
 * Votes in a full room: 500 voters in one meeting cast their ballots within 2 seconds.
 *
 *   ours — the real server: rate limit → zod → session check → vote:cast (entitled list, ballot
 *          check) → group commit (one SQLite transaction per batch, committed to the log) → ack,
 *          with the log's fdatasync started right after, off the event loop (the tablet re-sends
 *          its kept ballot after a reconnect); then the chair's vote:close (waits for that flush)
 *          → result stored → `vote:changed` to all 500 screens
 *   bare — a plain Socket.IO server with the same options (wire parser, recovery, buffer size) that
 *          acks `vote:cast` at once, sent by 500 clients of their own on the same schedule; on
 *          `open` and `close` it broadcasts copies of our open and closed records (same sizes) to
 *          everyone. The goal's yardstick.
 *   bare-fsync — the bare server that appends each ballot to a file and acks it after a group
 *          fdatasync (ballots arriving during a flush share the next one): the disk's floor for
 *          an ack that waits for the disk, shown for reference (ours no longer waits for it).
 *
 * A run: VOTES_PER_RUN (3) votes per variant, variants alternating vote by vote, each vote's 500
 * arrival times drawn once and replayed for each variant (who goes first rotates); the times count
 * from 150 ms after the opened vote had reached every screen and this process had collected its
 * garbage (see `round`: this one process plays all 500 tablets). Its figure is ours' ack p99 over
 * bare's, each over the run's 1,500 ballots. Runs repeat (BENCH_MIN_RUNS 5 … BENCH_MAX_RUNS 15)
 * until both goals are decided on the median (lib/stats.ts);
 * the server children run on one core and the clients on the other (lib/cpus.ts).
 * Goals: ballot ack p99 ≤ 1.5 × bare; result on all screens within 1 s of the close.
 *
 *   npm run bench -- votes      (VOTES_BENCH_VOTERS=… for another size)
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { wireParser, type Result, type Vote, type VoteChanged } from '@icabinet/shared';
import { ServerChild, serveAsChild } from './lib/server-child.js';
import { groupSync, heapSampling, settleProcess, slowestAcks, traceLoop } from './lib/diagnostics.js';
import { machineLine, pinClients } from './lib/cpus.js';
import { judge, latencyOf, measureGoal, spreadOf, type Goal } from './lib/stats.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { ROOT, startServer } from '../utils/server.js';
import { addVoters, prepareVote } from '../utils/votes.js';

const VOTERS = Number(process.env.VOTES_BENCH_VOTERS ?? 500);
const MIN_RUNS = Number(process.env.BENCH_MIN_RUNS ?? 5);
const MAX_RUNS = Number(process.env.BENCH_MAX_RUNS ?? 15);
/**
 * Votes per variant in a run, variants alternating vote by vote; the run's p99 is over all their
 * ballots. With one vote (500 acks) a run's p99 was its 5th slowest ack, which one collection in
 * either process decided: runs spread 0.35–3.55× around a median of 1.05×, and 15 of them did not
 * decide the goal (2026-12-07). Three votes put it on the 15 slowest of 1,500.
 */
const VOTES_PER_RUN = Math.max(1, Number(process.env.VOTES_BENCH_VOTES_PER_RUN ?? 3));
/** Every voter casts once at a random moment within this window. */
const WINDOW_MS = 2000;
const GOAL_RATIO = 1.5;
const GOAL_SCREENS_MS = 1000;
/** The two goals, as the runs are repeated until they are decided and as they are judged. */
const RATIO_GOAL: Goal = { atMost: GOAL_RATIO, label: `ballot ack p99 ≤ ${GOAL_RATIO}× bare` };
const SCREENS_GOAL: Goal = {
  atMost: GOAL_SCREENS_MS,
  label: `close → result on all ${VOTERS} screens ≤ ${GOAL_SCREENS_MS} ms`,
};
const ACK_TIMEOUT_MS = 15_000;
/** Pause between the open on every screen (and this process's collection) and the window. */
const SETTLE_MS = 150;
const RATE_LIMIT = '10000';

const VARIANTS = ['ours', 'bare', 'bare-fsync'] as const;
type Variant = (typeof VARIANTS)[number];
interface ServerInfo {
  url: string;
  meetingId: string;
  chairCookie: string | undefined;
  voterCookies: string[];
  voteIds: string[];
}

// ---- child: one server -----------------------------------------------------------------------

async function oursChild(): Promise<void> {
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
  const m = await publishedMeeting(secretary.client, chair.id, []);
  const voters = await addVoters(server.running, m.id, VOTERS);
  // addVoters writes 1,500 rows without yielding to the event loop (seconds on a busy disk): the
  // HTTP keep-alive timers of both sides are overdue by then, and a request sent before they run
  // meets a socket the server closes at once (ECONNRESET). Let them run first.
  await new Promise((r) => setTimeout(r, 200));
  const voteIds: string[] = [];
  // VOTES_PER_RUN votes per run, and one to warm up.
  for (let r = 0; r <= MAX_RUNS * VOTES_PER_RUN; r++)
    voteIds.push(
      (
        await prepareVote(secretary.client, m.id, {
          question: `Thông qua nội dung số ${r + 1}`,
          kind: 'open',
        })
      ).id,
    );
  const info = {
    url: server.url,
    meetingId: m.id,
    chairCookie: chair.client.cookie,
    voterCookies: voters.map((v) => v.cookie),
    voteIds,
  };
  const untrace = traceLoop(process.env.VOTES_BENCH_TRACE, 'ours');
  const unprofile = await heapSampling(process.env.VOTES_BENCH_HEAP, 'ours');
  serveAsChild<ServerInfo>(info, async () => {
    untrace();
    await unprofile();
    await server.stop();
  });
}

async function bareChild(durable: boolean): Promise<void> {
  const http = createServer();
  const io = new Server(http, {
    serveClient: false,
    parser: wireParser,
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const file = durable ? await open(path.join(os.tmpdir(), `votes-bench-${process.pid}.log`), 'w') : null;
  const flush = file ? groupSync(() => file.datasync()) : null;
  io.on('connection', (socket) => {
    const ok = (ack: unknown) => {
      if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
    };
    socket.on('vote:cast', (payload: unknown, ack: unknown) => {
      if (!file || !flush) return ok(ack);
      void file
        .write(JSON.stringify(payload) + '\n')
        .then(flush)
        .then(() => ok(ack));
    });
    socket.on('room:join', (_payload: unknown, ack: unknown) => {
      void socket.join('meeting');
      ok(ack);
    });
    // The chair's open and close: broadcast a record of the same size as ours.
    socket.on('open', (payload: unknown, ack: unknown) => {
      io.to('meeting').emit('vote:changed', payload);
      ok(ack);
    });
    socket.on('close', (payload: unknown, ack: unknown) => {
      io.to('meeting').emit('vote:changed', payload);
      ok(ack);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const untrace = traceLoop(process.env.VOTES_BENCH_TRACE, durable ? 'bare-fsync' : 'bare');
  const unprofile = await heapSampling(process.env.VOTES_BENCH_HEAP, durable ? 'bare-fsync' : 'bare');
  const { port } = http.address() as AddressInfo;
  serveAsChild<ServerInfo>(
    {
      url: `http://127.0.0.1:${port}`,
      meetingId: randomUUID(),
      chairCookie: undefined,
      voterCookies: [],
      voteIds: [],
    },
    async () => {
      untrace();
      await unprofile();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await file?.close();
    },
  );
}

// ---- parent: clients and figures -------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

interface Side {
  variant: Variant;
  child: ServerChild<ServerInfo>;
  chair: ClientSocket;
  voters: ClientSocket[];
  /** Votes used so far (ours opens a new one each run). */
  used: number;
}

async function connectMany(url: string, cookies: (string | undefined)[]): Promise<ClientSocket[]> {
  const out: ClientSocket[] = [];
  for (let i = 0; i < cookies.length; i += 50)
    out.push(...(await Promise.all(cookies.slice(i, i + 50).map((c) => connectClient(url, c)))));
  return out;
}

async function setUp(variant: Variant, child: ServerChild<ServerInfo>): Promise<Side> {
  const { url, meetingId, chairCookie, voterCookies } = child.info;
  const chair = (await connectMany(url, [chairCookie]))[0]!;
  const ours = variant === 'ours';
  const voters = await connectMany(url, ours ? voterCookies : Array<undefined>(VOTERS).fill(undefined));
  if (ours) {
    await joinRoom(chair, meetingId);
    for (const command of [{ type: 'room.start' }, { type: 'attendance.checkin' }] as const) {
      const res = await roomCommand(chair, meetingId, command);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
    }
    // 20 at a time: each check-in is broadcast to the whole room, and a loaded machine made
    // bigger groups miss the 10 s ack timeout.
    for (let i = 0; i < voters.length; i += 20)
      await Promise.all(
        voters.slice(i, i + 20).map(async (s) => {
          await joinRoom(s, meetingId);
          const res = await roomCommand(s, meetingId, { type: 'attendance.checkin' });
          if (!res.ok) throw new Error(JSON.stringify(res.error));
        }),
      );
  } else {
    await Promise.all(voters.map((s) => s.timeout(30_000).emitWithAck('room:join', { meetingId })));
  }
  return { variant, child, chair, voters, used: 0 };
}

interface Round {
  acks: number[];
  /** Wall-clock send time of each ack in `acks` (ms since the epoch), for VOTES_BENCH_TRACE. */
  sentAt: number[];
  errors: number;
  /** From the close being sent until the last screen had the result (a run's: its slowest vote). */
  allScreensMs: number;
}

/** The `vote:changed` our server sends at the open and at the close (bare sends copies). */
interface Templates {
  open: VoteChanged;
  close: VoteChanged;
}

/** Resolves once `vote:changed` shows the vote in `state` on every voter's screen (`last`: when the last did). */
function shown(voters: ClientSocket[], voteId: string, state: 'open' | 'closed') {
  let last = 0;
  let payload: VoteChanged | null = null;
  const each = voters.map(
    (s) =>
      new Promise<void>((resolve) => {
        const on = (c: VoteChanged) => {
          if (c.vote.id !== voteId || c.vote.state !== state) return;
          s.off('vote:changed', on);
          last = performance.now();
          payload = c;
          resolve();
        };
        s.on('vote:changed', on);
      }),
  );
  const all = Promise.all(each).then(() => ({ last, payload }));
  return { all };
}

/**
 * One vote: the chair opens it; once the vote is on every screen and this process has settled,
 * each voter casts at its time in `offsets`; then the chair closes it.
 *
 * The window starts when the last screen has the vote, not when each screen does: this one process
 * plays 500 tablets and decodes their 500 copies of the open vote one after another (a few hundred
 * ms), while a real tablet decodes its own copy on its own processor. Counting from each screen's
 * own copy put the first voters' acks behind the decoding of everyone else's (measured: the slowest
 * 1% of acks of every variant were the ballots sent in the first 60 ms), which measures this
 * process, not the server.
 */
async function round(side: Side, offsets: number[], templates: Templates | null) {
  const { meetingId } = side.child.info;
  const ours = side.variant === 'ours';
  const voteId = ours ? side.child.info.voteIds[side.used++]! : randomUUID();
  const opening = shown(side.voters, voteId, 'open');
  if (ours) {
    const opened = (await side.chair
      .timeout(10_000)
      .emitWithAck('vote:open', { meetingId, voteId })) as Result<Vote>;
    if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened.error)}`);
  } else {
    const payload = { ...templates!.open, vote: { ...templates!.open.vote, id: voteId } };
    await side.chair.timeout(10_000).emitWithAck('open' as 'vote:open', payload as never);
  }
  const acks: number[] = [];
  const sentAt: number[] = [];
  let errors = 0;
  await opening.all;
  // The garbage of the 500 decoded copies of the open vote (with its 500 seats, ~25 MB): collected
  // before the window, not in its first 100 ms (as it was in one window in three, of any variant,
  // holding the acks due then for 20–40 ms while the server had no stall).
  await settleProcess(SETTLE_MS);
  await Promise.all(
    side.voters.map(async (s, i) => {
      await sleep(offsets[i]!);
      const choice = [['for', 'against', 'abstain'][i % 3]!];
      const t0 = performance.now();
      const res = (await s
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('vote:cast', { meetingId, voteId, opId: randomUUID(), choice })) as Result<unknown>;
      acks.push(performance.now() - t0);
      sentAt.push(performance.timeOrigin + t0);
      if (!res.ok) errors++;
    }),
  );
  // The last progress broadcast (at most once a second) passes before the close is timed.
  await sleep(1200);
  const closing = shown(side.voters, voteId, 'closed');
  const t0 = performance.now();
  if (ours) {
    const closed = (await side.chair
      .timeout(10_000)
      .emitWithAck('vote:close', { meetingId, voteId })) as Result<Vote>;
    if (!closed.ok) throw new Error(`close: ${JSON.stringify(closed.error)}`);
  } else {
    const payload = { ...templates!.close, vote: { ...templates!.close.vote, id: voteId } };
    await side.chair.timeout(10_000).emitWithAck('close' as 'vote:close', payload as never);
  }
  const [opened, closed] = [await opening.all, await closing.all];
  const result: Round = { acks, sentAt, errors, allScreensMs: closed.last - t0 };
  const seen = opened.payload && closed.payload ? { open: opened.payload, close: closed.payload } : null;
  return { round: result, templates: seen };
}

async function parentMain(): Promise<void> {
  const started = performance.now();
  pinClients();
  const file = fileURLToPath(import.meta.url);
  const sides = new Map<Variant, Side>();
  for (const v of VARIANTS)
    sides.set(v, await setUp(v, await ServerChild.start<ServerInfo>(file, 'VOTES_BENCH_CHILD', v)));
  const draw = () => Array.from({ length: VOTERS }, () => Math.random() * WINDOW_MS);
  // Warm-up: one vote on ours gives the open and close records the bare servers broadcast.
  const warm = await round(sides.get('ours')!, draw(), null);
  const templates = warm.templates!;
  for (const v of VARIANTS.slice(1)) await round(sides.get(v)!, draw(), templates);
  console.log(`setup and warm-up ${f((performance.now() - started) / 1000)} s`);
  // What each server keeps (its heap in use after a full collection), now and after the runs: the
  // votes a server holds in memory grow its heap, and every major collection marks all of it.
  const heapMb = async () =>
    Object.fromEntries(
      await Promise.all(
        VARIANTS.map(async (v) => [v, (await sides.get(v)!.child.usage()).heapUsed / 1e6] as const),
      ),
    ) as Record<Variant, number>;
  const heapBefore = await heapMb();
  if (process.env.VOTES_BENCH_HEAP) for (const s of sides.values()) s.child.signal('SIGUSR2');

  type Run = Record<Variant, Round>;
  const order = [...VARIANTS];
  const runs = await measureGoal<Run>({
    name: `ballot ack p99 ours/bare, ${VOTERS} voters within ${WINDOW_MS / 1000} s`,
    minRuns: MIN_RUNS,
    maxRuns: MAX_RUNS,
    goal: RATIO_GOAL,
    // Runs go on until the close's goal is decided too (it was left undecided after five runs, its
    // interval then the whole range of the runs, while the p99's was decided).
    alsoDecide: [
      {
        name: 'close → all screens',
        figure: (r) => r.ours.allScreensMs,
        goal: SCREENS_GOAL,
      },
    ],
    unit: '×',
    run: async (i) => {
      const empty = (): Round => ({ acks: [], sentAt: [], errors: 0, allScreensMs: 0 });
      const out = Object.fromEntries(VARIANTS.map((v) => [v, empty()])) as Run;
      for (let j = 0; j < VOTES_PER_RUN; j++) {
        // The same arrival times for every variant in this vote; who goes first rotates.
        const offsets = draw();
        for (let k = 0; k < order.length; k++) {
          const side = sides.get(order[(k + i + j) % order.length]!)!;
          const one = (await round(side, offsets, templates)).round;
          slowestAcks(process.env.VOTES_BENCH_TRACE, `${i}.${j} ${side.variant}`, one);
          const into = out[side.variant];
          into.acks.push(...one.acks);
          into.sentAt.push(...one.sentAt);
          into.errors += one.errors;
          // The run's slowest close: the screens goal must hold for every vote.
          into.allScreensMs = Math.max(into.allScreensMs, one.allScreensMs);
          await sleep(500);
        }
      }
      const at = (v: Variant) => {
        const l = latencyOf(out[v].acks);
        return `${v} ${f(l.p50)}/${f(l.p99)}`;
      };
      console.log(
        `  run ${i + 1}: ack p50/p99 ms ${VARIANTS.map(at).join(', ')}; close → all screens ${f(out.ours.allScreensMs, 0)} ms`,
      );
      return out;
    },
    figure: (r) => latencyOf(r.ours.acks).p99 / latencyOf(r.bare.acks).p99,
    samples: () => VOTERS * VOTES_PER_RUN,
    onRun: (i, x) => process.stdout.write(`  run ${i + 1}: p99 ours/bare ${f(x, 2)}×\n`),
  });
  const per = (v: Variant, pick: (r: Round) => number, name: string) =>
    spreadOf(
      `${v} ${name}`,
      runs.results.map((r) => pick(r[v])),
      VOTERS * VOTES_PER_RUN,
    );
  const p50 = (r: Round) => latencyOf(r.acks).p50;
  const p99 = (r: Round) => latencyOf(r.acks).p99;
  const screens = per('ours', (r) => r.allScreensMs, 'close → all screens');
  const screensGoal = judge(screens, SCREENS_GOAL);
  const floorRatio = spreadOf(
    'p99 ours/bare-fsync',
    runs.results.map((r) => p99(r.ours) / p99(r['bare-fsync'])),
    VOTERS * VOTES_PER_RUN,
  );
  const errors = Object.fromEntries(
    VARIANTS.map((v) => [v, runs.results.reduce((n, r) => n + r[v].errors, 0)]),
  );
  const heapAfter = await heapMb();
  const held = runs.results.length * VOTES_PER_RUN;

  console.log('');
  console.log(
    `Votes — ${VOTERS} voters casting within ${WINDOW_MS / 1000} s, ${VOTES_PER_RUN} vote(s) per variant per run (close → all screens: the run's slowest)`,
  );
  console.log(`machine: ${machineLine()}`);
  for (const v of VARIANTS) {
    console.log(`  ${v.padEnd(11)} ack p50 ${per(v, p50, 'p50').line(' ms')}`);
    console.log(`  ${''.padEnd(11)} ack p99 ${per(v, p99, 'p99').line(' ms')}`);
  }
  console.log(`  ours/bare-fsync p99: ${floorRatio.line('×')}`);
  console.log(`  ours close → all screens: ${screens.line(' ms', 0)}`);
  console.log(`  bare close → all screens: ${per('bare', (r) => r.allScreensMs, 'screens').line(' ms', 0)}`);
  console.log(`  ${judge(runs, RATIO_GOAL).line}`);
  console.log(`  ${screensGoal.line}`);
  // Not the issue's goal: how far ours is from the disk's floor for a durable ack.
  const floorGoal = judge(floorRatio, {
    atMost: GOAL_RATIO,
    label: `(for reference, not the goal) ballot ack p99 ≤ ${GOAL_RATIO}× bare-fsync`,
  });
  console.log(`  ${floorGoal.line}`);
  console.log(`  refused ballots: ${JSON.stringify(errors)}`);
  console.log(
    `  heap in use after a full collection, before → after the ${held} votes per variant: ${VARIANTS.map(
      (v) => `${v} ${f(heapBefore[v])} → ${f(heapAfter[v])} MB`,
    ).join(', ')}`,
  );
  console.log(`total ${f((performance.now() - started) / 1000)} s`);

  const outDir = path.join(ROOT, 'test-output', 'bench');
  await mkdir(outDir, { recursive: true });
  const outFile = path.join(outDir, 'votes.json');
  const valuesOf = (pick: (r: Round) => number) =>
    Object.fromEntries(VARIANTS.map((v) => [v, runs.results.map((r) => pick(r[v]))]));
  await writeFile(
    outFile,
    JSON.stringify(
      {
        benchmark: 'votes',
        at: new Date().toISOString(),
        machine: machineLine(),
        config: { voters: VOTERS, windowMs: WINDOW_MS, minRuns: MIN_RUNS, maxRuns: MAX_RUNS },
        ratioP99: { values: runs.values, median: runs.median, verdict: runs.verdict },
        ackP50: valuesOf(p50),
        ackP99: valuesOf(p99),
        allScreensMs: valuesOf((r) => r.allScreensMs),
        screensVerdict: screensGoal.verdict,
        floorRatioP99: { values: floorRatio.values, median: floorRatio.median, verdict: floorGoal.verdict },
        errors,
        heapMb: { before: heapBefore, after: heapAfter },
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`figures written to ${path.relative(ROOT, outFile)}`);
  for (const s of sides.values()) for (const c of [s.chair, ...s.voters]) c.close();
  for (const s of sides.values()) await s.child.stop();
  process.exit(errors.ours ? 1 : 0);
}

const role = process.env.VOTES_BENCH_CHILD as Variant | undefined;
if (role === 'ours') await oursChild();
else if (role === 'bare' || role === 'bare-fsync') await bareChild(role === 'bare-fsync');
else await parentMain();
