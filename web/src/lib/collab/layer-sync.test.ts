import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageRoot } from '@icabinet/shared';
import { LayerSync, type SyncSocket } from './layer-sync';

type Handler = (...args: unknown[]) => void;
type Entry = [clientId: number, clock: number, json: string];

const encodeEntries = (entries: Entry[]): Uint8Array => {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, entries.length);
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(enc, id);
    encoding.writeVarUint(enc, clock);
    encoding.writeVarString(enc, json);
  }
  return encoding.toUint8Array(enc);
};

/**
 * The awareness side of the server for one layer, as it behaves: each state gets the `user` of
 * the socket that sent it, goes to the other joined sockets, is in the join ack's snapshot, and
 * is removed (clock + 1) when its socket leaves or drops.
 */
class AwarenessHub {
  readonly joined = new Set<FakeSocket>();
  private readonly states = new Map<number, { clock: number; json: string; from: FakeSocket }>();

  relay(from: FakeSocket, update: Uint8Array): void {
    const dec = decoding.createDecoder(update);
    const out: Entry[] = [];
    for (let n = decoding.readVarUint(dec); n > 0; n--) {
      const id = decoding.readVarUint(dec);
      const clock = decoding.readVarUint(dec);
      const state = JSON.parse(decoding.readVarString(dec)) as Record<string, unknown> | null;
      if (state === null) {
        this.states.delete(id);
        out.push([id, clock, 'null']);
        continue;
      }
      const json = JSON.stringify({ ...state, user: from.user });
      this.states.set(id, { clock, json, from });
      out.push([id, clock, json]);
    }
    this.broadcast(from, encodeEntries(out));
  }

  snapshot(): Uint8Array | null {
    if (this.states.size === 0) return null;
    return encodeEntries([...this.states].map(([id, e]) => [id, e.clock, e.json]));
  }

  leave(from: FakeSocket): void {
    this.joined.delete(from);
    const removed: Entry[] = [];
    for (const [id, e] of this.states)
      if (e.from === from) {
        this.states.delete(id);
        removed.push([id, e.clock + 1, 'null']);
      }
    if (removed.length) this.broadcast(from, encodeEntries(removed));
  }

  private broadcast(from: FakeSocket, update: Uint8Array): void {
    for (const s of this.joined)
      if (s !== from && s.connected)
        s.fire('doc:awareness', { documentId: 'doc-1', layer: 'shared', update });
  }
}

/** A socket whose "server" is one Y.Doc answering `doc:join` and `doc:update` like the real one. */
class FakeSocket {
  connected = false;
  canWrite = true;
  /** While set, updates are stored but their acks wait for it (a slow server). */
  ackGate: Promise<void> | null = null;
  readonly server = new Y.Doc();
  readonly updates: Uint8Array[] = [];
  /** Awareness updates this socket sent. */
  readonly sentAwareness: Uint8Array[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(
    readonly hub: AwarenessHub | null = null,
    readonly user = { id: 'u-1', name: 'Nguyễn Văn An' },
  ) {}

  on(event: string, fn: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
    return this;
  }

  off(event: string, fn: Handler): this {
    this.handlers.get(event)?.delete(fn);
    return this;
  }

  emit(event: string, payload?: { update?: Uint8Array }): this {
    if (event === 'doc:awareness' && payload?.update) {
      this.sentAwareness.push(payload.update);
      this.hub?.relay(this, payload.update);
    }
    if (event === 'doc:leave') this.hub?.leave(this);
    return this;
  }

  get volatile(): { emit: (event: string, payload?: { update?: Uint8Array }) => FakeSocket } {
    return { emit: (event, payload) => this.emit(event, payload) };
  }

  timeout(): { emitWithAck: (event: string, payload: Record<string, unknown>) => Promise<unknown> } {
    return {
      emitWithAck: (event, payload) => {
        if (!this.connected) return Promise.reject(new Error('offline'));
        if (event === 'doc:join') {
          this.hub?.joined.add(this);
          const sv = payload.stateVector as Uint8Array;
          return Promise.resolve({
            ok: true,
            data: {
              update: Y.encodeStateAsUpdate(this.server, sv),
              stateVector: Y.encodeStateVector(this.server),
              awareness: this.hub?.snapshot() ?? null,
              canWrite: this.canWrite,
            },
          });
        }
        const update = payload.update as Uint8Array;
        this.updates.push(update);
        Y.applyUpdate(this.server, update);
        const ack = { ok: true, data: { stored: true } };
        return this.ackGate ? this.ackGate.then(() => ack) : Promise.resolve(ack);
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

  disconnect(): void {
    this.connected = false;
    this.hub?.leave(this);
    this.fire('disconnect');
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const note = (doc: Y.Doc, id: string) => doc.getMap(pageRoot(1)).set(id, new Y.Map([['text', id]]));
const ids = (doc: Y.Doc) => [...doc.getMap(pageRoot(1)).keys()].sort();

describe('LayerSync', () => {
  it('tells when the last local edits are acknowledged, and gives up waiting after the timeout', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    await settle();
    await settle();
    expect(sync.status).toBe('synced');
    await sync.settled(10); // nothing pending: at once

    let release = () => {};
    socket.ackGate = new Promise<void>((r) => (release = r));
    note(sync.doc, 'last-keystroke');
    expect(sync.status).toBe('syncing');
    let done = false;
    const waiting = sync.settled(5000).then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    release();
    await waiting;
    expect(sync.status).toBe('synced');

    socket.ackGate = new Promise<void>(() => undefined); // never acknowledged
    note(sync.doc, 'lost-ack');
    await sync.settled(20);
    expect(sync.status).toBe('syncing');
    sync.destroy();
  });

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

  it('hands what the server sends to the doc’s listeners as received, once, and a waiting update too', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    await settle();
    await settle();
    // What y-indexeddb does: store every update the doc reports.
    const stored: Uint8Array[] = [];
    const origins: unknown[] = [];
    sync.doc.on('update', (u: Uint8Array, origin: unknown) => {
      stored.push(u);
      origins.push(origin);
    });
    const peer = new Y.Doc();
    const push = (update: Uint8Array) =>
      socket.fire('doc:updated', { documentId: 'doc-1', layer: 'shared', update });
    const step = (fn: () => void): Uint8Array => {
      const before = Y.encodeStateVector(peer);
      fn();
      return Y.encodeStateAsUpdate(peer, before);
    };
    const first = step(() => note(peer, 'a'));
    push(first);
    // The very bytes received (Yjs did not encode them again), marked as the server's.
    expect(stored).toEqual([first]);
    expect(stored[0]).toBe(first);
    expect(origins).not.toContain(undefined);
    // The same update again changes nothing: nothing to store.
    push(first);
    expect(stored).toHaveLength(1);
    // An update that waits for an earlier one is stored as sent, and both land once it comes.
    const second = step(() => note(peer, 'b'));
    const third = step(() => note(peer, 'c'));
    push(third);
    expect(ids(sync.doc)).toEqual(['a']);
    expect(stored).toHaveLength(2);
    // While it waits, an update already held is still not stored again.
    push(first);
    expect(stored).toHaveLength(2);
    push(second);
    expect(ids(sync.doc)).toEqual(['a', 'b', 'c']);
    // A device that loads only what was stored has the whole layer.
    const reloaded = new Y.Doc();
    for (const u of stored) Y.applyUpdate(reloaded, u);
    expect(ids(reloaded)).toEqual(['a', 'b', 'c']);
    // Local edits still reach the listeners (Yjs encodes those) and the server.
    note(sync.doc, 'mine');
    await settle();
    expect(stored).toHaveLength(4);
    expect(ids(socket.server)).toContain('mine');
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

describe('LayerSync edits the server no longer takes', () => {
  it('says so when edits made offline meet a layer that became read-only (minutes locked meanwhile)', async () => {
    const socket = new FakeSocket();
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    note(sync.doc, 'written-offline');
    await settle();
    socket.canWrite = false;
    socket.connect();
    await settle();
    await settle();
    expect(sync.canWrite).toBe(false);
    expect(sync.unsentRefused).toBe(true);
    expect(ids(socket.server)).toEqual([]);
    sync.destroy();
  });

  it('says nothing when a read-only layer is joined without edits of its own', async () => {
    const socket = new FakeSocket();
    note(socket.server, 'from-server');
    socket.canWrite = false;
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    socket.connect();
    await settle();
    await settle();
    expect(ids(sync.doc)).toEqual(['from-server']);
    expect(sync.unsentRefused).toBe(false);
    sync.destroy();
  });

  it('says so when the server refuses an update because the layer was locked', async () => {
    const socket = new FakeSocket();
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    socket.connect();
    await settle();
    await settle();
    expect(sync.canWrite).toBe(true);
    const timeout = socket.timeout.bind(socket);
    socket.timeout = () => ({
      emitWithAck: (event: string, payload: Record<string, unknown>) =>
        event === 'doc:update'
          ? Promise.resolve({ ok: false, error: { code: 'invalid_state', message: 'locked' } })
          : timeout().emitWithAck(event, payload),
    });
    note(sync.doc, 'too-late');
    await settle();
    await settle();
    expect(sync.unsentRefused).toBe(true);
    expect(sync.canWrite).toBe(false);
    expect(ids(socket.server)).toEqual([]);
    sync.destroy();
  });
});

describe('LayerSync awareness', () => {
  const syncs: LayerSync[] = [];
  afterEach(() => {
    for (const s of syncs.splice(0)) s.destroy();
  });

  /** A device joined to the layer through the hub. */
  async function device(hub: AwarenessHub, user: { id: string; name: string }, connected = true) {
    const socket = new FakeSocket(hub, user);
    socket.connected = connected;
    const sync = new LayerSync(socket as unknown as SyncSocket, 'doc-1', 'shared');
    syncs.push(sync);
    await settle();
    await settle();
    return { socket, sync };
  }

  /** The other devices' states a sync holds, by client id. */
  const others = (sync: LayerSync) =>
    [...sync.awareness.getStates()].filter(([id]) => id !== sync.awareness.clientID);

  it('shows each device the others’ states with the user the server set, and says nothing until asked', async () => {
    const hub = new AwarenessHub();
    const an = await device(hub, { id: 'u-an', name: 'Nguyễn Văn An' });
    const mai = await device(hub, { id: 'u-mai', name: 'Đỗ Thị Mai' });
    // A device that has nothing to show sends nothing.
    expect(an.socket.sentAwareness).toEqual([]);

    an.sync.awareness.setLocalState({ stroke: { page: 2 }, user: { id: 'u-mai', name: 'forged' } });
    expect(others(mai.sync)).toEqual([
      [an.sync.awareness.clientID, { stroke: { page: 2 }, user: { id: 'u-an', name: 'Nguyễn Văn An' } }],
    ]);
    // Its own state is never among the others.
    expect(others(an.sync)).toEqual([]);

    an.sync.awareness.setLocalState(null);
    expect(others(mai.sync)).toEqual([]);
  });

  it('takes the states already there from the join ack', async () => {
    const hub = new AwarenessHub();
    const an = await device(hub, { id: 'u-an', name: 'Nguyễn Văn An' });
    an.sync.awareness.setLocalState({ stroke: { page: 1 } });
    const mai = await device(hub, { id: 'u-mai', name: 'Đỗ Thị Mai' });
    expect(others(mai.sync).map(([, s]) => (s.user as { name: string }).name)).toEqual(['Nguyễn Văn An']);
  });

  it('keeps the state while offline, forgets the others, and publishes again after a reconnect', async () => {
    const hub = new AwarenessHub();
    const an = await device(hub, { id: 'u-an', name: 'Nguyễn Văn An' }, false);
    const mai = await device(hub, { id: 'u-mai', name: 'Đỗ Thị Mai' });
    mai.sync.awareness.setLocalState({ stroke: { page: 3 } });
    an.sync.awareness.setLocalState({ stroke: { page: 1 } });
    // Not joined: nothing goes out.
    expect(an.socket.sentAwareness).toEqual([]);

    an.socket.connect();
    await settle();
    await settle();
    expect(others(mai.sync)).toHaveLength(1);
    expect(others(an.sync)).toHaveLength(1);

    // The server removes the state of a dropped connection (one clock step on) and tells the others.
    an.socket.disconnect();
    expect(others(mai.sync)).toEqual([]);
    expect(others(an.sync)).toEqual([]);
    an.socket.connect();
    await settle();
    await settle();
    expect(others(mai.sync).map(([, s]) => (s as { stroke?: unknown }).stroke)).toEqual([{ page: 1 }]);
    expect(others(an.sync).map(([, s]) => (s as { stroke?: unknown }).stroke)).toEqual([{ page: 3 }]);
  });

  it('removes its state from the other devices when the layer is closed', async () => {
    const hub = new AwarenessHub();
    const an = await device(hub, { id: 'u-an', name: 'Nguyễn Văn An' });
    const mai = await device(hub, { id: 'u-mai', name: 'Đỗ Thị Mai' });
    an.sync.awareness.setLocalState({ stroke: { page: 1 } });
    expect(others(mai.sync)).toHaveLength(1);
    an.sync.destroy();
    expect(others(mai.sync)).toEqual([]);
  });

  it('ignores awareness of another layer and malformed updates', async () => {
    const hub = new AwarenessHub();
    const mai = await device(hub, { id: 'u-mai', name: 'Đỗ Thị Mai' });
    const update = encodeEntries([[42, 1, JSON.stringify({ stroke: {} })]]);
    mai.socket.fire('doc:awareness', { documentId: 'doc-1', layer: 'private', update });
    mai.socket.fire('doc:awareness', {
      documentId: 'doc-1',
      layer: 'shared',
      update: new Uint8Array([5, 1]),
    });
    expect(others(mai.sync)).toEqual([]);
  });
});
