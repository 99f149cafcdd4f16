/**
 * Votes in a full room: 500 voters in one meeting cast their ballots within 2 seconds.
 *
 *   ours — the real server: rate limit → zod → session check → vote:cast (entitled list, ballot
 *          check) → group-committed SQLite write (synchronous=FULL) → ack; then the chair's
 *          vote:close → result stored → `vote:changed` to all 500 screens
 *   bare — a plain Socket.IO server (same options) that acks `vote:cast` at once, and on `close`
 *          broadcasts a result of the same size to everyone
 *
 * Measured from the parent (which runs every client; each server runs in its own child process):
 * each ballot's ack round trip (p50/p99 against bare's, in the same run), and the time from the
 * chair's close until the result has reached every one of the 500 screens.
 * Goals: ballot ack p99 ≤ 1.5 × bare; result on all screens within 1 s of the close.
 *
 *   node --import tsx test/bench/run.ts votes
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import type { Result, Vote, VoteChanged } from '@icabinet/shared';
import { ServerChild, serveAsChild } from './lib/server-child.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { ROOT, startServer } from '../utils/server.js';
import { addVoters, prepareVote } from '../utils/votes.js';

const VOTERS = Number(process.env.VOTES_BENCH_VOTERS ?? 500);
const ROUNDS = 3;
/** Every voter casts once at a random moment within this window. */
const WINDOW_MS = 2000;
const ACK_TIMEOUT_MS = 15_000;
const RATE_LIMIT = '10000';

type Variant = 'ours' | 'bare';
interface ServerInfo {
  url: string;
  meetingId: string;
  chairCookie: string | undefined;
  voterCookies: string[];
  voteIds: string[];
}

// ---- child: one server -----------------------------------------------------------------------

async function childMain(variant: Variant): Promise<void> {
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
    const m = await publishedMeeting(secretary.client, chair.id, []);
    const voters = await addVoters(server.running, m.id, VOTERS);
    const voteIds: string[] = [];
    for (let r = 0; r < ROUNDS; r++)
      voteIds.push(
        (
          await prepareVote(secretary.client, m.id, {
            question: `Thông qua nội dung số ${r + 1}`,
            kind: 'open',
          })
        ).id,
      );
    serveAsChild<ServerInfo>(
      {
        url: server.url,
        meetingId: m.id,
        chairCookie: chair.client.cookie,
        voterCookies: voters.map((v) => v.cookie),
        voteIds,
      },
      () => server.stop(),
    );
    return;
  }
  const http = createServer();
  const io = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  let result: unknown = null;
  io.on('connection', (socket) => {
    socket.on('vote:cast', (_payload: unknown, ack: unknown) => {
      if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
    });
    socket.on('room:join', (_payload: unknown, ack: unknown) => {
      void socket.join('meeting');
      if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
    });
    // The chair's close: broadcast a result of the same size as ours.
    socket.on('close', (payload: unknown, ack: unknown) => {
      result = payload;
      io.to('meeting').emit('vote:changed', result);
      if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  serveAsChild<ServerInfo>(
    {
      url: `http://127.0.0.1:${port}`,
      meetingId: randomUUID(),
      chairCookie: undefined,
      voterCookies: [],
      voteIds: [],
    },
    () => new Promise<void>((resolve) => void io.close(() => resolve())),
  );
}

// ---- parent: clients and figures -------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;

interface Side {
  variant: Variant;
  child: ServerChild<ServerInfo>;
  chair: ClientSocket;
  voters: ClientSocket[];
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
  const voters = await connectMany(
    url,
    variant === 'ours' ? voterCookies : Array<undefined>(VOTERS).fill(undefined),
  );
  if (variant === 'ours') {
    await joinRoom(chair, meetingId);
    for (const command of [{ type: 'room.start' }, { type: 'attendance.checkin' }] as const) {
      const res = await roomCommand(chair, meetingId, command);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
    }
    for (let i = 0; i < voters.length; i += 50)
      await Promise.all(
        voters.slice(i, i + 50).map(async (s) => {
          await joinRoom(s, meetingId);
          const res = await roomCommand(s, meetingId, { type: 'attendance.checkin' });
          if (!res.ok) throw new Error(JSON.stringify(res.error));
        }),
      );
  } else {
    await Promise.all(voters.map((s) => s.timeout(30_000).emitWithAck('room:join', { meetingId })));
  }
  return { variant, child, chair, voters };
}

interface Round {
  acks: number[];
  errors: number;
  /** From the close being sent until each screen had the result. */
  toScreens: number[];
}

/** One vote: every voter casts once within the window; then the chair closes it. */
async function round(
  side: Side,
  voteId: string,
  template: VoteChanged | null,
): Promise<{ round: Round; changed: VoteChanged | null }> {
  const { meetingId } = side.child.info;
  if (side.variant === 'ours') {
    const opened = (await side.chair
      .timeout(10_000)
      .emitWithAck('vote:open', { meetingId, voteId })) as Result<Vote>;
    if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened.error)}`);
  }
  const acks: number[] = [];
  let errors = 0;
  await Promise.all(
    side.voters.map(async (s, i) => {
      await sleep(Math.random() * WINDOW_MS);
      const choice = [['for', 'against', 'abstain'][i % 3]!];
      const t0 = performance.now();
      const res = (await s
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('vote:cast', { meetingId, voteId, opId: randomUUID(), choice })) as Result<unknown>;
      acks.push(performance.now() - t0);
      if (!res.ok) errors++;
    }),
  );
  // Close: the result must reach every screen.
  const arrivals: number[] = [];
  let changed: VoteChanged | null = null;
  const all = new Promise<void>((resolve) => {
    let left = side.voters.length;
    side.voters.forEach((s) => {
      const on = (c: VoteChanged) => {
        if (c.vote.id !== voteId || c.vote.state !== 'closed') return;
        s.off('vote:changed', on);
        arrivals.push(performance.now());
        changed = c;
        if (--left === 0) resolve();
      };
      s.on('vote:changed', on);
    });
  });
  const t0 = performance.now();
  if (side.variant === 'ours') {
    const closed = (await side.chair
      .timeout(10_000)
      .emitWithAck('vote:close', { meetingId, voteId })) as Result<Vote>;
    if (!closed.ok) throw new Error(`close: ${JSON.stringify(closed.error)}`);
  } else {
    const payload = { ...template!, vote: { ...template!.vote, id: voteId } };
    await side.chair.timeout(10_000).emitWithAck('close' as 'vote:close', payload as never);
  }
  await all;
  return { round: { acks, errors, toScreens: arrivals.map((a) => a - t0) }, changed };
}

async function parentMain(): Promise<void> {
  const file = fileURLToPath(import.meta.url);
  const ours = await ServerChild.start<ServerInfo>(file, 'VOTES_BENCH_CHILD', 'ours');
  const bare = await ServerChild.start<ServerInfo>(file, 'VOTES_BENCH_CHILD', 'bare');
  const sides = { ours: await setUp('ours', ours), bare: await setUp('bare', bare) };
  const rounds: Record<Variant, Round[]> = { ours: [], bare: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const o = await round(sides.ours, ours.info.voteIds[r]!, null);
    rounds.ours.push(o.round);
    const b = await round(sides.bare, randomUUID(), o.changed);
    rounds.bare.push(b.round);
    const sum = (x: Round) =>
      `ack p50 ${ms(
        pct(
          [...x.acks].sort((a, c) => a - c),
          0.5,
        ),
      )}, p99 ${ms(
        pct(
          [...x.acks].sort((a, c) => a - c),
          0.99,
        ),
      )}, all screens ${ms(Math.max(...x.toScreens))}`;
    console.log(`round ${r + 1}: ours ${sum(o.round)}; bare ${sum(b.round)}; errors ours ${o.round.errors}`);
  }
  const figures = (v: Variant) => {
    const acks = rounds[v].flatMap((x) => x.acks).sort((a, b) => a - b);
    const screens = rounds[v].map((x) => Math.max(...x.toScreens));
    return {
      ballots: acks.length,
      errors: rounds[v].reduce((n, x) => n + x.errors, 0),
      ackP50: pct(acks, 0.5),
      ackP99: pct(acks, 0.99),
      allScreensMaxMs: Math.max(...screens),
      allScreensMedianMs: [...screens].sort((a, b) => a - b)[Math.floor(screens.length / 2)]!,
    };
  };
  const o = figures('ours');
  const b = figures('bare');
  const ratio = o.ackP99 / b.ackP99;
  console.log(`\n${VOTERS} voters casting within ${WINDOW_MS / 1000} s, ${ROUNDS} votes:`);
  console.log(
    `  ballot ack    ours p50 ${ms(o.ackP50)}  p99 ${ms(o.ackP99)}   bare p50 ${ms(b.ackP50)}  p99 ${ms(b.ackP99)}`,
  );
  console.log(
    `  ack p99 ratio ours/bare ${ratio.toFixed(2)} (goal ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  close → result on all ${VOTERS} screens: ours max ${ms(o.allScreensMaxMs)} (median of rounds ${ms(o.allScreensMedianMs)}), bare max ${ms(b.allScreensMaxMs)} (goal ≤ 1000 ms: ${o.allScreensMaxMs <= 1000 ? 'met' : 'NOT met'})`,
  );
  console.log(`  refused ballots: ours ${o.errors}, bare ${b.errors}`);
  const outDir = path.join(ROOT, 'test-output', 'bench');
  await mkdir(outDir, { recursive: true });
  const outFile = path.join(outDir, 'votes.json');
  await writeFile(
    outFile,
    JSON.stringify(
      { voters: VOTERS, windowMs: WINDOW_MS, rounds: ROUNDS, ours: o, bare: b, ratio },
      null,
      2,
    ) + '\n',
  );
  console.log(`figures written to ${path.relative(ROOT, outFile)}`);
  for (const s of [sides.ours, sides.bare]) for (const c of [s.chair, ...s.voters]) c.close();
  await ours.stop();
  await bare.stop();
  process.exit(o.errors > 0 ? 1 : 0);
}

const role = process.env.VOTES_BENCH_CHILD;
if (role === 'ours' || role === 'bare') await childMain(role);
else await parentMain();
