import type { TextFault, UpdateFault } from './yjs-guard.js';

/** One layer: a document and `shared` or `u:<userId>`. */
export interface LayerKey {
  documentId: string;
  layer: string;
}

export interface DocManagerOptions {
  /** Which root types updates may touch. */
  isRoot: (name: string) => boolean;
  /**
   * Compact (re-encode) a layer once it has this many stored rows and no update was stored for
   * `compactQuietMs` (default 0: at once, in the write step); at `COMPACT_FORCE_FACTOR` times as
   * many rows it compacts at once however busy the layer is.
   */
  compactAfterRows: number;
  compactQuietMs?: number;
  /** Unload a layer nobody follows after this long (compacting it first when it has several rows). */
  idleMs: number;
  /** A layer whose stored size passed this refuses writes. */
  maxDocBytes: number;
  /** The longest string an annotation may hold (a note's text), in characters. */
  maxTextChars: number;
  /**
   * Other processes append to the same layers (REDIS_URL set). A compaction then first reads the
   * layer's rows back from the store, so the merged row it writes covers every row it replaces,
   * also those another process stored and whose `applyRemote` has not arrived yet.
   */
  clustered?: boolean;
}

/** Why a write was refused. */
export class DocRefusedError extends Error {
  constructor(readonly reason: UpdateFault | TextFault | 'bad_state_vector' | 'doc_full' | 'foreign_author') {
    super(reason);
    this.name = 'DocRefusedError';
  }
}

/** Timings the benchmark and the logs read. */
export interface DocManagerStats {
  loads: number;
  compactions: number;
  compactionMsTotal: number;
  lastCompactionMs: number;
  fullEncodes: number;
}
