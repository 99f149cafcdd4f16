import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from 'pdf-lib';
import {
  decodeAnnotation,
  encodeAnnotation,
  type DocUpdated,
  type Result,
  type StoredAnnotation,
} from '@icabinet/shared';
import { addInk, LayerClient, pagesOf, pagesOfRows } from '../utils/annotations.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { publishedMeeting } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { spawnServer, startServer, tempDir, testEnv, type TestServer } from '../utils/server.js';
import { eventually } from '../utils/eventually.js';
import { MARKER_ID, markerAfter } from '../utils/live.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator, so a failing run can be replayed with the printed seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  id: string;
  client: ApiClient;
}

/** The PDF's page content streams, decoded, as text. */
async function contentOf(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  let text = '';
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const refs: unknown[] = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      const stream = pdf.context.lookup(ref as PDFRef);
      if (stream instanceof PDFRawStream)
        text += Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    }
  }
  return text;
}

describe('shared annotation layers over Socket.IO', () => {
  let server: TestServer;
  let secretary: Person;
  let chair: Person;
  let alice: Person;
  let bob: Person;
  let observer: Person;
  let outsider: Person;
  let meeting: Awaited<ReturnType<typeof publishedMeeting>>;
  let documentId: string;
  const sockets: ClientSocket[] = [];

  const connect = async (p: Person) => {
    const s = await connectClient(server.url, p.client.cookie);
    sockets.push(s);
    return s;
  };
  const stored = (layer: string) => server.running.store.annotations.load(documentId, layer);
  /** What a layer's rows hold: a compaction (25 rows and a quiet moment here) may merge them at any time. */
  const storedContent = async (layer: string) => pagesOfRows(await stored(layer));
  /** What the server holds for a layer, as a fresh cold joiner sees it. */
  const serverCopy = async (p: Person, layer: 'shared' | 'private' = 'shared') => {
    const c = new LayerClient(documentId, layer);
    const s = await connect(p);
    await c.connect(s);
    c.disconnect();
    return c.doc;
  };

  beforeAll(async () => {
    server = await startServer({
      env: {
        SOCKET_EVENTS_PER_SECOND: '2000',
        SOCKET_EVENT_BURST: '2000',
        ANNOTATION_COMPACT_AFTER: '25',
        ANNOTATION_COMPACT_QUIET_MS: '50',
      },
    });
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.ghichu',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    chair = await createUser(server.url, admin, { username: 'chutich.ghichu', fullName: 'Nguyễn Văn An' });
    alice = await createUser(server.url, admin, { username: 'daibieu.a', fullName: 'Trần Thị Bình' });
    bob = await createUser(server.url, admin, { username: 'daibieu.b', fullName: 'Lê Văn Cường' });
    observer = await createUser(server.url, admin, {
      username: 'quansat.ghichu',
      fullName: 'Hoàng Văn Quan',
    });
    outsider = await createUser(server.url, admin, { username: 'ngoai.ghichu', fullName: 'Người Ngoài' });
    meeting = await publishedMeeting(
      secretary.client,
      chair.id,
      [{ userId: alice.id }, { userId: bob.id }, { userId: observer.id, role: 'observer' }],
      { document: true },
    );
    documentId = meeting.documentId!;
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('passes a stored shared stroke to the other devices and answers a late joiner with it', async () => {
    const writer = new LayerClient(documentId, 'shared');
    const join = await writer.connect(await connect(chair));
    expect(join.canWrite).toBe(true);
    const reader = new LayerClient(documentId, 'shared');
    await reader.connect(await connect(alice));
    const id = addInk(writer.doc, 1, [100, 100, 2000, 2500, 4000, 3000], { color: '#ff0000' });
    await writer.settle();
    expect(writer.errors).toEqual([]);
    await eventually(() => expect(reader.doc.getMap('page:1').has(id)).toBe(true));
    expect((await stored('shared')).length).toBeGreaterThan(0);
    const late = await serverCopy(bob);
    expect(pagesOf(late)).toEqual(pagesOf(writer.doc));
    writer.disconnect();
    reader.disconnect();
  });

  it('sends a client that holds a copy only the difference', async () => {
    const writer = new LayerClient(documentId, 'shared');
    await writer.connect(await connect(secretary));
    for (let i = 0; i < 20; i++) addInk(writer.doc, 2, [i * 10, i * 10, i * 20, i * 20]);
    await writer.settle();
    const cold = await (
      await connect(bob)
    ).emitWithAck('doc:join', {
      documentId,
      layer: 'shared',
    });
    const warm = await (
      await connect(bob)
    ).emitWithAck('doc:join', {
      documentId,
      layer: 'shared',
      stateVector: Y.encodeStateVector(writer.doc),
    });
    if (!cold.ok || !warm.ok) throw new Error('join refused');
    expect(warm.data.update.byteLength).toBeLessThan(cold.data.update.byteLength / 5);
    writer.disconnect();
  });

  it('keeps a private layer to its owner: other users never receive it nor join it', async () => {
    const aliceTablet = new LayerClient(documentId, 'private');
    const alicePhone = new LayerClient(documentId, 'private');
    await aliceTablet.connect(await connect(alice));
    await alicePhone.connect(await connect(alice));
    const bobSocket = await connect(bob);
    const bobPrivate = new LayerClient(documentId, 'private');
    const bobShared = new LayerClient(documentId, 'shared');
    await bobPrivate.connect(bobSocket);
    await bobShared.connect(bobSocket);
    const seenByBob: DocUpdated[] = [];
    bobSocket.on('doc:updated', (u) => seenByBob.push(u));

    const id = addInk(aliceTablet.doc, 3, [10, 10, 20, 20], { color: '#0000ff' });
    await aliceTablet.settle();
    expect(aliceTablet.errors).toEqual([]);
    await eventually(() => expect(alicePhone.doc.getMap('page:3').has(id)).toBe(true));
    // Anything of Alice's would reach Bob before a marker the server sends him after it.
    await markerAfter(
      server,
      bobSocket,
      'doc:updated',
      { documentId: MARKER_ID, layer: 'shared', update: new Uint8Array([0, 0]) },
      (p) => p.documentId === MARKER_ID,
    );
    expect(seenByBob.filter((u) => u.documentId !== MARKER_ID)).toEqual([]);
    expect(pagesOf(bobPrivate.doc)).toEqual({});
    expect((await stored(`u:${alice.id}`)).length).toBeGreaterThan(0);
    // Bob's "private" layer is his own, whatever he sends: there is no way to name Alice's.
    const again = await serverCopy(bob, 'private');
    expect(pagesOf(again)).toEqual({});
    const forged = await bobSocket.emitWithAck('doc:join', {
      documentId,
      layer: `u:${alice.id}` as 'private',
    });
    expect(forged.ok).toBe(false);
    for (const c of [aliceTablet, alicePhone, bobPrivate, bobShared]) c.disconnect();
  });

  it("refuses an observer's updates and stores nothing; refuses delegates on the shared layer", async () => {
    const before = await storedContent('shared');
    const watcher = new LayerClient(documentId, 'shared');
    const ack = await watcher.connect(await connect(observer));
    expect(ack.canWrite).toBe(false);
    const scratch = new Y.Doc();
    addInk(scratch, 1, [1, 1, 2, 2]);
    const res = await watcher.send(Y.encodeStateAsUpdate(scratch));
    expect(res.ok ? null : res.error.code).toBe('forbidden');
    const priv = new LayerClient(documentId, 'private');
    expect((await priv.connect(await connect(observer))).canWrite).toBe(false);
    const res2 = await priv.send(Y.encodeStateAsUpdate(scratch));
    expect(res2.ok ? null : res2.error.code).toBe('forbidden');
    expect(await stored(`u:${observer.id}`)).toEqual([]);

    const delegate = new LayerClient(documentId, 'shared');
    expect((await delegate.connect(await connect(bob))).canWrite).toBe(false);
    const res3 = await delegate.send(Y.encodeStateAsUpdate(scratch));
    expect(res3.ok ? null : res3.error.code).toBe('forbidden');
    expect(await storedContent('shared')).toEqual(before);

    const stranger = await (
      await connect(outsider)
    ).emitWithAck('doc:join', {
      documentId,
      layer: 'shared',
    });
    expect(stranger.ok ? null : stranger.error.code).toBe('forbidden');
    for (const c of [watcher, priv, delegate]) c.disconnect();
  });

  it('lets delegates write the shared layer while the meeting opens it to all participants, never observers', async () => {
    const setOpen = async (open: boolean) => {
      const got = await secretary.client.get<{
        meeting: { version: number; sharedAnnotationsOpen: boolean };
      }>(`/api/meetings/${meeting.id}`);
      expect(got.body.meeting.sharedAnnotationsOpen).toBe(!open);
      const res = await secretary.client.patch<{ meeting: { sharedAnnotationsOpen: boolean } }>(
        `/api/meetings/${meeting.id}`,
        { version: got.body.meeting.version, sharedAnnotationsOpen: open },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.meeting.sharedAnnotationsOpen).toBe(open);
    };
    await setOpen(true);
    const delegate = new LayerClient(documentId, 'shared');
    expect((await delegate.connect(await connect(bob))).canWrite).toBe(true);
    const id = addInk(delegate.doc, 5, [7, 7, 8, 8], { color: '#00aa00' });
    await delegate.settle();
    expect(delegate.errors).toEqual([]);
    expect((await serverCopy(alice)).getMap('page:5').has(id)).toBe(true);
    const watcher = new LayerClient(documentId, 'shared');
    expect((await watcher.connect(await connect(observer))).canWrite).toBe(false);
    delegate.disconnect();
    watcher.disconnect();

    await setOpen(false);
    const before = await storedContent('shared');
    const closed = new LayerClient(documentId, 'shared');
    expect((await closed.connect(await connect(bob))).canWrite).toBe(false);
    const scratch = new Y.Doc();
    addInk(scratch, 5, [9, 9, 10, 10]);
    const res = await closed.send(Y.encodeStateAsUpdate(scratch));
    expect(res.ok ? null : res.error.code).toBe('forbidden');
    expect(await storedContent('shared')).toEqual(before);
    closed.disconnect();
  });

  it('answers malformed Yjs traffic with an error for that socket only and leaves the layer unchanged', async () => {
    const good = new LayerClient(documentId, 'shared');
    await good.connect(await connect(secretary));
    addInk(good.doc, 4, [5, 5, 6, 6]);
    await good.settle();
    const before = pagesOf(await serverCopy(secretary));
    const storedBefore = await storedContent('shared');

    const bad = await connect(chair);
    expect((await bad.emitWithAck('doc:join', { documentId, layer: 'shared' })).ok).toBe(true);
    const send = (update: unknown) =>
      bad
        .timeout(10_000)
        .emitWithAck('doc:update', { documentId, layer: 'shared', update: update as Uint8Array }) as Promise<
        Result<unknown>
      >;
    const scratch = new Y.Doc();
    addInk(scratch, 1, [1, 2, 3, 4, 5, 6, 7, 8]);
    const valid = Y.encodeStateAsUpdate(scratch);
    const foreign = new Y.Doc();
    foreign.getMap('secret').set('x', 1);
    const cases: [string, unknown][] = [
      ['random bytes', randomBytes(512)],
      ['a truncated update', valid.subarray(0, Math.floor(valid.byteLength / 2))],
      ['an update of a type outside the model', Y.encodeStateAsUpdate(foreign)],
      ['a string instead of bytes', 'AAEC'],
      ['an update over the limit', new Uint8Array(1_020_000)],
    ];
    for (const [name, update] of cases) {
      const res = await send(update);
      expect(res.ok ? null : res.error.code, name).toBe('invalid_input');
    }
    for (let i = 0; i < 50; i++) {
      const res = await send(randomBytes(1 + Math.floor(Math.random() * 200)));
      if (res.ok) expect(res.data).toEqual({ stored: false });
    }
    const unknown = await (
      bad as unknown as { emitWithAck(e: string, p: unknown): Promise<Result<unknown>> }
    ).emitWithAck('doc:sync-step-3', { documentId });
    expect(unknown.ok ? null : unknown.error.code).toBe('invalid_input');

    // 10 MB: the transport cap ends that connection before a byte is parsed; nobody else notices.
    const huge = await connect(chair);
    const closed = new Promise<string>((resolve) => huge.once('disconnect', resolve));
    huge.emit(
      'doc:update',
      { documentId, layer: 'shared', update: new Uint8Array(10 * 1024 * 1024) },
      () => undefined,
    );
    expect(await closed).toBeTruthy();

    expect(pagesOf(await serverCopy(secretary))).toEqual(before);
    expect(await storedContent('shared')).toEqual(storedBefore);
    const id = addInk(good.doc, 4, [7, 7, 8, 8]);
    await good.settle();
    expect(good.errors).toEqual([]);
    expect((await serverCopy(secretary)).getMap('page:4').has(id)).toBe(true);
    good.disconnect();
  });

  it('takes awareness identity from the session, not from the client', async () => {
    const a = await connect(chair);
    const b = await connect(alice);
    for (const s of [a, b]) await s.emitWithAck('doc:join', { documentId, layer: 'shared' });
    const got = new Promise<Uint8Array>((resolve) =>
      b.once('doc:awareness', (p) => resolve(new Uint8Array(p.update as Uint8Array))),
    );
    const { encodeAwarenessUpdate, Awareness, applyAwarenessUpdate } = await import('y-protocols/awareness');
    const local = new Awareness(new Y.Doc());
    local.setLocalState({ user: { id: 'admin', name: 'Giả mạo' }, cursor: { page: 1, x: 10, y: 20 } });
    a.emit('doc:awareness', {
      documentId,
      layer: 'shared',
      update: encodeAwarenessUpdate(local, [local.clientID]),
    });
    const remote = new Awareness(new Y.Doc());
    applyAwarenessUpdate(remote, await got, 'server');
    const state = remote.getStates().get(local.clientID) as {
      user: { id: string; name: string };
      cursor: unknown;
    };
    expect(state.user).toEqual({ id: chair.id, name: 'Nguyễn Văn An' });
    expect(state.cursor).toEqual({ page: 1, x: 10, y: 20 });
    const gone = new Promise<Uint8Array>((resolve) =>
      b.once('doc:awareness', (p) => resolve(new Uint8Array(p.update as Uint8Array))),
    );
    a.close();
    applyAwarenessUpdate(remote, await gone, 'server');
    expect(remote.getStates().has(local.clientID)).toBe(false);
  });

  /** One awareness update carrying the given client states (y-protocols wire format). */
  const awarenessUpdate = async (states: [number, Record<string, unknown>][]) => {
    const { Awareness, encodeAwarenessUpdate } = await import('y-protocols/awareness');
    const a = new Awareness(new Y.Doc());
    const map = new Map<number, Record<string, unknown>>();
    for (const [id, st] of states) {
      map.set(id, st);
      a.meta.set(id, { clock: 1, lastUpdated: 0 });
    }
    const u = encodeAwarenessUpdate(
      a,
      states.map(([id]) => id),
      map,
    );
    a.destroy();
    return u;
  };
  const sendAwareness = async (s: ClientSocket, update: Uint8Array) =>
    (await s
      .timeout(5000)
      .emitWithAck('doc:awareness', { documentId, layer: 'shared', update })) as Result<null>;
  const awarenessHeld = (s: ClientSocket) => server.running.app.services.annotations.awareness.size(s.id);

  it("never passes a read-only observer's awareness on, while a writer's reaches the others", async () => {
    const watcher = await connect(observer);
    const writer = await connect(secretary);
    const other = await connect(chair);
    for (const s of [watcher, writer, other])
      expect((await s.emitWithAck('doc:join', { documentId, layer: 'shared' })).ok).toBe(true);
    const { Awareness, applyAwarenessUpdate } = await import('y-protocols/awareness');
    const seen = new Awareness(new Y.Doc());
    other.on('doc:awareness', (p) =>
      applyAwarenessUpdate(seen, new Uint8Array(p.update as Uint8Array), 'server'),
    );

    const refused = await sendAwareness(watcher, await awarenessUpdate([[9001, { stroke: { page: 1 } }]]));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    expect(awarenessHeld(watcher)).toBe(0);
    // The writer's state afterwards is the marker: it arrives, the observer's never does.
    writer.emit('doc:awareness', {
      documentId,
      layer: 'shared',
      update: await awarenessUpdate([[9002, { stroke: { page: 2 } }]]),
    });
    await eventually(() => expect(seen.getStates().has(9002)).toBe(true));
    expect(seen.getStates().has(9001)).toBe(false);
    for (const s of [watcher, writer, other]) s.close();
  });

  it('refuses too many or too large awareness states with an error, and holds a bounded number per socket', async () => {
    const s = await connect(secretary);
    expect((await s.emitWithAck('doc:join', { documentId, layer: 'shared' })).ok).toBe(true);
    const five = await awarenessUpdate([1, 2, 3, 4, 5].map((i) => [100 + i, { page: i }]));
    const tooMany = await sendAwareness(s, five);
    expect(tooMany.ok ? 'ok' : tooMany.error.message).toMatch(/quá nhiều trạng thái/);
    const big = await sendAwareness(s, await awarenessUpdate([[200, { stroke: 'x'.repeat(7000) }]]));
    expect(big.ok ? 'ok' : big.error.code).toBe('invalid_input');
    expect(big.ok ? '' : big.error.message).toMatch(/quá lớn/);

    // A flood of new client ids, four states at a time: the socket never holds more than a device needs.
    const codes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const update = await awarenessUpdate([0, 1, 2, 3].map((k) => [1000 + i * 4 + k, { page: 1, n: i }]));
      const res = await sendAwareness(s, update);
      codes.add(res.ok ? 'ok' : res.error.code);
      expect(awarenessHeld(s)).toBeLessThanOrEqual(8);
    }
    expect(codes).toEqual(new Set(['ok', 'invalid_input']));
    expect(awarenessHeld(s)).toBe(8);
    s.close();
    await eventually(() => expect(awarenessHeld(s)).toBe(0));
  });

  it('refuses awareness sent faster than a pen samples', async () => {
    const s = await connect(secretary);
    expect((await s.emitWithAck('doc:join', { documentId, layer: 'shared' })).ok).toBe(true);
    const update = await awarenessUpdate([[3000, { page: 1 }]]);
    const results = await Promise.all(Array.from({ length: 400 }, () => sendAwareness(s, update)));
    expect(results.some((r) => !r.ok && r.error.code === 'rate_limited')).toBe(true);
    s.close();
  });

  it('refuses a shared-layer note in someone else’s name; a change keeping its author and undoing an eraser pass', async () => {
    const sec = new LayerClient(documentId, 'shared');
    await sec.connect(await connect(secretary));
    const hers = addInk(sec.doc, 6, [100, 100, 200, 200]);
    await sec.settle();
    const presenter = new LayerClient(documentId, 'shared');
    const ack = await presenter.connect(await connect(chair));
    expect(ack.author).toBe(chair.id);
    await eventually(() => expect(presenter.doc.getMap('page:6').has(hers)).toBe(true));
    const storedBefore = await storedContent('shared');

    // A note put in the secretary's name by the chair: refused, nothing stored, the layer unchanged.
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(presenter.doc));
    const sv = Y.encodeStateVector(scratch);
    const forged = addInk(scratch, 6, [300, 300, 400, 400], { author: secretary.id });
    const refused = await presenter.send(Y.encodeStateAsUpdate(scratch, sv));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused.ok ? '' : refused.error.message).toContain('dưới tên người khác');
    expect(await storedContent('shared')).toEqual(storedBefore);
    expect((await serverCopy(secretary)).getMap('page:6').has(forged)).toBe(false);

    // The chair recolours her stroke (her name stays on it), erases it and undoes the eraser.
    const refusals = presenter.errors.length;
    const page = presenter.doc.getMap<StoredAnnotation>('page:6');
    const original = page.get(hers)!;
    const read = decodeAnnotation(hers, original)!;
    page.set(hers, encodeAnnotation({ ...read, color: '#123456' }));
    page.delete(hers);
    page.set(hers, original);
    await presenter.settle();
    expect(presenter.errors.slice(refusals)).toEqual([]);
    const after = (await serverCopy(secretary)).getMap<StoredAnnotation>('page:6').get(hers);
    expect(decodeAnnotation(hers, after)).toMatchObject({ author: secretary.id, color: read.color });
    sec.disconnect();
    presenter.disconnect();
  });

  it('refuses a note whose text breaks the text rule or the length limit, in the socket’s language, storing nothing', async () => {
    /** An update adding one note on page 2 to what `client` holds (sent by hand, so its doc stays as it was). */
    const noteRecord = (id: string, author: string, text: string) =>
      encodeAnnotation({
        id,
        kind: 'note',
        color: '#ffcc00',
        author,
        createdAt: new Date().toISOString(),
        points: [1200, 3400],
        text,
      });
    /** An update adding `value` under a new id on page 2 to what `client` holds. */
    const valueUpdate = (client: LayerClient, value: (id: string) => Uint8Array) => {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(client.doc));
      const sv = Y.encodeStateVector(scratch);
      const id = randomUUID();
      scratch.getMap('page:2').set(id, value(id));
      return { id, update: Y.encodeStateAsUpdate(scratch, sv) };
    };
    const noteUpdate = (client: LayerClient, author: string, text: string) =>
      valueUpdate(client, (id) => noteRecord(id, author, text));
    const shared = new LayerClient(documentId, 'shared');
    const sharedAck = await shared.connect(await connect(secretary));
    const mine = new LayerClient(documentId, 'private');
    const enSocket = await connectClient(server.url, alice.client.cookie, { lang: 'en' });
    sockets.push(enSocket);
    const mineAck = await mine.connect(enSocket);
    const privateLayer = `u:${alice.id}`;
    const storedBefore = [await storedContent('shared'), await storedContent(privateLayer)];

    const cases: [LayerClient, string, string, RegExp][] = [
      [shared, sharedAck.author, 'Ý kiến\u0000 của Sở', /ký tự điều khiển/],
      [shared, sharedAck.author, '\u001b[31mĐỏ', /ký tự điều khiển/],
      [shared, sharedAck.author, 'a'.repeat(5001), /tối đa 5000 ký tự/],
      [mine, mineAck.author, 'rtl \u202e override', /control or invalid characters/],
      [mine, mineAck.author, 'b'.repeat(5001), /at most 5000 characters/],
    ];
    const refusedIds: string[] = [];
    for (const [client, author, text, message] of cases) {
      const { id, update } = noteUpdate(client, author, text);
      refusedIds.push(id);
      const res = await client.send(update);
      expect(res.ok ? null : res.error.code, JSON.stringify(text.slice(0, 20))).toBe('invalid_input');
      expect(res.ok ? '' : res.error.message).toMatch(message);
    }
    expect([await storedContent('shared'), await storedContent(privateLayer)]).toEqual(storedBefore);
    const [sharedNow, privateNow] = [await serverCopy(secretary), await serverCopy(alice, 'private')];
    for (const id of refusedIds) {
      expect(sharedNow.getMap('page:2').has(id)).toBe(false);
      expect(privateNow.getMap('page:2').has(id)).toBe(false);
    }

    // A record cut short (a broken client): refused as corrupt, nothing stored.
    const cutNote = valueUpdate(shared, (id) => {
      const record = noteRecord(id, sharedAck.author, 'Ý kiến');
      return record.subarray(0, record.length - 2);
    });
    const cut = await shared.send(cutNote.update);
    expect(cut.ok ? null : cut.error.code).toBe('invalid_input');
    expect(cut.ok ? '' : cut.error.message).toMatch(/bị hỏng/);
    expect(await storedContent('shared')).toEqual(storedBefore[0]);
    expect((await serverCopy(secretary)).getMap('page:2').has(cutNote.id)).toBe(false);

    // A note of several lines, at the limit, is still taken on both layers.
    const good = noteUpdate(shared, sharedAck.author, 'Đề nghị:\n\t- bổ sung số liệu\r\n' + 'c'.repeat(4900));
    expect(await shared.send(good.update)).toMatchObject({ ok: true });
    // (What the rows hold does show a stored note.)
    expect(await storedContent('shared')).not.toEqual(storedBefore[0]);
    const goodMine = noteUpdate(mine, mineAck.author, 'Ghi chú riêng\nDòng hai');
    expect(await mine.send(goodMine.update)).toMatchObject({ ok: true });
    const textOf = (doc: Y.Doc, id: string) => {
      const a = decodeAnnotation(id, doc.getMap<StoredAnnotation>('page:2').get(id));
      return a && 'text' in a ? a.text : undefined;
    };
    expect(textOf(await serverCopy(secretary), good.id)).toContain('bổ sung');
    expect(textOf(await serverCopy(alice, 'private'), goodMine.id)).toBe('Ghi chú riêng\nDòng hai');
    shared.disconnect();
    mine.disconnect();
  });

  it('converges: several devices with random edits, disconnects and reconnects end identical', async () => {
    const seed = Number(process.env.ANNOTATION_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    const people = [chair, secretary, chair, secretary];
    const clients = people.map(() => new LayerClient(documentId, 'shared'));
    for (const [i, c] of clients.entries()) await c.connect(await connect(people[i]!));
    const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
    for (let step = 0; step < 300; step++) {
      const i = Math.floor(rand() * clients.length);
      const c = clients[i]!;
      const r = rand();
      if (r < 0.06) {
        if (c.socket) c.disconnect();
        else await c.connect(await connect(people[i]!));
        continue;
      }
      const page = 1 + Math.floor(rand() * 3);
      const map = c.doc.getMap<StoredAnnotation>(`page:${page}`);
      if (r < 0.6 || map.size === 0) {
        addInk(c.doc, page, [Math.floor(rand() * 9999), Math.floor(rand() * 9999), 5000, 5000]);
      } else if (r < 0.8) {
        const id = pick([...map.keys()]);
        if (id) map.delete(id);
      } else {
        // An edit replaces the annotation's value (a recolour here), as the web's edits do.
        const id = pick([...map.keys()]);
        const a = id === undefined ? null : decodeAnnotation(id, map.get(id));
        if (id !== undefined && a)
          map.set(id, encodeAnnotation({ ...a, color: rand() < 0.5 ? '#00ff00' : '#123456' }));
      }
      if (rand() < 0.3) await sleep(Math.floor(rand() * 5));
    }
    for (const [i, c] of clients.entries()) if (!c.socket) await c.connect(await connect(people[i]!));
    for (const c of clients) await c.settle();
    // One more round: each pulls what the others sent since.
    for (const [i, c] of clients.entries()) {
      c.disconnect();
      await c.connect(await connect(people[i]!));
    }
    const truth = await serverCopy(chair);
    for (const c of clients) {
      expect(Y.encodeStateVector(c.doc), `seed ${seed}`).toEqual(Y.encodeStateVector(truth));
      expect(pagesOf(c.doc), `seed ${seed}`).toEqual(pagesOf(truth));
    }
    for (const c of clients) c.disconnect();
    // Compaction ran (threshold 25 rows in this server, once the layer is quiet for 50 ms) and the
    // stored rows still load to the same content.
    await eventually(async () => expect((await stored('shared')).length).toBeLessThan(25));
  }, 60_000);

  it('exports the PDF with the shared and the caller’s private strokes burned in, and no one else’s', async () => {
    const shared = new LayerClient(documentId, 'shared');
    await shared.connect(await connect(chair));
    addInk(shared.doc, 1, [1000, 1000, 5000, 5000, 9000, 1000], { color: '#cc3300', width: 30 });
    await shared.settle();
    const mine = new LayerClient(documentId, 'private');
    await mine.connect(await connect(bob));
    addInk(mine.doc, 1, [2000, 8000, 8000, 8000], { color: '#33cc99', width: 40 });
    await mine.settle();
    expect([...shared.errors, ...mine.errors]).toEqual([]);

    const res = await fetch(`${server.url}/api/documents/${documentId}/annotated.pdf`, {
      headers: { cookie: bob.client.cookie ?? '' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bobText = await contentOf(new Uint8Array(await res.arrayBuffer()));
    expect(bobText).toContain('0.8 0.2 0 RG');
    expect(bobText).toContain('0.2 0.8 0.6 RG');
    const other = await fetch(`${server.url}/api/documents/${documentId}/annotated.pdf`, {
      headers: { cookie: alice.client.cookie ?? '' },
    });
    const aliceText = await contentOf(new Uint8Array(await other.arrayBuffer()));
    expect(aliceText).toContain('0.8 0.2 0 RG');
    expect(aliceText).not.toContain('0.2 0.8 0.6 RG');
    const denied = await fetch(`${server.url}/api/documents/${documentId}/annotated.pdf`, {
      headers: { cookie: outsider.client.cookie ?? '' },
    });
    expect(denied.status).toBe(403);
    shared.disconnect();
    mine.disconnect();
  });
});

describe('durability of annotation updates', () => {
  it('keeps an acked update when the server is killed right after the ack', async () => {
    const dir = await tempDir();
    const env = testEnv(dir);
    let proc = spawnServer(env);
    try {
      const url = await proc.url;
      const admin = new ApiClient(url);
      expect(await admin.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
      const sec = await createUser(url, admin, {
        username: 'thuky.kill',
        fullName: 'Thư Ký',
        systemRole: 'secretary',
      });
      const ch = await createUser(url, admin, { username: 'chutich.kill', fullName: 'Chủ Tịch' });
      const m = await publishedMeeting(sec.client, ch.id, [], { document: true });
      const socket = await connectClient(url, ch.client.cookie);
      const c = new LayerClient(m.documentId!, 'shared');
      await c.connect(socket);
      const scratch = new Y.Doc();
      const id = addInk(scratch, 2, [1, 2, 3, 4], { author: ch.id });
      const ack = await c.send(Y.encodeStateAsUpdate(scratch));
      proc.proc.kill('SIGKILL');
      expect(ack).toEqual({ ok: true, data: { stored: true } });
      await proc.exit;
      socket.close();

      proc = spawnServer(env);
      const url2 = await proc.url;
      const again = new ApiClient(url2);
      expect(await again.login('chutich.kill', ch.password)).toBe(200);
      const after = new LayerClient(m.documentId!, 'shared');
      const s2 = await connectClient(url2, again.cookie);
      await after.connect(s2);
      expect(after.doc.getMap('page:2').has(id)).toBe(true);
      s2.close();
    } finally {
      await proc.kill('SIGKILL');
    }
  }, 60_000);
});
