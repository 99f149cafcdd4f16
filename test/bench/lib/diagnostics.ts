/**
 * What a benchmark's processes can note to tell where its slowest samples came from (the votes
 * benchmark uses them: VOTES_BENCH_TRACE, VOTES_BENCH_HEAP). Each is off unless given a folder.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { latencyOf } from './stats.js';

/**
 * In a server child: notes every stall of its event loop (a 1 ms timer late by ≥ 1.5 ms) and every
 * GC pause ≥ 0.5 ms (with its kind: 1 minor, 4 major, 8 incremental marking), with wall-clock
 * times, to <dir>/loop-<name>.txt when the returned function is called.
 */
export function traceLoop(dir: string | undefined, name: string): () => void {
  if (!dir) return () => undefined;
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - 1;
    if (late >= 1.5) lines.push(`stall ${(performance.timeOrigin + last).toFixed(2)} ${late.toFixed(2)}`);
    last = now;
  }, 1);
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.duration >= 0.5)
        lines.push(
          `gc ${(performance.timeOrigin + e.startTime).toFixed(2)} ${e.duration.toFixed(2)} ${(e as { detail?: { kind?: number } }).detail?.kind ?? ''}`,
        );
  });
  gc.observe({ entryTypes: ['gc'] });
  return () => {
    clearInterval(timer);
    gc.disconnect();
    writeFileSync(path.join(dir, `loop-${name}.txt`), lines.join('\n') + '\n');
  };
}

/**
 * In the parent: one line per round to <dir>/acks.txt — its label, the first send and the last
 * answer (ms since the epoch), its p99, and its 12 slowest samples as send time:latency — to lay
 * beside the children's `traceLoop`.
 */
export function slowestAcks(
  dir: string | undefined,
  label: string,
  r: { acks: number[]; sentAt: number[] },
): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const idx = r.acks.map((_, i) => i).sort((a, b) => r.acks[b]! - r.acks[a]!);
  const first = Math.min(...r.sentAt);
  const last = Math.max(...r.sentAt.map((t, i) => t + r.acks[i]!));
  const slow = idx.slice(0, 12).map((i) => `${r.sentAt[i]!.toFixed(2)}:${r.acks[i]!.toFixed(2)}`);
  appendFileSync(
    path.join(dir, 'acks.txt'),
    `${label} ${first.toFixed(2)} ${last.toFixed(2)} ${latencyOf(r.acks).p99.toFixed(2)} ${slow.join(' ')}\n`,
  );
}

/**
 * In a server child: samples where it allocates, garbage included (what drives its scavenges), from
 * SIGUSR2 (the parent's `ServerChild.signal`, once the warm-up is over) until the returned function
 * is called, and writes <dir>/<name>.heapprofile (Chrome DevTools, Memory tab).
 */
export async function heapSampling(dir: string | undefined, name: string): Promise<() => Promise<void>> {
  if (!dir) return () => Promise.resolve();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.heapprofile`);
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  process.once('SIGUSR2', () => {
    void session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
  });
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** A group fdatasync: callers during a flush share the next one (as the server's log sync). */
export function groupSync(sync: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const next = (): Promise<void> => {
    if (!running) {
      const r = sync().finally(() => (running = null));
      running = r;
      return r;
    }
    queued ??= running.then(() => {
      queued = null;
      return next();
    });
    return queued;
  };
  return next;
}

/** This process's own collector, exposed on first use (a benchmark's parent runs without --expose-gc). */
let collectGarbage: (() => void) | null = null;

/**
 * In the parent, before a window it times: a full collection of its own garbage (e.g. the copies of
 * a broadcast it has just decoded for hundreds of clients), then `ms` of quiet — so that a pause of
 * this process, which plays every client, does not land on the server's figures.
 */
export async function settleProcess(ms: number): Promise<void> {
  if (!collectGarbage) {
    v8.setFlagsFromString('--expose-gc');
    collectGarbage = vm.runInNewContext('gc') as () => void;
  }
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, ms));
}
