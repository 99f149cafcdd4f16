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
