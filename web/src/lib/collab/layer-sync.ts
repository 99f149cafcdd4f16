import * as Y from 'yjs';
import type {
  AnnotationLayer,
  DocJoinAck,
  DocUpdateAck,
  DocUpdated,
  Result,
  WireBytes,
} from '@icabinet/shared';
import type { AppSocket } from '../socket';

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
export type SyncSocket = Pick<AppSocket, 'connected' | 'on' | 'off' | 'emit' | 'timeout'>;

export const bytes = (v: WireBytes): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(v));

/** An update that carries nothing encodes as two zero bytes. */
const isEmptyUpdate = (u: Uint8Array): boolean => u.byteLength <= 2;

/**
 * One annotation layer (document × layer) kept in a Y.Doc and synced over the app's Socket.IO
 * connection with the `doc:*` protocol. The Y.Doc is loaded from local storage first, so the join
 * carries its state vector and the server answers only what is missing; whatever the server lacks
 * (edits made offline or lost in flight) goes back as one `doc:update`. Rather than keeping a queue
 * of unsent updates, every (re)join sends the difference against the server's state vector: that
 * covers updates made offline, before a reload, or whose ack never came.
 */
export class LayerSync {
  readonly doc: Y.Doc;
  status: LayerStatus = 'offline';
  /** Whether the server accepts this device's writes on the layer (null until the first join). */
  canWrite: boolean | null;
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
    readonly layer: AnnotationLayer,
    opts: { doc?: Y.Doc; persistence?: (doc: Y.Doc) => LayerPersistence | null } = {},
  ) {
    this.doc = opts.doc ?? new Y.Doc();
    // Private notes may be written before the server ever answered; shared ones only once it said so.
    this.canWrite = layer === 'private' ? true : null;
    this.persistence = opts.persistence?.(this.doc) ?? null;
    this.doc.on('update', this.onLocalUpdate);
    if (socket) {
      socket.on('connect', this.onConnect);
      socket.on('disconnect', this.onDisconnect);
      socket.on('doc:updated', this.onRemoteUpdate);
    }
    void this.start();
  }

  /** Resolves once the local copy was loaded (immediately without persistence). */
  get loaded(): Promise<unknown> {
    return this.persistence?.whenSynced ?? Promise.resolve();
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
    this.doc.off('update', this.onLocalUpdate);
    if (this.socket) {
      this.socket.off('connect', this.onConnect);
      this.socket.off('disconnect', this.onDisconnect);
      this.socket.off('doc:updated', this.onRemoteUpdate);
      if (this.joined && this.socket.connected)
        this.socket.emit('doc:leave', { documentId: this.documentId, layer: this.layer }, () => undefined);
    }
    void this.persistence?.destroy();
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
    this.setStatus('offline');
  };

  private readonly onRemoteUpdate = (p: DocUpdated) => {
    if (p.documentId !== this.documentId || p.layer !== this.layer) return;
    Y.applyUpdate(this.doc, bytes(p.update), REMOTE_ORIGIN);
  };

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    // Updates loaded from IndexedDB or received from the server are not sent (again) one by one.
    if (origin === REMOTE_ORIGIN || (this.persistence !== null && origin === this.persistence)) return;
    if (!this.joined || !this.canWrite) return;
    void this.send(update);
  };

  private emitAck<T>(event: 'doc:join' | 'doc:update', payload: object): Promise<Result<T>> {
    const socket = this.socket!.timeout(ACK_TIMEOUT_MS);
    // The typed emit cannot see through the event union; the payloads match the protocol.
    return (socket.emitWithAck as (e: string, p: object) => Promise<Result<T>>)(event, payload);
  }

  /** Joins (again): takes what the server has that this copy lacks and sends back the reverse. */
  async join(): Promise<void> {
    if (this.destroyed || !this.socket?.connected) return;
    const token = ++this.joinToken;
    this.setStatus('syncing');
    let res: Result<DocJoinAck>;
    try {
      res = await this.emitAck<DocJoinAck>('doc:join', {
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
    Y.applyUpdate(this.doc, bytes(res.data.update), REMOTE_ORIGIN);
    this.joined = true;
    this.canWrite = res.data.canWrite;
    const missing = Y.encodeStateAsUpdate(this.doc, bytes(res.data.stateVector));
    if (this.canWrite && !isEmptyUpdate(missing)) await this.send(missing);
    else this.settle();
  }

  private async send(update: Uint8Array): Promise<void> {
    this.inflight++;
    this.setStatus('syncing');
    let ok = false;
    let forbidden = false;
    try {
      const res = await this.emitAck<DocUpdateAck>('doc:update', {
        documentId: this.documentId,
        layer: this.layer,
        update,
      });
      ok = res.ok;
      forbidden = !res.ok && res.error.code === 'forbidden';
    } catch {
      ok = false;
    }
    if (this.destroyed) return;
    this.inflight = Math.max(0, this.inflight - 1);
    if (forbidden) {
      // The right to write went away (presenter changed): stop writing, keep reading.
      this.canWrite = false;
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
