import * as Y from 'yjs';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import type { DocLayer, DocAwareness, DocJoinAck, DocUpdated, Result, WireBytes } from '@icabinet/shared';
import { emitCommand, type AppSocket } from '../socket';

/** The origin of updates that came from the server (never sent back). */
export const REMOTE_ORIGIN = Symbol('remote');

/** How long an ack may take before the update counts as lost (it is resent on the next join). */
const ACK_TIMEOUT_MS = 15_000;
/** Delay before joining again after a failed send while still connected. */
const RETRY_MS = 2_000;

/**
 * Where a layer stands with the server:
 * - `offline`: no connection; edits are kept locally and sent when it returns;
 * - `syncing`: joining, or local edits not yet acknowledged;
 * - `synced`: the server holds everything this device has;
 * - `refused`: the server refused to open the layer (no access).
 */
export type LayerStatus = 'offline' | 'syncing' | 'synced' | 'refused';

/** Local persistence of one layer (y-indexeddb in the browser; nothing in unit tests). */
export interface LayerPersistence {
  /** Resolves once the stored copy was loaded into the doc. */
  whenSynced: Promise<unknown>;
  destroy(): unknown;
}

/** The part of the app socket the sync uses (lets tests pass a fake). */
export type SyncSocket = Pick<AppSocket, 'connected' | 'on' | 'off' | 'emit' | 'timeout' | 'volatile'>;

/** Awareness changes made here (the local state), as y-protocols labels them. */
const LOCAL_AWARENESS = 'local';

export const bytes = (v: WireBytes): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(v));

/**
 * Applies an update from the server. Yjs encodes every transaction again for the doc's `update`
 * listeners; for a remote update those bytes are the ones just received, and encoding them costs
 * as much as decoding (a 2 MB layer on join, every stroke after). So the listeners (this sync, which
 * ignores remote updates; y-indexeddb, which stores them; the view's redraw) are taken off while it
 * applies and then called with the received bytes, when the update changed the doc or left structs
 * waiting for an earlier one (stored as sent, so the local copy loses nothing).
 */
export function applyRemote(doc: Y.Doc, update: Uint8Array): void {
  const listeners = [...((doc._observers.get('update') as Set<UpdateListener> | undefined) ?? [])];
  for (const l of listeners) doc.off('update', l);
  let changed = false;
  const seen = (tr: Y.Transaction) => {
    if (tr.origin === REMOTE_ORIGIN && tr.changed.size > 0) changed = true;
  };
  const { pendingStructs, pendingDs } = doc.store;
  doc.on('afterTransaction', seen);
  try {
    Y.applyUpdate(doc, update, REMOTE_ORIGIN);
  } finally {
    doc.off('afterTransaction', seen);
    for (const l of listeners) doc.on('update', l);
  }
  // Structs left waiting (Yjs replaces what waits when something is added to it).
  const waiting =
    (doc.store.pendingStructs !== null && doc.store.pendingStructs !== pendingStructs) ||
    (doc.store.pendingDs !== null && doc.store.pendingDs !== pendingDs);
  if (changed || waiting) for (const l of listeners) l(update, REMOTE_ORIGIN, doc, null);
}

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction | null) => void;

/** An update that carries nothing encodes as two zero bytes. */
const isEmptyUpdate = (u: Uint8Array): boolean => u.byteLength <= 2;

/**
 * One annotation layer (document × layer) kept in a Y.Doc and synced over the app's Socket.IO
 * connection with the `doc:*` protocol. The Y.Doc is loaded from local storage first, so the join
 * carries its state vector and the server answers only what is missing; whatever the server lacks
 * (edits made offline or lost in flight) goes back as one `doc:update`. Rather than keeping a queue
 * of unsent updates, every (re)join sends the difference against the server's state vector: that
 * covers updates made offline, before a reload, or whose ack never came.
 *
 * Next to the doc, `awareness` carries what is not stored (a stroke still being drawn): the local
 * state goes out as volatile `doc:awareness` while joined, the other devices' states come from the
 * join ack's snapshot and from `doc:awareness`, each with the `user` the server set. The local state
 * starts empty (null: nothing to say) and is cleared when the layer is left.
 */
export class LayerSync {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  status: LayerStatus = 'offline';
  /** Whether the server accepts this device's writes on the layer (null until the first join). */
  canWrite: boolean | null;
  /**
   * Edits made on this device that the server did not take: the layer became read-only while
   * they waited (the minutes were locked for signing while the tablet was offline). They stay in
   * this copy only; the page must say so rather than let them look saved.
   */
  unsentRefused = false;
  private joined = false;
  private inflight = 0;
  private destroyed = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private joinToken = 0;
  private readonly listeners = new Set<() => void>();
  private readonly persistence: LayerPersistence | null;

  constructor(
    private readonly socket: SyncSocket | null,
    readonly documentId: string,
    readonly layer: DocLayer,
    opts: { doc?: Y.Doc; persistence?: (doc: Y.Doc) => LayerPersistence | null } = {},
  ) {
    this.doc = opts.doc ?? new Y.Doc();
    // Private notes may be written before the server ever answered; shared ones only once it said so.
    this.canWrite = layer === 'private' ? true : null;
    this.persistence = opts.persistence?.(this.doc) ?? null;
    this.awareness = new Awareness(this.doc);
    // y-protocols starts every device with an empty state: nothing worth sending to everyone.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onLocalUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (socket) {
      socket.on('connect', this.onConnect);
      socket.on('disconnect', this.onDisconnect);
      socket.on('doc:updated', this.onRemoteUpdate);
      socket.on('doc:awareness', this.onRemoteAwareness);
    }
    void this.start();
  }

  /** Resolves once the local copy was loaded (immediately without persistence). */
  get loaded(): Promise<unknown> {
    return this.persistence?.whenSynced ?? Promise.resolve();
  }

  /**
   * Resolves once every local edit sent so far is acknowledged by the server (`synced`), or after
   * `timeoutMs` whatever the state: a step that acts on the server's copy (locking the minutes) waits
   * for the last keystrokes instead of leaving them out.
   */
  settled(timeoutMs: number): Promise<void> {
    if (this.status === 'synced' || this.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const off = this.subscribe(() => {
        if (this.status === 'synced') done();
      });
    });
  }

  /** Calls `fn` whenever `status` or `canWrite` changes; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Stops following the layer; the local copy stays in storage. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.retry) clearTimeout(this.retry);
    // Clearing the local state sends the removal while still joined (the server drops it on leave too).
    this.awareness.setLocalState(null);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.doc.off('update', this.onLocalUpdate);
    if (this.socket) {
      this.socket.off('connect', this.onConnect);
      this.socket.off('disconnect', this.onDisconnect);
      this.socket.off('doc:updated', this.onRemoteUpdate);
      this.socket.off('doc:awareness', this.onRemoteAwareness);
      if (this.joined && this.socket.connected)
        this.socket.emit('doc:leave', { documentId: this.documentId, layer: this.layer }, () => undefined);
    }
    void this.persistence?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private async start(): Promise<void> {
    // Join with the stored copy's state vector, not an empty one, so offline edits are sent back.
    await this.loaded.catch(() => undefined);
    if (this.socket?.connected) await this.join();
  }

  private readonly onConnect = () => {
    void this.loaded.then(() => this.join());
  };

  private readonly onDisconnect = () => {
    this.joined = false;
    this.inflight = 0;
    this.forgetRemoteStates();
    this.setStatus('offline');
  };

  private readonly onRemoteUpdate = (p: DocUpdated) => {
    if (p.documentId !== this.documentId || p.layer !== this.layer) return;
    applyRemote(this.doc, bytes(p.update));
  };

  private readonly onRemoteAwareness = (p: DocAwareness) => {
    if (p.documentId !== this.documentId || p.layer !== this.layer) return;
    this.applyAwareness(bytes(p.update));
  };

  private applyAwareness(update: Uint8Array): void {
    try {
      applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
    } catch {
      // A malformed update from an older or broken client: the next one replaces it anyway.
    }
  }

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin !== LOCAL_AWARENESS) return;
    const own = this.awareness.clientID;
    if (change.added.includes(own) || change.updated.includes(own) || change.removed.includes(own))
      this.sendAwareness();
  };

  /**
   * Sends the local awareness state, volatile: the next state corrects a lost one. A removal is
   * the last word, nothing follows to correct it, so it is not volatile (socket.io drops a volatile
   * message while the transport is still writing the previous one, such as the finished stroke).
   */
  private sendAwareness(): void {
    if (!this.joined || !this.socket?.connected) return;
    const channel = this.awareness.getLocalState() === null ? this.socket : this.socket.volatile;
    channel.emit('doc:awareness', {
      documentId: this.documentId,
      layer: this.layer,
      update: encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]),
    });
  }

  /**
   * Drops the other devices' states: without a connection their removals cannot arrive, and the
   * next join's snapshot brings back those still there. Their clocks are forgotten too, so a
   * snapshot that repeats a known clock is taken rather than ignored as old.
   */
  private forgetRemoteStates(): void {
    const own = this.awareness.clientID;
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== own);
    removeAwarenessStates(this.awareness, others, REMOTE_ORIGIN);
    for (const id of [...this.awareness.meta.keys()]) if (id !== own) this.awareness.meta.delete(id);
  }

  /**
   * Publishes the local state again after a (re)join. The server announced its removal when the
   * old connection went, one clock step past the last it saw, so the clock moves two steps here or
   * the other devices would take the state for the removed one.
   */
  private republishAwareness(): void {
    const state = this.awareness.getLocalState();
    if (state === null) return;
    const meta = this.awareness.meta.get(this.awareness.clientID);
    if (meta) meta.clock++;
    this.awareness.setLocalState(state);
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    // Updates loaded from IndexedDB or received from the server are not sent (again) one by one.
    if (origin === REMOTE_ORIGIN || (this.persistence !== null && origin === this.persistence)) return;
    if (!this.joined || !this.canWrite) return;
    void this.send(update);
  };

  /** Joins (again): takes what the server has that this copy lacks and sends back the reverse. */
  async join(): Promise<void> {
    if (this.destroyed || !this.socket?.connected) return;
    const token = ++this.joinToken;
    this.setStatus('syncing');
    let res: Result<DocJoinAck>;
    try {
      res = await emitCommand(this.socket, ACK_TIMEOUT_MS, 'doc:join', {
        documentId: this.documentId,
        layer: this.layer,
        stateVector: Y.encodeStateVector(this.doc),
      });
    } catch {
      if (token === this.joinToken) this.scheduleRetry();
      return;
    }
    if (this.destroyed || token !== this.joinToken) return;
    if (!res.ok) {
      this.canWrite = false;
      this.setStatus('refused');
      return;
    }
    applyRemote(this.doc, bytes(res.data.update));
    this.joined = true;
    this.canWrite = res.data.canWrite;
    if (res.data.awareness) this.applyAwareness(bytes(res.data.awareness));
    this.republishAwareness();
    const missing = Y.encodeStateAsUpdate(this.doc, bytes(res.data.stateVector));
    if (this.canWrite && !isEmptyUpdate(missing)) await this.send(missing);
    else {
      // This copy holds edits the server lacks and will not take now.
      if (!isEmptyUpdate(missing)) this.unsentRefused = true;
      this.settle();
    }
  }

  private async send(update: Uint8Array): Promise<void> {
    this.inflight++;
    this.setStatus('syncing');
    let ok = false;
    let refused = false;
    try {
      const res = await emitCommand(this.socket!, ACK_TIMEOUT_MS, 'doc:update', {
        documentId: this.documentId,
        layer: this.layer,
        update,
      });
      ok = res.ok;
      // No right to write (presenter changed) or no writing at all now (the minutes got locked).
      refused = !res.ok && (res.error.code === 'forbidden' || res.error.code === 'invalid_state');
    } catch {
      ok = false;
    }
    if (this.destroyed) return;
    this.inflight = Math.max(0, this.inflight - 1);
    if (refused) {
      // The right to write went away: stop writing, keep reading, and tell what was not taken.
      this.canWrite = false;
      this.unsentRefused = true;
      this.settle();
    } else if (!ok) this.scheduleRetry();
    else this.settle();
  }

  private scheduleRetry(): void {
    if (this.retry || this.destroyed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.join();
    }, RETRY_MS);
  }

  private settle(): void {
    if (this.inflight === 0 && this.joined && !this.retry) this.setStatus('synced');
    else this.emitChange();
  }

  private setStatus(status: LayerStatus): void {
    this.status = status;
    this.emitChange();
  }

  private emitChange(): void {
    for (const fn of this.listeners) fn();
  }
}
