/**
 * The annotation benchmark's clients: seeding a layer, joining it (cold or from a local copy),
 * and a meeting's share of clients — each runnable in this process or in a client process
 * (`ClientProc`), started together on `go`. Times cross processes as the machine's monotonic
 * clock (`process.hrtime`, the same in every process).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { pageRoot } from '@icabinet/shared';
import { LiveStrokePublisher } from '../../../web/src/features/annotations/live-strokes.js';
import { addInk } from '../../utils/annotations.js';
import { settleProcess } from '../lib/diagnostics.js';
import {
  authorFor,
  CLIENTS,
  LIVE,
  peer,
  POINTS_PER_STROKE,
  SECONDS,
  sleep,
  STROKE_MS,
  strokePoints,
  STROKES,
  STROKES_PER_SECOND,
  WRITERS,
  type Info,
  type Peer,
  type Variant,
} from './common.js';

/**
 * Fills the layer with STROKES strokes in batches (ours caps an update at 1 MB). The writer stays
 * connected until `close` (Hocuspocus without an extension drops a document nobody holds).
 */
export async function seed(
  variant: Variant,
  info: Info,
): Promise<{ size: number; partial: Uint8Array; close(): void }> {
  const doc = new Y.Doc();
  const w = await peer(variant, info, 'writer', doc);
  await w.synced;
  // 500 strokes per transaction: one update of ~110 KB each (ours refuses updates over 1 MB).
  let partial = Y.encodeStateAsUpdate(doc);
  for (let n = 0; n < STROKES; n += 500) {
    // What a tablet that read the layer before the last 500 strokes holds in IndexedDB.
    if (n + 500 >= STROKES) partial = Y.encodeStateAsUpdate(doc);
    doc.transact(() => {
      for (let k = n; k < Math.min(STROKES, n + 500); k++)
        addInk(doc, 1 + (k % 20), strokePoints(k), { author: authorFor(info) });
    });
    await sleep(20);
  }
  const size = Y.encodeStateAsUpdate(doc).byteLength;
  // Wait until a fresh client sees every stroke.
  for (;;) {
    await sleep(500);
    const probe = await peer(variant, info, 'reader');
    await probe.synced;
    let count = 0;
    for (let p = 1; p <= 20; p++) count += probe.doc.getMap(pageRoot(p)).size;
    probe.close();
    if (count >= STROKES) break;
  }
  return { size, partial, close: () => w.close() };
}

/** What a share's readers measured, in ms: finished strokes, and pen-down to the first live ink. */
export interface Latencies {
  strokes: number[];
  live: number[];
}

/** One process's share of the meeting's clients: its writers' numbers and how many readers. */
export interface MeetingShare {
  variant: Variant;
  info: Info;
  writers: number[];
  readers: number;
}

/** A share of a join: `clients` clients join the layer at once, each from `local` when given (base64). */
export interface JoinShare {
  variant: Variant;
  info: Info;
  clients: number;
  local?: string;
}

export type Job = { kind: 'join'; share: JoinShare } | { kind: 'meeting'; share: MeetingShare };
/** A join share's answer: each client's sync time (monotonic ns, as text) and how many failed. */
export interface JoinResult {
  synced: string[];
  failed: number;
}
type ResultOf<J extends Job> = J extends { kind: 'join' } ? JoinResult : Latencies;

/**
 * Before each timed window, a full collection in every client process: a join leaves fifty
 * dropped copies of the layer behind, and their collection would otherwise land on whichever
 * variant is timed next.
 */
const SETTLE_MS = 200;

/** Prepares a job: `ready` once its clients are connected (meeting), `done` after `started`. */
export async function prepare<J extends Job>(
  job: J,
  started: Promise<void>,
): Promise<{ ready: Promise<void>; done: Promise<ResultOf<J>> }> {
  if (job.kind === 'meeting') return (await meetingShare(job.share, started)) as never;
  const share = job.share;
  const local = share.local ? Buffer.from(share.local, 'base64') : undefined;
  return { ready: settleProcess(SETTLE_MS), done: started.then(() => joinShare(share, local)) as never };
}

/**
 * (a) `clients` clients join at once; with `local`, each starts from that copy of the layer
 * (loaded into its Y.Doc inside the timing, as a tablet loads its IndexedDB copy).
 */
async function joinShare(share: JoinShare, local?: Uint8Array): Promise<JoinResult> {
  const synced: string[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: share.clients }, async () => {
      const doc = new Y.Doc();
      if (local) Y.applyUpdate(doc, local);
      const p = await peer(share.variant, share.info, 'reader', doc);
      const ok = await Promise.race([p.synced.then(() => true), sleep(60_000).then(() => false)]);
      if (ok) synced.push(String(process.hrtime.bigint()));
      let count = 0;
      for (let pg = 1; pg <= 20; pg++) count += p.doc.getMap(pageRoot(pg)).size;
      if (!ok || count < STROKES) failed++;
      // Fifty copies of a 10,000-stroke layer do not fit in one client process: drop each once synced.
      p.close();
      p.doc.destroy();
    }),
  );
  return { synced, failed };
}

/**
 * Runs one share of the meeting's clients: connects them (`ready`), on `started` inks with its
 * writers for SECONDS, and resolves with the delivery latencies its readers saw. A stroke's id
 * carries its send time on the monotonic clock, so latencies are measured across processes.
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
      await peer(variant, info, i < writers ? 'writer' : 'reader', new Y.Doc(), info.meetingDocumentId),
    );
  const ready = Promise.all(peers.map((p) => p.synced)).then(() => settleProcess(SETTLE_MS));
  const lat: Latencies = { strokes: [], live: [] };
  const page = 21;
  // Strokes of an earlier round on the same layer arrive with the join: only this round's count.
  let since = BigInt(Number.MAX_SAFE_INTEGER) * 1000n;
  const sentAt = (id: unknown) => {
    const t = /^s-\d+-\d+-(\d+)$/.exec(String(id))?.[1];
    return t !== undefined && BigInt(t) >= since ? t : undefined;
  };
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
    since = process.hrtime.bigint();
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

/** The meeting's shares: CLIENTS clients (WRITERS of them writing) over `procs` processes. */
export function meetingShares(variant: Variant, info: Info, procs: number): MeetingShare[] {
  return Array.from({ length: procs }, (_, k) => {
    const writers = Array.from({ length: WRITERS }, (_, i) => i).filter((i) => i % procs === k);
    const clients = Math.floor(CLIENTS / procs) + (k < CLIENTS % procs ? 1 : 0);
    return { variant, info, writers, readers: clients - writers.length };
  });
}

/** The join's shares: CLIENTS clients over `procs` processes. */
export function joinShares(variant: Variant, info: Info, procs: number, local?: Uint8Array): JoinShare[] {
  const l = local ? Buffer.from(local).toString('base64') : undefined;
  return Array.from({ length: procs }, (_, k) => ({
    variant,
    info,
    clients: Math.floor(CLIENTS / procs) + (k < CLIENTS % procs ? 1 : 0),
    ...(l ? { local: l } : {}),
  }));
}

type FromClient = { type: 'ready' } | { type: 'done'; result: unknown };

/** A client process: runs one job at a time for the parent (ANN_BENCH_CLIENT set). */
export class ClientProc {
  private constructor(readonly proc: ChildProcess) {}

  static start(file: string): ClientProc {
    const proc = fork(file, [], {
      env: { ...process.env, ANN_BENCH_CLIENT: '1' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ClientProc(proc);
  }

  /** Sends the job; `ready` when its clients are connected, `done` with its result after `go`. */
  run<J extends Job>(job: J): { ready: Promise<void>; done: Promise<ResultOf<J>> } {
    let onDone: (r: ResultOf<J>) => void = () => undefined;
    const done = new Promise<ResultOf<J>>((resolve) => (onDone = resolve));
    const ready = new Promise<void>((resolve) => {
      const on = (m: FromClient) => {
        if (m.type === 'ready') resolve();
        else {
          this.proc.off('message', on);
          onDone(m.result as ResultOf<J>);
        }
      };
      this.proc.on('message', on);
    });
    this.proc.send({ type: 'job', job });
    return { ready, done };
  }

  go(): void {
    this.proc.send({ type: 'go' });
  }

  stop(): void {
    this.proc.kill();
  }
}

/** The client process's side: each job is prepared, announced ready, started on `go`, answered. */
export function clientProcMain(): void {
  let go: () => void = () => undefined;
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { type: 'job'; job: Job } | { type: 'go' }) => {
    if (m.type === 'go') return go();
    const started = new Promise<void>((resolve) => (go = resolve));
    void prepare(m.job, started).then(async ({ ready, done }) => {
      await ready;
      process.send?.({ type: 'ready' } satisfies FromClient);
      process.send?.({ type: 'done', result: await done } satisfies FromClient);
    });
  });
}
