import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { AnnotationsRepo } from '../store/annotations.port.js';
import type { DocManagerStats, LayerKey } from './doc-types.js';
import { forgetEncodings, PEER, type LiveDoc } from './live-doc.js';

/** What compaction needs from the manager. */
export interface CompactionDeps {
  repo: AnnotationsRepo;
  logger: Logger;
  now: () => Date;
  stats: DocManagerStats;
  /** Other processes append to the same layers: read their rows back first. */
  clustered: boolean;
}

/**
 * A layer past its compaction threshold waits for a quiet moment, but not past this many times
 * the threshold: re-encoding a large layer holds the event loop (20–35 ms for 10,000 strokes on a
 * 2-core server), which in the middle of a meeting's inking delays every stroke in flight.
 */
export const COMPACT_FORCE_FACTOR = 4;

/**
 * When the layers of one manager are compacted: after a stored update that brings a layer to
 * `afterRows` rows, once no update was stored on it for `quietMs` (each stored update starts the
 * wait again; 0: at once), and at once at `COMPACT_FORCE_FACTOR` times as many rows.
 */
export class CompactionSchedule {
  /** Layer id → its compaction waiting for a quiet moment. */
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly deps: CompactionDeps,
    private readonly afterRows: number,
    private readonly quietMs: number,
  ) {}

  /** Whether the layer has rows enough to be compacted. */
  due(live: LiveDoc): boolean {
    return live.rows >= this.afterRows;
  }

  /**
   * After an update was stored (inside the layer's write step): compacts at once and resolves
   * when done, or leaves `whenQuiet` to run once the layer was quiet long enough (it runs the
   * compaction as a step of its own, checking `due` again), or does nothing.
   */
  async afterStore(id: string, key: LayerKey, live: LiveDoc, whenQuiet: () => void): Promise<void> {
    if (!this.due(live)) return;
    this.cancel(id);
    if (this.quietMs <= 0 || live.rows >= this.afterRows * COMPACT_FORCE_FACTOR) {
      await this.run(key, live);
      return;
    }
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      whenQuiet();
    }, this.quietMs);
    timer.unref();
    this.waiting.set(id, timer);
  }

  /** Compacts now; a failure is logged and the rows stay (the next threshold tries again). */
  run(key: LayerKey, live: LiveDoc): Promise<void> {
    return compactLayer(this.deps, key, live).catch((err: unknown) =>
      this.deps.logger.warn({ err, layer: key }, 'annotation compaction failed; will try again later'),
    );
  }

  /** Drops the layer's waiting compaction (it is compacted or unloaded otherwise). */
  cancel(id: string): void {
    const timer = this.waiting.get(id);
    if (timer) clearTimeout(timer);
    this.waiting.delete(id);
  }
}

/** Replaces the layer's rows by the merged document, re-encoded (not Y.mergeUpdates). */
export async function compactLayer(deps: CompactionDeps, key: LayerKey, live: LiveDoc): Promise<void> {
  const started = performance.now();
  if (deps.clustered) await catchUp(deps, key, live);
  const state = live.full ?? Y.encodeStateAsUpdate(live.doc);
  await deps.repo.compact(key.documentId, key.layer, state, live.lastSeq, deps.now().toISOString());
  live.rows = 1;
  live.bytes = state.byteLength;
  live.full = state;
  live.diffs.clear();
  const ms = performance.now() - started;
  deps.stats.compactions++;
  deps.stats.compactionMsTotal += ms;
  deps.stats.lastCompactionMs = ms;
  deps.logger.debug({ layer: key, ms, bytes: state.byteLength }, 'annotation layer compacted');
}

/** Applies every stored row of the layer (rows other processes appended included). */
async function catchUp(deps: CompactionDeps, key: LayerKey, live: LiveDoc): Promise<void> {
  const rows = await deps.repo.load(key.documentId, key.layer);
  let changed = false;
  const mark = (_u: Uint8Array, origin: unknown) => {
    if (origin === PEER) changed = true;
  };
  live.doc.on('update', mark);
  try {
    live.doc.transact(() => {
      for (const row of rows) {
        try {
          Y.applyUpdate(live.doc, row.update, PEER);
        } catch (err) {
          deps.logger.error(
            { err, layer: key, seq: row.seq },
            'stored annotation update could not be applied',
          );
        }
      }
    }, PEER);
  } finally {
    live.doc.off('update', mark);
  }
  if (changed) {
    forgetEncodings(live);
    live.authors = null;
  }
  live.rows = rows.length;
  live.bytes = rows.reduce((n, r) => n + r.update.byteLength, 0);
  live.lastSeq = Math.max(live.lastSeq, rows.at(-1)?.seq ?? 0);
}
