import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  encodeAnnotation,
  pageRoot,
  type DocLayer,
  type DocJoinAck,
  type DocUpdateAck,
  type Result,
} from '@icabinet/shared';
import type { ClientSocket } from './socket.js';

/** Binary from the wire as a Uint8Array (Node gets a Buffer, a browser an ArrayBuffer). */
export const bytesOf = (v: Uint8Array | ArrayBuffer): Uint8Array =>
  v instanceof Uint8Array ? v : new Uint8Array(v);

const REMOTE = 'remote';

/** The author the server named in the join ack of the client each doc is connected through. */
const authors = new WeakMap<Y.Doc, string>();

/**
 * A minimal Yjs provider over our Socket.IO protocol, as the web's will be: `doc:join` with the
 * local state vector, apply what the server sends, send back what it lacks, then every local
 * change as a `doc:update` and every `doc:updated` into the local doc.
 */
export class LayerClient {
  readonly doc: Y.Doc;
  socket: ClientSocket | null = null;
  canWrite = false;
  /** Acks of updates still in flight. */
  private inflight = new Set<Promise<unknown>>();
  readonly errors: string[] = [];
  private readonly onRemote = (p: {
    documentId: string;
    layer: string;
    update: Uint8Array | ArrayBuffer;
  }) => {
    if (p.documentId === this.documentId && p.layer === this.layer)
      Y.applyUpdate(this.doc, bytesOf(p.update), REMOTE);
  };

  constructor(
    readonly documentId: string,
    readonly layer: DocLayer,
    doc?: Y.Doc,
  ) {
    this.doc = doc ?? new Y.Doc();
    this.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && this.socket?.connected && this.canWrite) this.track(this.send(u));
    });
  }

  private track(p: Promise<unknown>): void {
    // A send cut off by a disconnect is not lost: the next join sends whatever the server lacks.
    const settled = p.catch(() => undefined).finally(() => this.inflight.delete(settled));
    this.inflight.add(settled);
  }

  /** Joins the layer on `socket` and exchanges what each side lacks; returns the join ack. */
  async connect(socket: ClientSocket): Promise<DocJoinAck> {
    this.socket = socket;
    socket.on('doc:updated', this.onRemote);
    const res = (await socket.timeout(20_000).emitWithAck('doc:join', {
      documentId: this.documentId,
      layer: this.layer,
      stateVector: Y.encodeStateVector(this.doc),
    })) as Result<DocJoinAck>;
    if (!res.ok) throw new Error(`doc:join refused: ${JSON.stringify(res.error)}`);
    Y.applyUpdate(this.doc, bytesOf(res.data.update), REMOTE);
    this.canWrite = res.data.canWrite;
    authors.set(this.doc, res.data.author);
    const missing = Y.encodeStateAsUpdate(this.doc, bytesOf(res.data.stateVector));
    // An update with nothing in it encodes as two zero bytes.
    if (this.canWrite && missing.byteLength > 2) this.track(this.send(missing));
    return res.data;
  }

  /** Sends one update and resolves with its ack. */
  async send(update: Uint8Array): Promise<Result<DocUpdateAck>> {
    const socket = this.socket;
    if (!socket) throw new Error('not connected');
    const res = (await socket.timeout(20_000).emitWithAck('doc:update', {
      documentId: this.documentId,
      layer: this.layer,
      update,
      opId: randomUUID(),
    })) as Result<DocUpdateAck>;
    if (!res.ok) this.errors.push(res.error.code);
    return res;
  }

  /** Waits until every update sent so far was acked. */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Drops the connection (the local doc keeps its edits, as with y-indexeddb offline). */
  disconnect(): void {
    this.socket?.off('doc:updated', this.onRemote);
    this.socket?.close();
    this.socket = null;
  }
}

/** Adds one ink stroke on a page of a layer's doc, as the web's pen tool does; returns its id. */
export function addInk(
  doc: Y.Doc,
  page: number,
  points: number[],
  opts: { id?: string; color?: string; width?: number; author?: string } = {},
): string {
  const id = opts.id ?? randomUUID();
  doc.getMap(pageRoot(page)).set(
    id,
    encodeAnnotation({
      id,
      kind: 'ink',
      color: opts.color ?? '#d32f2f',
      width: opts.width ?? 20,
      points,
      author: opts.author ?? authors.get(doc) ?? 'test',
      createdAt: new Date().toISOString(),
    }),
  );
  return id;
}

/** The content of a layer's doc as plain JSON: every page root that has something. */
export function pagesOf(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    if (!name.startsWith('page:')) continue;
    const json = doc.getMap(name).toJSON();
    if (Object.keys(json).length) out[name] = json;
  }
  return out;
}

/**
 * What a layer's stored rows hold, as `pagesOf` reads it, whatever their number: a compaction
 * merges rows and keeps their content; a stored note or deletion changes it.
 */
export function pagesOfRows(rows: readonly { update: Uint8Array }[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.update);
  return pagesOf(doc);
}
