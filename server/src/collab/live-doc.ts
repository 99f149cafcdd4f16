import * as Y from 'yjs';
import { storedAuthor } from '@icabinet/shared';
import type { Logger } from '../logger.js';
import type { AnnotationsRepo } from '../store/annotations.port.js';
import type { DocManagerStats, LayerKey } from './doc-types.js';

/** One layer held in memory, with what was encoded from it until its next change. */
export interface LiveDoc {
  doc: Y.Doc;
  /** Rows in the store for this layer and the seq of the newest. */
  rows: number;
  lastSeq: number;
  /** Bytes stored for this layer (rows since the last compaction plus the merged row). */
  bytes: number;
  /** The whole layer encoded once for every cold joiner until the next change. */
  full: Uint8Array | null;
  /**
   * Differences already encoded for warm joiners, by their state vector, until the next change:
   * tablets that synced the meeting pack together hold the same copy and ask for the same rest.
   */
  diffs: Map<string, Uint8Array>;
  stateVector: Uint8Array | null;
  /**
   * The author of every annotation (`<root>/<key>` → author), built when a write first needs it
   * and dropped whenever the document changes by another way than `apply`.
   */
  authors: Map<string, string> | null;
}

/** Origin of updates stored by another process (or read back from the store). */
export const PEER = Symbol('update stored by another process');
/** Warm-join differences kept per layer (the oldest goes first). */
const MAX_CACHED_DIFFS = 16;

/** Reads a layer's rows from the store into a new document; a row that does not apply is logged and skipped. */
export async function loadLiveDoc(repo: AnnotationsRepo, logger: Logger, key: LayerKey): Promise<LiveDoc> {
  const rows = await repo.load(key.documentId, key.layer);
  const doc = new Y.Doc({ gc: true });
  let bytes = 0;
  doc.transact(() => {
    for (const row of rows) {
      bytes += row.update.byteLength;
      try {
        Y.applyUpdate(doc, row.update);
      } catch (err) {
        logger.error({ err, layer: key, seq: row.seq }, 'stored annotation update could not be applied');
      }
    }
  });
  return {
    doc,
    rows: rows.length,
    lastSeq: rows.at(-1)?.seq ?? 0,
    bytes,
    full: null,
    diffs: new Map(),
    stateVector: null,
    authors: null,
  };
}

/** Drops what was encoded from the layer (it changed). */
export function forgetEncodings(live: LiveDoc): void {
  live.full = null;
  live.diffs.clear();
  live.stateVector = null;
}

/**
 * What a joiner lacks: the whole layer (encoded once for every cold joiner) or the difference
 * from its state vector (cached per state vector); and the layer's state vector.
 */
export function encodeForJoiner(
  live: LiveDoc,
  stats: DocManagerStats,
  clientStateVector?: Uint8Array,
): { update: Uint8Array; stateVector: Uint8Array } {
  live.stateVector ??= Y.encodeStateVector(live.doc);
  // An empty state vector encodes as a single zero byte.
  const cold = !clientStateVector || clientStateVector.byteLength <= 1;
  if (cold) {
    if (!live.full) {
      live.full = Y.encodeStateAsUpdate(live.doc);
      stats.fullEncodes++;
    }
    return { update: live.full, stateVector: live.stateVector };
  }
  const known = Buffer.from(clientStateVector).toString('base64');
  let update = live.diffs.get(known);
  if (!update) {
    update = Y.encodeStateAsUpdate(live.doc, clientStateVector);
    if (live.diffs.size >= MAX_CACHED_DIFFS) live.diffs.delete(live.diffs.keys().next().value!);
    live.diffs.set(known, update);
  }
  return { update, stateVector: live.stateVector };
}

/** The `author` an annotation value names (a record, an earlier plain value or nested map). */
export const authorOf = (value: unknown): string | undefined => {
  if (!(value instanceof Y.Map)) return storedAuthor(value);
  const author: unknown = value.get('author');
  return typeof author === 'string' ? author : undefined;
};

/** Every annotation's author in a layer. */
export function indexAuthors(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of doc.share.keys()) {
    if (!name.startsWith('page:')) continue;
    doc.getMap(name).forEach((value, key) => {
      const author = authorOf(value);
      if (author !== undefined) out.set(`${name}/${key}`, author);
    });
  }
  return out;
}

type Waiting = [Uint8Array | null, Uint8Array | null];

/** What a document holds that it cannot apply yet: pending structs and deletions, as updates. */
export function waitingOf(doc: Y.Doc): Waiting {
  return [doc.store.pendingStructs?.update ?? null, doc.store.pendingDs ?? null];
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) =>
  a === b || (a !== null && b !== null && Buffer.compare(a, b) === 0);

/** Whether two `waitingOf` snapshots hold the same bytes. */
export function sameWaiting(a: Waiting, b: Waiting): boolean {
  return sameBytes(a[0], b[0]) && sameBytes(a[1], b[1]);
}
