/**
 * Shared annotation layers: our Yjs-over-Socket.IO server (every update stored in SQLite with
 * synchronous=FULL before its ack and broadcast) against @y/websocket-server 0.1.1 (y-websocket
 * clients) and @hocuspocus/server 3.4.4 (provider), which keep documents in memory.
 *
 *   (a) cold join: 50 clients join at once a layer holding N ink strokes (default 10,000);
 *       time until each client has applied the whole layer; and warm join: the same with clients
 *       that hold the layer but its last 500 strokes (as a tablet with its IndexedDB copy)
 *   (b) meeting: 50 clients, 5 of them inking 2 strokes a second for T seconds (default 180,
 *       "several minutes"; ANN_BENCH_SECONDS=20 for a quick look), each stroke shown live while
 *       drawn as the web's pen does (ANN_BENCH_LIVE=0: finished strokes only) — delivery p50/p99
 *       from the writer's change to each other client's observer, pen-down to the first live ink
 *       on the other screens, server CPU time and RSS
 *   (c) persistence (ours): sequential update → ack round trips per second through the real
 *       server, and the time to compact (re-encode and replace) the N-stroke layer in SQLite
 *
 * Each server runs in its own child process; every client runs in this one (same clock).
 *
 *   node --import tsx test/bench/run.ts annotations
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { setupWSConnection } from '@y/websocket-server/utils';
import { Server as HocuspocusServer } from '@hocuspocus/server';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { Awareness } from 'y-protocols/awareness';
import { pageRoot } from '@icabinet/shared';
import { ServerChild, serveAsChild } from './lib/server-child.js';
import { LayerSync } from '../../web/src/lib/collab/layer-sync.js';
import { LiveStrokePublisher } from '../../web/src/features/annotations/live-strokes.js';
import { addInk, LayerClient } from '../utils/annotations.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { publishedMeeting, uploadReport } from '../utils/room.js';
import { connectClient } from '../utils/socket.js';
import { startServer } from '../utils/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STROKES = Number(process.env.ANN_BENCH_STROKES ?? 10_000);
const CLIENTS = 50;
const WRITERS = 5;
const SECONDS = Number(process.env.ANN_BENCH_SECONDS ?? 180);
const STROKES_PER_SECOND = 2;
/** Processes the meeting's clients run in (1: all in this one). */
const CLIENT_PROCS = Math.max(1, Number(process.env.ANN_BENCH_CLIENT_PROCS ?? 1));
const POINTS_PER_STROKE = 24;
/**
 * While each stroke is drawn (STROKE_MS of the half second), its writer publishes it in
 * progress in the layer's awareness as the web's pen does (LiveStrokePublisher, ~15 states a
 * second, cleared at pen-up), so every variant also relays the live ink. ANN_BENCH_LIVE=0 sends
 * only the finished strokes.
 */
const LIVE = process.env.ANN_BENCH_LIVE !== '0';
const STROKE_MS = 300;

type Variant = 'ours' | 'y-websocket' | 'hocuspocus';
const ALL_VARIANTS: Variant[] = ['ours', 'y-websocket', 'hocuspocus'];
/** ANN_BENCH_VARIANTS=ours,hocuspocus runs a subset (the ratios then compare with what ran). */
const VARIANTS: Variant[] = process.env.ANN_BENCH_VARIANTS
  ? ALL_VARIANTS.filter((v) => process.env.ANN_BENCH_VARIANTS!.split(',').includes(v))
  : ALL_VARIANTS;
interface Info {
  url: string;
  documentId: string;
  /** A second, empty layer for the meeting workload. */
  meetingDocumentId: string;
  writerCookie: string | undefined;
  /** Ours: the writers' user id, the author the server accepts on the shared layer. */
  writerUserId: string | undefined;
  readerCookies: (string | undefined)[];
  compactionMs: number;
}

/**
 * The author written into every stroke: ours the writer's user id (the server refuses another),
 * the peers an id of the same length, so every layer has the same size.
 */
const authorFor = (info: Info): string => info.writerUserId ?? '00000000-0000-4000-8000-000000000000';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stroke of POINTS_PER_STROKE points, deterministic from its number. */
function strokePoints(n: number): number[] {
  const pts: number[] = [];
  for (let i = 0; i < POINTS_PER_STROKE; i++)
    pts.push((n * 37 + i * 41) % 10_000, (n * 53 + i * 29) % 10_000);
  return pts;
}

// ---- child: one server ---------------------------------------------------------------------

async function childMain(variant: Variant): Promise<void> {
  let info: Info;
  let stop: () => Promise<void>;
  if (variant === 'ours') {
    const server = await startServer({
      env: {
        SOCKET_EVENTS_PER_SECOND: '10000',
        SOCKET_EVENT_BURST: '10000',
        SOCKET_MAX_PAYLOAD_BYTES: '2000000',
      },
    });
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const sec = await createUser(server.url, admin, {
      username: 'thuky',
      fullName: 'Thư Ký',
      systemRole: 'secretary',
    });
    const chair = await createUser(server.url, admin, { username: 'chutich', fullName: 'Chủ Tịch' });
    const readers = [];
    for (let i = 0; i < 10; i++)
      readers.push(
        await createUser(server.url, admin, { username: `daibieu${i}`, fullName: `Đại biểu ${i}` }),
      );
    const m = await publishedMeeting(
      sec.client,
      chair.id,
      readers.map((r) => ({ userId: r.id })),
      { document: true },
    );
    info = {
      url: server.url,
      documentId: m.documentId!,
      meetingDocumentId: (await uploadReport(sec.client, m.id)).id,
      writerCookie: chair.client.cookie,
      writerUserId: chair.id,
      readerCookies: readers.map((r) => r.client.cookie),
      compactionMs: await measureCompaction(server.running.store),
    };
    stop = () => server.stop();
  } else if (variant === 'y-websocket') {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (conn, req) => setupWSConnection(conn, req));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    info = {
      url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
      documentId: 'bench',
      meetingDocumentId: 'bench-meeting',
      writerCookie: undefined,
      writerUserId: undefined,
      readerCookies: [],
      compactionMs: NaN,
    };
    stop = () => new Promise<void>((resolve) => http.close(() => resolve()));
  } else {
    const hp = new HocuspocusServer({ quiet: true, address: '127.0.0.1' });
    await hp.listen(0);
    info = {
      url: `ws://127.0.0.1:${hp.address.port}`,
      documentId: 'bench',
      meetingDocumentId: 'bench-meeting',
      writerCookie: undefined,
      writerUserId: undefined,
      readerCookies: [],
      compactionMs: NaN,
    };
    stop = () => hp.destroy();
  }
  serveAsChild(info, stop);
}

// ---- clients of each variant ---------------------------------------------------------------

/**
 * One connected client of any variant: its doc and awareness, a promise of its first full sync, a
 * way to leave. Ours is the web's own provider (LayerSync), the peers' are theirs.
 */
interface Peer {
  doc: Y.Doc;
  awareness: Awareness;
  synced: Promise<void>;
  close(): void;
}

let cookieTurn = 0;
async function peer(
  variant: Variant,
  child: { info: Info },
  role: 'writer' | 'reader',
  doc = new Y.Doc(),
  documentId = child.info.documentId,
): Promise<Peer> {
  const { url } = child.info;
  if (variant === 'ours') {
    const cookies = child.info.readerCookies;
    const cookie = role === 'writer' ? child.info.writerCookie : cookies[cookieTurn++ % cookies.length];
    const socket = await connectClient(url, cookie);
    const sync = new LayerSync(socket, documentId, 'shared', { doc });
    const synced = new Promise<void>((resolve) => {
      const check = () => {
        if (sync.status !== 'synced') return;
        off();
        resolve();
      };
      const off = sync.subscribe(check);
      check();
    });
    return {
      doc,
      awareness: sync.awareness,
      synced,
      close: () => {
        sync.destroy();
        socket.close();
      },
    };
  }
  if (variant === 'y-websocket') {
    const p = new WebsocketProvider(url, documentId, doc, {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
    });
    const synced = new Promise<void>((resolve) => {
      const on = (s: boolean) => {
        if (!s) return;
        p.off('sync', on);
        resolve();
      };
      p.on('sync', on);
    });
    return { doc, awareness: p.awareness, synced, close: () => p.destroy() };
  }
  const ws = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  let resolveSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const p = new HocuspocusProvider({
    websocketProvider: ws,
    name: documentId,
    document: doc,
    onSynced: () => resolveSynced(),
  });
  p.attach();
  return {
    doc,
    awareness: p.awareness!,
    synced,
    close: () => {
      p.destroy();
      ws.destroy();
    },
  };
}

const percentile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! : NaN;
};

/**
 * Fills the layer with STROKES strokes in batches (ours caps an update at 1 MB). The writer stays
 * connected until `close` (Hocuspocus without an extension drops a document nobody holds).
 */
async function seed(
  variant: Variant,
  child: ServerChild<Info>,
): Promise<{ size: number; partial: Uint8Array; close(): void }> {
  const doc = new Y.Doc();
  const w = await peer(variant, child, 'writer', doc);
  await w.synced;
  // 500 strokes per transaction: one update of ~150 KB each (ours refuses updates over 1 MB).
  let partial = Y.encodeStateAsUpdate(doc);
  for (let n = 0; n < STROKES; n += 500) {
    // What a tablet that read the layer before the last 500 strokes holds in IndexedDB.
    if (n + 500 >= STROKES) partial = Y.encodeStateAsUpdate(doc);
    doc.transact(() => {
      for (let k = n; k < Math.min(STROKES, n + 500); k++)
        addInk(doc, 1 + (k % 20), strokePoints(k), { author: authorFor(child.info) });
    });
    await sleep(20);
  }
  const size = Y.encodeStateAsUpdate(doc).byteLength;
  // Wait until a fresh client sees every stroke.
  for (;;) {
    await sleep(500);
    const probe = await peer(variant, child, 'reader');
    await probe.synced;
    let count = 0;
    for (let p = 1; p <= 20; p++) count += probe.doc.getMap(pageRoot(p)).size;
    probe.close();
    if (count >= STROKES) break;
  }
  return { size, partial, close: () => w.close() };
}

/**
 * (a) 50 clients join at once; with `local`, each starts from that copy of the layer (loaded into
 * its Y.Doc inside the timing, as a tablet loads its IndexedDB copy) and fetches only the rest.
 */
async function coldJoin(
  variant: Variant,
  child: ServerChild<Info>,
  local?: Uint8Array,
): Promise<{ p50: number; max: number; failed: number }> {
  const t0 = performance.now();
  const times: number[] = [];
  let failed = 0;
  let incomplete = 0;
  const peers = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const doc = new Y.Doc();
      if (local) Y.applyUpdate(doc, local);
      const p = await peer(variant, child, 'reader', doc);
      await Promise.race([p.synced.then(() => times.push(performance.now() - t0)), sleep(60_000)]).catch(
        () => failed++,
      );
      let count = 0;
      for (let pg = 1; pg <= 20; pg++) count += p.doc.getMap(pageRoot(pg)).size;
      if (count < STROKES) incomplete++;
      // Fifty copies of a 10,000-stroke layer do not fit in one client process: drop each once synced.
      p.close();
      p.doc.destroy();
      return p;
    }),
  );
  failed += CLIENTS - times.length + incomplete;
  for (const p of peers) p.close();
  return { p50: percentile(times, 0.5), max: percentile(times, 1), failed };
}

/** What a share's readers measured, in ms: finished strokes, and pen-down to the first live ink. */
interface Latencies {
  strokes: number[];
  live: number[];
}

/** One process's share of the meeting's clients: its writers' numbers and how many readers. */
interface MeetingShare {
  variant: Variant;
  info: Info;
  writers: number[];
  readers: number;
}

/**
 * Runs one share of the meeting's clients: connects them, says `ready`, on `go` inks with its
 * writers for SECONDS, and answers with the delivery latencies its readers saw. A stroke's id
 * carries its send time on the machine's monotonic clock (`process.hrtime`, the same in every
 * process), so latencies can be measured across processes.
 */
async function meetingShare(
  share: MeetingShare,
  started: Promise<void>,
): Promise<{ ready: Promise<void>; done: Promise<Latencies> }> {
  const { variant, info } = share;
  const peers: Peer[] = [];
  const writers = share.writers.length;
  for (let i = 0; i < writers + share.readers; i++)
    peers.push(
      await peer(variant, { info }, i < writers ? 'writer' : 'reader', new Y.Doc(), info.meetingDocumentId),
    );
  const ready = Promise.all(peers.map((p) => p.synced)).then(() => undefined);
  const lat: Latencies = { strokes: [], live: [] };
  const page = 21;
  const sentAt = (id: unknown) => /^s-\d+-\d+-(\d+)$/.exec(String(id))?.[1];
  for (const p of peers) {
    p.doc.getMap(pageRoot(page)).observe((e) => {
      if (e.transaction.local) return;
      const now = process.hrtime.bigint();
      for (const key of e.keysChanged) {
        const sent = sentAt(key);
        if (sent) lat.strokes.push(Number(now - BigInt(sent)) / 1e6);
      }
    });
    // Pen-down to the first live ink on this screen: a live stroke's id carries its first point's time.
    const seen = new Set<string>();
    p.awareness.on('change', (c: { added: number[]; updated: number[] }) => {
      const now = process.hrtime.bigint();
      for (const id of [...c.added, ...c.updated]) {
        if (id === p.awareness.clientID) continue;
        const stroke = (p.awareness.getStates().get(id) as { stroke?: { id?: string } } | undefined)?.stroke;
        const sent = sentAt(stroke?.id);
        if (!sent || seen.has(stroke!.id!)) continue;
        seen.add(stroke!.id!);
        lat.live.push(Number(now - BigInt(sent)) / 1e6);
      }
    });
  }
  const done = (async () => {
    await ready;
    await started;
    const until = performance.now() + SECONDS * 1000;
    let n = 0;
    await Promise.all(
      share.writers.map(async (wi, i) => {
        const w = peers[i]!;
        const live = new LiveStrokePublisher(w.awareness);
        await sleep((wi * 1000) / STROKES_PER_SECOND / WRITERS);
        while (performance.now() < until) {
          const began = performance.now();
          const points = strokePoints(n++);
          if (LIVE) {
            // The pen moves through the stroke's points; the publisher sends ~15 states a second.
            const stroke = { id: `s-${wi}-${n}-${process.hrtime.bigint()}`, page, kind: 'ink' as const };
            for (let k = 2; k <= points.length; k += 2) {
              live.update({ ...stroke, color: '#d32f2f', width: 20, points: points.slice(0, k) });
              await sleep(STROKE_MS / POINTS_PER_STROKE);
            }
          }
          // The author is the writer's own id (ours refuses shared-layer notes in another's name).
          addInk(w.doc, page, points, {
            id: `s-${wi}-${n}-${process.hrtime.bigint()}`,
            color: '#d32f2f',
            width: 20,
            author: authorFor(info),
          });
          // As the web's pen: the finished stroke first, then the live copy cleared.
          live.clear();
          await sleep(began + 1000 / STROKES_PER_SECOND - performance.now());
        }
      }),
    );
    await sleep(1000);
    for (const p of peers) p.close();
    return lat;
  })();
  return { ready, done };
}

/** The shares of CLIENTS clients (WRITERS of them writing) over `procs` processes. */
function shares(variant: Variant, info: Info, procs: number): MeetingShare[] {
  return Array.from({ length: procs }, (_, k) => {
    const writers = Array.from({ length: WRITERS }, (_, i) => i).filter((i) => i % procs === k);
    const clients = Math.floor(CLIENTS / procs) + (k < CLIENTS % procs ? 1 : 0);
    return { variant, info, writers, readers: clients - writers.length };
  });
}

/**
 * (b) The meeting. With ANN_BENCH_CLIENT_PROCS=n (default 1) its clients run in n processes, as
 * tablets each have their own processor: one process pays every client's decoding in turn, which
 * is the harness's cost rather than the server's.
 */
async function meeting(
  variant: Variant,
  child: ServerChild<Info>,
): Promise<{
  p50: number;
  p99: number;
  deliveries: number;
  live: { p50: number; p99: number; deliveries: number };
  cpuMs: number;
  rssMb: number;
}> {
  const all = shares(variant, child.info, CLIENT_PROCS);
  let go: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (go = resolve));
  const local = await meetingShare(all[0]!, started);
  const remote = all.slice(1).map((share) => {
    const proc = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, ANN_BENCH_SHARE: JSON.stringify(share) },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<void>((resolve) => proc.once('message', () => resolve()));
    const done = ready.then(
      () => new Promise<Latencies>((resolve) => proc.once('message', (m) => resolve(m as Latencies))),
    );
    return { proc, ready, done };
  });
  await Promise.all([local.ready, ...remote.map((r) => r.ready)]);
  const u0 = await child.usage();
  go();
  for (const r of remote) r.proc.send('go');
  const measured = await Promise.all([local.done, ...remote.map((r) => r.done)]);
  const lat = measured.flatMap((s) => s.strokes);
  const live = measured.flatMap((s) => s.live);
  const u1 = await child.usage();
  for (const r of remote) r.proc.kill();
  return {
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    deliveries: lat.length,
    live: { p50: percentile(live, 0.5), p99: percentile(live, 0.99), deliveries: live.length },
    cpuMs: (u1.cpuUs - u0.cpuUs) / 1000,
    rssMb: u1.rss / 1024 / 1024,
  };
}

/** A client process of the meeting (ANN_BENCH_SHARE set): runs its share and reports back. */
async function shareMain(share: MeetingShare): Promise<void> {
  let go: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (go = resolve));
  process.once('message', () => go());
  const run = await meetingShare(share, started);
  await run.ready;
  process.send?.('ready');
  process.send?.(await run.done);
  process.exit(0);
}

/** (c) ours only: sequential update → stored → ack round trips per second through the real server. */
async function appends(child: ServerChild<Info>): Promise<number> {
  const doc = new Y.Doc();
  const socket = await connectClient(child.info.url, child.info.writerCookie);
  const c = new LayerClient(child.info.documentId, 'private', doc);
  await c.connect(socket);
  const scratch = new Y.Doc();
  let count = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000) {
    const before = Y.encodeStateVector(scratch);
    addInk(scratch, 1, strokePoints(count));
    const res = await c.send(Y.encodeStateAsUpdate(scratch, before));
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    count++;
  }
  c.disconnect();
  return count / ((performance.now() - t0) / 1000);
}

/** (c) compaction of an N-stroke layer as the server does it: re-encode the doc, replace the rows in one transaction. */
async function measureCompaction(
  store: Awaited<ReturnType<typeof startServer>>['running']['store'],
): Promise<number> {
  const doc = new Y.Doc();
  const layer = 'bench-compaction';
  let lastSeq = 0;
  for (let n = 0; n < STROKES; n += 500) {
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (let k = n; k < Math.min(STROKES, n + 500); k++) addInk(doc, 1 + (k % 20), strokePoints(k));
    });
    lastSeq = await store.annotations.append(
      'bench',
      layer,
      Y.encodeStateAsUpdate(doc, before),
      new Date().toISOString(),
    );
  }
  const t0 = performance.now();
  const state = Y.encodeStateAsUpdate(doc);
  await store.annotations.compact('bench', layer, state, lastSeq, new Date().toISOString());
  return performance.now() - t0;
}

async function parentMain(): Promise<void> {
  const started = performance.now();
  const results: Record<
    Variant,
    {
      size: number;
      cold: Awaited<ReturnType<typeof coldJoin>>;
      warm: Awaited<ReturnType<typeof coldJoin>>;
      meet: Awaited<ReturnType<typeof meeting>>;
    }
  > = {} as never;
  let appendRate = NaN;
  let compactMs = NaN;
  for (const v of VARIANTS) {
    const child = await ServerChild.start<Info>(fileURLToPath(import.meta.url), 'ANN_BENCH_CHILD', v);
    const seeded = await seed(v, child);
    const size = seeded.size;
    const cold = await coldJoin(v, child);
    const warm = await coldJoin(v, child, seeded.partial);
    seeded.close();
    const meet = await meeting(v, child);
    if (v === 'ours') {
      appendRate = await appends(child);
      compactMs = child.info.compactionMs;
    }
    results[v] = { size, cold, warm, meet };
    await child.stop();
    console.log(`  ${v}: done after ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const best = (pick: (v: Variant) => number) => Math.min(...VARIANTS.filter((v) => v !== 'ours').map(pick));
  const cpus = os.cpus();
  console.log('');
  console.log(
    'Shared annotation layers — ours (stored before ack) vs y-websocket-server 0.1.1 and Hocuspocus 3.4.4 (memory)',
  );
  console.log(
    `machine: ${os.platform()} ${os.arch()}, ${cpus.length} CPU (${cpus[0]?.model.trim() ?? '?'}), node ${process.version}`,
  );
  console.log('');
  for (const [label, pick] of [
    ['cold join: empty clients', (v: Variant) => results[v].cold],
    [
      'warm join: clients holding all but the last 500 strokes (local copy loaded in the timing)',
      (v: Variant) => results[v].warm,
    ],
  ] as const) {
    console.log(
      `(a) ${label}; ${CLIENTS} clients at once, layer of ${STROKES} strokes × ${POINTS_PER_STROKE} points`,
    );
    console.log(
      `${'variant'.padEnd(14)}${['layer KB', 'p50 ms', 'all ms', 'failed', 'all / best peer'].map((c) => c.padStart(16)).join('')}`,
    );
    const bestAll = best((v) => pick(v).max);
    for (const v of VARIANTS) {
      const r = pick(v);
      console.log(
        `${v.padEnd(14)}${[
          f(results[v].size / 1024, 0),
          f(r.p50, 0),
          f(r.max, 0),
          String(r.failed),
          `${f(r.max / bestAll, 2)}×`,
        ]
          .map((c) => c.padStart(16))
          .join('')}`,
      );
    }
    console.log('');
  }
  console.log('');
  console.log(
    `(b) meeting: ${CLIENTS} clients in ${CLIENT_PROCS} process(es), ${WRITERS} inking ${STROKES_PER_SECOND} strokes/s for ${SECONDS} s${LIVE ? ', each shown live while drawn' : ' (finished strokes only)'}; delivery of finished strokes`,
  );
  console.log(
    `${'variant'.padEnd(14)}${['deliveries', 'p50 ms', 'p99 ms', 'CPU ms', 'RSS MB', 'p99 / best peer'].map((c) => c.padStart(16)).join('')}`,
  );
  const bestP99 = best((v) => results[v].meet.p99);
  for (const v of VARIANTS) {
    const m = results[v].meet;
    console.log(
      `${v.padEnd(14)}${[
        String(m.deliveries),
        f(m.p50, 2),
        f(m.p99, 2),
        f(m.cpuMs, 0),
        f(m.rssMb, 0),
        `${f(m.p99 / bestP99, 2)}×`,
      ]
        .map((c) => c.padStart(16))
        .join('')}`,
    );
  }
  if (LIVE) {
    console.log('    live ink: pen-down until the stroke in progress shows on the other screens (awareness)');
    const bestLive = best((v) => results[v].meet.live.p99);
    for (const v of VARIANTS) {
      const l = results[v].meet.live;
      console.log(
        `${v.padEnd(14)}${[
          String(l.deliveries),
          f(l.p50, 2),
          f(l.p99, 2),
          '',
          '',
          `${f(l.p99 / bestLive, 2)}×`,
        ]
          .map((c) => c.padStart(16))
          .join('')}`,
      );
    }
  }
  console.log('');
  console.log('(c) persistence, ours on SQLite (synchronous=FULL); the peers keep documents in memory');
  console.log(`    sequential update → stored → ack: ${f(appendRate, 0)} per second`);
  console.log(
    `    compaction of a ${STROKES}-stroke layer (re-encode + one transaction): ${f(compactMs, 0)} ms`,
  );
  const coldAll = VARIANTS.includes('ours') ? results.ours.cold : null;
  const meetRatio = VARIANTS.includes('ours') && VARIANTS.length > 1 ? results.ours.meet.p99 / bestP99 : NaN;
  console.log('');
  if (coldAll)
    console.log(
      `goal (a) all ${CLIENTS} synced in under 3 s without failures: ${coldAll.max < 3000 && coldAll.failed === 0 ? 'met' : 'NOT met'} (${f(coldAll.max, 0)} ms)`,
    );
  if (Number.isFinite(meetRatio))
    console.log(
      `goal (b) p99 at or below the fastest peer's: ${meetRatio <= 1 ? 'met' : 'NOT met'} (${f(meetRatio, 2)}×)`,
    );
  const outDir = path.join(ROOT, 'test-output', 'bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(
    path.join(outDir, 'annotations.json'),
    JSON.stringify(
      {
        benchmark: 'annotations',
        at: new Date().toISOString(),
        machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim(), node: process.version },
        config: {
          strokes: STROKES,
          clients: CLIENTS,
          writers: WRITERS,
          seconds: SECONDS,
          live: LIVE,
          clientProcesses: CLIENT_PROCS,
          variants: VARIANTS,
        },
        results,
        persistence: { appendsPerSecond: appendRate, compactionMs: compactMs },
      },
      null,
      2,
    ),
  );
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // Provider timers (reconnect, awareness) would keep the process alive.
  process.exit(0);
}

// Each y-websocket provider adds a process 'exit' listener: fifty clients are not a leak.
process.setMaxListeners(0);
const childVariant = process.env.ANN_BENCH_CHILD as Variant | undefined;
if (childVariant) await childMain(childVariant);
else if (process.env.ANN_BENCH_SHARE)
  await shareMain(JSON.parse(process.env.ANN_BENCH_SHARE) as MeetingShare);
else await parentMain();
