import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { AnnotationsRepo } from '../store/annotations.port.js';
import { checkStateVector, checkUpdate, touchedEntries, type UpdateFault } from './yjs-guard.js';

/** One layer: a document and `shared` or `u:<userId>`. */
export interface LayerKey {
  documentId: string;
  layer: string;
}

export interface DocManagerOptions {
  /** Which root types updates may touch. */
  isRoot: (name: string) => boolean;
  /** Compact (re-encode) a layer once it has this many stored rows. */
  compactAfterRows: number;
  /** Unload a layer nobody follows after this long (compacting it first when it has several rows). */
  idleMs: number;
  /** A layer whose stored size passed this refuses writes. */
  maxDocBytes: number;
  /**
   * Other processes append to the same layers (REDIS_URL set). A compaction then first reads the
   * layer's rows back from the store, so the merged row it writes covers every row it replaces,
   * also those another process stored and whose `applyRemote` has not arrived yet.
   */
  clustered?: boolean;
}

/** Why a write was refused. */
export class DocRefusedError extends Error {
  constructor(readonly reason: UpdateFault | 'bad_state_vector' | 'doc_full' | 'foreign_author') {
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

interface LiveDoc {
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

/** The `author` an annotation value names (a packed record or an earlier client's nested map). */
const authorOf = (value: unknown): string | undefined => {
  const author: unknown =
    value instanceof Y.Map
      ? value.get('author')
      : typeof value === 'object' && value !== null
        ? (value as { author?: unknown }).author
        : undefined;
  return typeof author === 'string' ? author : undefined;
};

/** Every annotation's author in a layer. */
function indexAuthors(doc: Y.Doc): Map<string, string> {
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

interface Holder {
  key: LayerKey;
  id: string;
  live: Promise<LiveDoc>;
  followers: number;
  idle: ReturnType<typeof setTimeout> | null;
  /** The one writer: every step that reads or changes this layer runs after the previous one. */
  tail: Promise<unknown>;
}

const ORIGIN = Symbol('remote update');
/** Warm-join differences kept per layer (the oldest goes first). */
const MAX_CACHED_DIFFS = 16;
const PEER = Symbol('update stored by another process');

/**
 * The in-memory Y.Docs of the annotation layers: loaded from the store once (one load promise
 * per layer) before any answer, every accepted update stored before the caller may ack or
 * broadcast it, compacted by re-encoding when the rows pile up, unloaded when nobody follows.
 */
export class DocManager {
  private readonly holders = new Map<string, Holder>();
  readonly stats: DocManagerStats = {
    loads: 0,
    compactions: 0,
    compactionMsTotal: 0,
    lastCompactionMs: 0,
    fullEncodes: 0,
  };

  constructor(
    private readonly repo: AnnotationsRepo,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly opts: DocManagerOptions,
  ) {}

  /** Layers held in memory now. */
  get loaded(): number {
    return this.holders.size;
  }

  private holder(key: LayerKey): Holder {
    const id = `${key.documentId}/${key.layer}`;
    let h = this.holders.get(id);
    if (!h) {
      const created: Holder = {
        key,
        id,
        live: this.load(key),
        followers: 0,
        idle: null,
        tail: Promise.resolve(),
      };
      created.tail = created.live.catch(() => undefined);
      // A failed load is not kept: the next caller tries again.
      created.live.catch(() => {
        if (this.holders.get(id) === created) this.holders.delete(id);
      });
      this.holders.set(id, created);
      h = created;
    }
    return h;
  }

  private async load(key: LayerKey): Promise<LiveDoc> {
    const rows = await this.repo.load(key.documentId, key.layer);
    this.stats.loads++;
    const doc = new Y.Doc({ gc: true });
    let bytes = 0;
    doc.transact(() => {
      for (const row of rows) {
        bytes += row.update.byteLength;
        try {
          Y.applyUpdate(doc, row.update);
        } catch (err) {
          this.logger.error(
            { err, layer: key, seq: row.seq },
            'stored annotation update could not be applied',
          );
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

  /** Runs `fn` on the layer after every earlier step on it has finished. */
  private serialized<T>(h: Holder, fn: (live: LiveDoc) => Promise<T> | T): Promise<T> {
    const run = h.tail.then(() => h.live).then(fn);
    h.tail = run.catch(() => undefined);
    return run;
  }

  /** One more socket follows the layer (kept in memory while anyone does). */
  follow(key: LayerKey): Promise<void> {
    const h = this.holder(key);
    h.followers++;
    if (h.idle) clearTimeout(h.idle);
    h.idle = null;
    return h.live.then(
      () => undefined,
      (err: unknown) => {
        h.followers--;
        throw err;
      },
    );
  }

  /** One socket stopped following; the layer unloads after the idle period when it was the last. */
  unfollow(key: LayerKey): void {
    const h = this.holders.get(`${key.documentId}/${key.layer}`);
    if (!h) return;
    h.followers = Math.max(0, h.followers - 1);
    this.scheduleUnload(h);
  }

  private scheduleUnload(h: Holder): void {
    if (h.followers > 0 || h.idle) return;
    h.idle = setTimeout(() => {
      h.idle = null;
      void this.unload(h);
    }, this.opts.idleMs);
    h.idle.unref();
  }

  private async unload(h: Holder): Promise<void> {
    await this.serialized(h, async (live) => {
      if (h.followers > 0 || this.holders.get(h.id) !== h) return;
      try {
        if (live.rows > 1) await this.compact(h, live);
      } catch (err) {
        this.logger.warn({ err, layer: h.key }, 'compaction before unload failed; the rows stay as they are');
      } finally {
        // Unloaded even when the store failed: the rows are the truth and the next join reloads them.
        this.holders.delete(h.id);
        live.doc.destroy();
      }
    }).catch((err: unknown) => this.logger.error({ err, layer: h.key }, 'unload failed'));
  }

  /**
   * What a joining client lacks: the whole layer (encoded once for every cold joiner) or the
   * difference from its state vector; and the server's state vector. Runs after pending writes,
   * so it never includes an update that is not stored yet.
   */
  sync(
    key: LayerKey,
    clientStateVector?: Uint8Array,
  ): Promise<{ update: Uint8Array; stateVector: Uint8Array }> {
    if (clientStateVector && !checkStateVector(clientStateVector))
      return Promise.reject(new DocRefusedError('bad_state_vector'));
    return this.serialized(this.holder(key), (live) => {
      live.stateVector ??= Y.encodeStateVector(live.doc);
      // An empty state vector encodes as a single zero byte.
      const cold = !clientStateVector || clientStateVector.byteLength <= 1;
      if (cold) {
        if (!live.full) {
          live.full = Y.encodeStateAsUpdate(live.doc);
          this.stats.fullEncodes++;
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
    });
  }

  /**
   * Checks, applies and stores one update. Resolves with what was stored (the part that was new
   * to the layer) after it is durable, or null when it brought nothing new; `afterStored` runs
   * before the next step on this layer, so broadcasts leave in store order.
   *
   * With `writer` (the session's user id), every annotation the update adds or replaces must name
   * the writer as its author, or keep the author it had (a presenter moving a secretary's text
   * box): nobody can put a note in someone else's name, and so in their "Ghi chú của tôi".
   */
  apply(
    key: LayerKey,
    update: Uint8Array,
    afterStored: (stored: Uint8Array) => void = () => undefined,
    writer?: string,
  ): Promise<Uint8Array | null> {
    const fault = checkUpdate(update, this.opts.isRoot);
    if (fault) return Promise.reject(new DocRefusedError(fault));
    const h = this.holder(key);
    const result = this.serialized(h, async (live) => {
      if (live.bytes > this.opts.maxDocBytes) throw new DocRefusedError('doc_full');
      let fresh: Uint8Array | null = null;
      const capture = (u: Uint8Array, origin: unknown) => {
        if (origin === ORIGIN) fresh = u;
      };
      /** Annotations (`<root>/<key>`) the update touched. */
      const touched: [root: string, key: string][] = [];
      const collect = (tr: Y.Transaction) => {
        if (tr.origin !== ORIGIN) return;
        // At every depth: a field changed inside a nested annotation map counts as a change of that annotation.
        for (const [root, k] of touchedEntries(tr)) if (root.startsWith('page:')) touched.push([root, k]);
      };
      if (writer !== undefined) live.authors ??= indexAuthors(live.doc);
      const waitingBefore = waitingOf(live.doc);
      live.doc.on('update', capture);
      live.doc.on('afterTransaction', collect);
      try {
        Y.applyUpdate(live.doc, update, ORIGIN);
      } catch {
        // It parsed but did not apply: the document may hold part of it, so reload it from the store.
        await this.reload(h, live);
        throw new DocRefusedError('malformed');
      } finally {
        live.doc.off('update', capture);
        live.doc.off('afterTransaction', collect);
      }
      if (writer !== undefined && live.authors) {
        const authors = live.authors;
        const next: [string, string | undefined][] = [];
        for (const [root, k] of touched) {
          const id = `${root}/${k}`;
          const map = live.doc.getMap(root);
          const author = map.has(k) ? authorOf(map.get(k)) : undefined;
          if (map.has(k) && author !== writer && author !== authors.get(id)) {
            this.logger.warn({ layer: key, writer, author }, 'annotation in another author’s name refused');
            await this.reload(h, live);
            throw new DocRefusedError('foreign_author');
          }
          next.push([id, author]);
        }
        // An erased annotation keeps its entry: undoing the eraser brings it back in its author's name.
        for (const [id, author] of next) if (author !== undefined) authors.set(id, author);
      } else live.authors = null;
      // Structs still waiting for an earlier update are kept as sent, so a restart does not lose
      // them; but only when this update added to what waits: a duplicate or a no-op is not
      // stored again (Yjs rebuilds the pending objects on every update, so compare the bytes).
      const waitingGrew = !sameWaiting(waitingBefore, waitingOf(live.doc));
      const toStore: Uint8Array | null = fresh ?? (waitingGrew ? update : null);
      if (!toStore) return null;
      live.full = null;
      live.diffs.clear();
      live.stateVector = null;
      try {
        live.lastSeq = await this.repo.append(key.documentId, key.layer, toStore, this.now().toISOString());
      } catch (err) {
        // Memory is ahead of the store: go back to what is stored; the client retries.
        await this.reload(h, live);
        throw err;
      }
      live.rows++;
      live.bytes += toStore.byteLength;
      afterStored(toStore);
      if (live.rows >= this.opts.compactAfterRows) {
        await this.compact(h, live).catch((err: unknown) =>
          this.logger.warn({ err, layer: key }, 'annotation compaction failed; will try again later'),
        );
      }
      return toStore;
    });
    if (h.followers === 0) void result.finally(() => this.scheduleUnload(h)).catch(() => undefined);
    return result;
  }

  /**
   * An update another process has already stored: applied to the layer when this process holds it
   * (after any load or write in progress, so nothing is lost between the load and the apply), and
   * ignored otherwise (the next load reads it from the store). Never stored again. Duplicates are
   * harmless: Yjs skips what the document already has.
   */
  applyRemote(key: LayerKey, update: Uint8Array): Promise<void> {
    const h = this.holders.get(`${key.documentId}/${key.layer}`);
    if (!h) return Promise.resolve();
    return this.serialized(h, async (live) => {
      if (this.holders.get(h.id) !== h) return;
      let changed = false;
      const mark = (_u: Uint8Array, origin: unknown) => {
        if (origin === PEER) changed = true;
      };
      live.doc.on('update', mark);
      try {
        Y.applyUpdate(live.doc, update, PEER);
      } catch (err) {
        this.logger.warn({ err, layer: key }, 'update from another process could not be applied; reloading');
        await this.reload(h, live);
        return;
      } finally {
        live.doc.off('update', mark);
      }
      if (!changed) return;
      live.full = null;
      live.diffs.clear();
      live.stateVector = null;
      live.authors = null;
      live.bytes += update.byteLength;
    }).catch((err: unknown) => this.logger.error({ err, layer: key }, 'remote annotation update failed'));
  }

  /** Reads a layer (loaded for the call if nobody follows it). */
  async read<T>(key: LayerKey, fn: (doc: Y.Doc) => T): Promise<T> {
    const h = this.holder(key);
    try {
      return await this.serialized(h, (live) => fn(live.doc));
    } finally {
      this.scheduleUnload(h);
    }
  }

  private async reload(h: Holder, live: LiveDoc): Promise<void> {
    const fresh = await this.load(h.key);
    live.doc.destroy();
    Object.assign(live, fresh);
  }

  /** Replaces the layer's rows by the merged document, re-encoded (not Y.mergeUpdates). */
  private async compact(h: Holder, live: LiveDoc): Promise<void> {
    const started = performance.now();
    if (this.opts.clustered) await this.catchUp(h, live);
    const state = live.full ?? Y.encodeStateAsUpdate(live.doc);
    await this.repo.compact(h.key.documentId, h.key.layer, state, live.lastSeq, this.now().toISOString());
    live.rows = 1;
    live.bytes = state.byteLength;
    live.full = state;
    live.diffs.clear();
    const ms = performance.now() - started;
    this.stats.compactions++;
    this.stats.compactionMsTotal += ms;
    this.stats.lastCompactionMs = ms;
    this.logger.debug({ layer: h.key, ms, bytes: state.byteLength }, 'annotation layer compacted');
  }

  /** Applies every stored row of the layer (rows other processes appended included). */
  private async catchUp(h: Holder, live: LiveDoc): Promise<void> {
    const rows = await this.repo.load(h.key.documentId, h.key.layer);
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
            this.logger.error(
              { err, layer: h.key, seq: row.seq },
              'stored annotation update could not be applied',
            );
          }
        }
      }, PEER);
    } finally {
      live.doc.off('update', mark);
    }
    if (changed) {
      live.full = null;
      live.diffs.clear();
      live.stateVector = null;
      live.authors = null;
    }
    live.rows = rows.length;
    live.bytes = rows.reduce((n, r) => n + r.update.byteLength, 0);
    live.lastSeq = Math.max(live.lastSeq, rows.at(-1)?.seq ?? 0);
  }

  /** Compacts and drops every layer (server shutdown). */
  async close(): Promise<void> {
    const all = [...this.holders.values()];
    for (const h of all) {
      if (h.idle) clearTimeout(h.idle);
      h.followers = 0;
    }
    await Promise.all(all.map((h) => this.unload(h)));
  }
}

/** What a document holds that it cannot apply yet: pending structs and deletions, as updates. */
function waitingOf(doc: Y.Doc): [Uint8Array | null, Uint8Array | null] {
  return [doc.store.pendingStructs?.update ?? null, doc.store.pendingDs ?? null];
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) =>
  a === b || (a !== null && b !== null && Buffer.compare(a, b) === 0);

function sameWaiting(
  a: [Uint8Array | null, Uint8Array | null],
  b: [Uint8Array | null, Uint8Array | null],
): boolean {
  return sameBytes(a[0], b[0]) && sameBytes(a[1], b[1]);
}
