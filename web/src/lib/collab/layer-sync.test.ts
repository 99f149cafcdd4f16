import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageRoot } from '@icabinet/shared';
import { LayerSync, type SyncSocket } from './layer-sync';

type Handler = (...args: unknown[]) => void;

/** A socket whose "server" is one Y.Doc answering `doc:join` and `doc:update` like the real one. */
class FakeSocket {
  connected = false;
  canWrite = true;
  readonly server = new Y.Doc();
  readonly updates: Uint8Array[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();

  on(event: string, fn: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
    return this;
  }

  off(event: string, fn: Handler): this {
    this.handlers.get(event)?.delete(fn);
    return this;
  }

  emit(): this {
    return this;
  }

  timeout(): { emitWithAck: (event: string, payload: Record<string, unknown>) => Promise<unknown> } {
    return {
      emitWithAck: (event, payload) => {
        if (!this.connected) return Promise.reject(new Error('offline'));
        if (event === 'doc:join') {
          const sv = payload.stateVector as Uint8Array;
          return Promise.resolve({
            ok: true,
            data: {
              update: Y.encodeStateAsUpdate(this.server, sv),
              stateVector: Y.encodeStateVector(this.server),
              awareness: null,
              canWrite: this.canWrite,
            },
          });
        }
        const update = payload.update as Uint8Array;
        this.updates.push(update);
        Y.applyUpdate(this.server, update);
        return Promise.resolve({ ok: true, data: { stored: true } });
      },
    };
  }

  fire(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }

  connect(): void {
    this.connected = true;
    this.fire('connect');
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const note = (doc: Y.Doc, id: string) => doc.getMap(pageRoot(1)).set(id, new Y.Map([['text', id]]));
const ids = (doc: Y.Doc) => [...doc.getMap(pageRoot(1)).keys()].sort();

describe('LayerSync', () => {
  it('sends the notes written offline once the connection returns', async () => {
    const socket = new FakeSocket();
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'private');
    note(sync.doc, 'offline-note');
    await settle();
    expect(sync.status).toBe('offline');
    expect(ids(socket.server)).toEqual([]);

    socket.connect();
    await settle();
    await settle();
    expect(ids(socket.server)).toEqual(['offline-note']);
    expect(sync.status).toBe('synced');
    sync.destroy();
  });

  it('takes what the server holds on join, then every pushed update, and sends local edits', async () => {
    const socket = new FakeSocket();
    note(socket.server, 'from-server');
    socket.connected = true;
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    await settle();
    await settle();
    expect(ids(sync.doc)).toEqual(['from-server']);
    expect(sync.canWrite).toBe(true);

    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(socket.server));
    note(other, 'from-peer');
    socket.fire('doc:updated', {
      documentId: 'doc-1',
      layer: 'shared',
      update: Y.encodeStateAsUpdate(other, Y.encodeStateVector(sync.doc)),
    });
    // An update of another layer is not ours.
    socket.fire('doc:updated', { documentId: 'doc-1', layer: 'private', update: new Uint8Array([0, 0]) });
    expect(ids(sync.doc)).toEqual(['from-peer', 'from-server']);

    note(sync.doc, 'mine');
    await settle();
    expect(ids(socket.server)).toEqual(['from-server', 'mine']);
    sync.destroy();
  });

  it('sends nothing on a layer the server says is read-only', async () => {
    const socket = new FakeSocket();
    socket.canWrite = false;
    socket.connected = true;
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    await settle();
    await settle();
    expect(sync.canWrite).toBe(false);
    note(sync.doc, 'not-sent');
    await settle();
    expect(socket.updates).toEqual([]);
    sync.destroy();
  });
});
