import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { AnnotationsRepo } from '../store/annotations.port.js';
import { compactLayer, CompactionSchedule, type CompactionDeps } from './compaction.js';
import { DocRefusedError, type DocManagerOptions, type DocManagerStats, type LayerKey } from './doc-types.js';
import {
  authorOf,
  encodeForJoiner,
  forgetEncodings,
  indexAuthors,
  loadLiveDoc,
  PEER,
  sameWaiting,
  waitingOf,
  type LiveDoc,
} from './live-doc.js';
import {
  checkAnnotationText,
  checkStateVector,
  checkUpdate,
  touchedEntries,
  type TextFault,
} from './yjs-guard.js';

export { DocRefusedError, type DocManagerOptions, type DocManagerStats, type LayerKey } from './doc-types.js';

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

/** An update stored by a write step: committed, and `durable` once on the disk. */
interface Written {
  stored: Uint8Array;
  durable: Promise<unknown>;
}

/** What `apply` and `seed` resolve with: the stored part once it is durable (the ack waits for the disk). */
async function acked(step: Promise<Written | null>): Promise<Uint8Array | null> {
  const written = await step;
  if (!written) return null;
  await written.durable;
  return written.stored;
}

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

  private readonly compactionDeps: CompactionDeps;
  private readonly compaction: CompactionSchedule;

  constructor(
    private readonly repo: AnnotationsRepo,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly opts: DocManagerOptions,
  ) {
    this.compactionDeps = { repo, logger, now, stats: this.stats, clustered: opts.clustered ?? false };
    this.compaction = new CompactionSchedule(
      this.compactionDeps,
      opts.compactAfterRows,
      opts.compactQuietMs ?? 0,
    );
  }

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
    const live = await loadLiveDoc(this.repo, this.logger, key);
    this.stats.loads++;
    return live;
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
    this.compaction.cancel(h.id);
    await this.serialized(h, async (live) => {
      if (h.followers > 0 || this.holders.get(h.id) !== h) return;
      try {
        if (live.rows > 1) await compactLayer(this.compactionDeps, h.key, live);
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
    return this.serialized(this.holder(key), (live) => encodeForJoiner(live, this.stats, clientStateVector));
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
    /**
     * Runs in the write step, before the update touches the document: throwing refuses it. The
     * minutes check their lock here, so no write slips in between a lock's snapshot and its flag.
     */
    guard?: () => Promise<void> | void,
  ): Promise<Uint8Array | null> {
    const fault = checkUpdate(update, this.opts.isRoot);
    if (fault) return Promise.reject(new DocRefusedError(fault));
    const h = this.holder(key);
    const result = acked(
      this.serialized(h, async (live) => {
        if (guard) await guard();
        return this.applyLive(h, live, update, afterStored, writer);
      }),
    );
    if (h.followers === 0) void result.finally(() => this.scheduleUnload(h)).catch(() => undefined);
    return result;
  }

  /**
   * Writes what `produce` makes of the document (null: nothing), in the layer's write step, as
   * `apply` would store a client's update. Used to seed a document once (the minutes' prefill):
   * concurrent first openings run one after the other, and the second sees the first's content.
   */
  seed(
    key: LayerKey,
    produce: (doc: Y.Doc) => Promise<Uint8Array | null> | Uint8Array | null,
    afterStored: (stored: Uint8Array) => void = () => undefined,
  ): Promise<Uint8Array | null> {
    const h = this.holder(key);
    const result = acked(
      this.serialized(h, async (live) => {
        const update = await produce(live.doc);
        if (!update) return null;
        const fault = checkUpdate(update, this.opts.isRoot);
        if (fault) throw new DocRefusedError(fault);
        return this.applyLive(h, live, update, afterStored);
      }),
    );
    if (h.followers === 0) void result.finally(() => this.scheduleUnload(h)).catch(() => undefined);
    return result;
  }

  /**
   * Applies and stores one checked update on a loaded layer (inside its write step). The step
   * ends once the row is committed (it survives a killed process) and `afterStored` has sent it
   * on; the returned `durable` settles when it is on the disk too, and only then is it acked. So
   * the followers do not wait for the log flush, the next update of the layer is applied while it
   * runs (one flush for the updates committed meanwhile), and the writer's client, which resends
   * what is not acked, restores an update a power cut took.
   */
  private async applyLive(
    h: Holder,
    live: LiveDoc,
    update: Uint8Array,
    afterStored: (stored: Uint8Array) => void,
    writer?: string,
  ): Promise<Written | null> {
    const key = h.key;
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
    const textFault = this.textFault(live.doc, touched);
    if (textFault) {
      this.logger.warn({ layer: key, writer, fault: textFault }, 'annotation text refused');
      await this.reload(h, live);
      throw new DocRefusedError(textFault);
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
    forgetEncodings(live);
    let sent = false;
    const stored = (seq: number) => {
      if (sent) return;
      sent = true;
      live.lastSeq = seq;
      live.rows++;
      live.bytes += toStore.byteLength;
      afterStored(toStore);
    };
    let onCommit = () => {};
    const committed = new Promise<void>((resolve) => (onCommit = resolve));
    const durable = this.repo.append(key.documentId, key.layer, toStore, this.now().toISOString(), (seq) => {
      stored(seq);
      onCommit();
    });
    try {
      // A repository that does not report its commit: the append's own result.
      await Promise.race([committed, durable.then(stored)]);
    } catch (err) {
      if (!sent) {
        // Memory is ahead of the store: go back to what is stored; the client retries.
        await this.reload(h, live);
        throw err;
      }
    }
    await this.compaction.afterStore(h.id, key, live, () => {
      // Its own step, after the writes before it: the layer may have been compacted or unloaded.
      void this.serialized(h, async (now) => {
        if (this.holders.get(h.id) === h && this.compaction.due(now)) await this.compaction.run(key, now);
      }).catch(() => undefined);
    });
    // A flush that fails after the commit leaves memory and rows alike: the ack fails, the client
    // sends the update again and it is found already there.
    return { stored: toStore, durable };
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
      forgetEncodings(live);
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

  /** The first text fault among the annotations an update added or replaced. */
  private textFault(doc: Y.Doc, touched: [root: string, key: string][]): TextFault | null {
    for (const [root, k] of touched) {
      const map = doc.getMap(root);
      if (!map.has(k)) continue;
      const fault = checkAnnotationText(map.get(k), this.opts.maxTextChars);
      if (fault) return fault;
    }
    return null;
  }

  private async reload(h: Holder, live: LiveDoc): Promise<void> {
    const fresh = await this.load(h.key);
    live.doc.destroy();
    Object.assign(live, fresh);
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
