import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInk, LayerClient, pagesOf } from '../utils/annotations.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { publishedMeeting } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';
import { eventually } from '../utils/eventually.js';

interface Person {
  id: string;
  client: ApiClient;
}

/**
 * Two full apps on one data dir sharing rooms through a real redis-server (DESIGN §8): an
 * annotation update stored by one process reaches the layer's clients on the other live, and the
 * other process's in-memory copy of the layer learns it, so its later joins contain it.
 */
describe('shared annotation layers across server processes', () => {
  let redis: TestRedis;
  let nodeA: TestServer;
  let nodeB: TestServer;
  let secretary: Person;
  let chair: Person;
  let alice: Person;
  let bob: Person;
  let documentId: string;
  const sockets: ClientSocket[] = [];

  const connect = async (node: TestServer, p: Person) => {
    const s = await connectClient(node.url, p.client.cookie);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    redis = await startRedis();
    const dataDir = await tempDir();
    const env = { REDIS_URL: redis.url, SOCKET_EVENTS_PER_SECOND: '2000', SOCKET_EVENT_BURST: '2000' };
    nodeA = await startServer({ dataDir, env });
    nodeB = await startServer({ dataDir, env });
    const admin = new ApiClient(nodeA.url);
    await admin.login('admin', nodeA.adminPassword);
    secretary = await createUser(nodeA.url, admin, {
      username: 'thuky.cum',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    chair = await createUser(nodeA.url, admin, { username: 'chutich.cum', fullName: 'Nguyễn Văn An' });
    alice = await createUser(nodeA.url, admin, { username: 'daibieu.cum.a', fullName: 'Trần Thị Bình' });
    bob = await createUser(nodeA.url, admin, { username: 'daibieu.cum.b', fullName: 'Lê Văn Cường' });
    const meeting = await publishedMeeting(
      secretary.client,
      chair.id,
      [{ userId: alice.id }, { userId: bob.id }],
      {
        document: true,
      },
    );
    documentId = meeting.documentId!;
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await nodeA?.stop();
    await nodeB?.stop();
    await redis?.stop();
  });

  it('passes a stroke stored through node A to a client on node B live; a cold join on B contains it', async () => {
    // B holds the layer in memory before the stroke is written: its copy must learn it from A.
    const readerOnB = new LayerClient(documentId, 'shared');
    await readerOnB.connect(await connect(nodeB, alice));
    const writerOnA = new LayerClient(documentId, 'shared');
    expect((await writerOnA.connect(await connect(nodeA, chair))).canWrite).toBe(true);

    const first = addInk(writerOnA.doc, 1, [100, 100, 2000, 2500], { color: '#ff0000' });
    await writerOnA.settle();
    expect(writerOnA.errors).toEqual([]);
    await eventually(() => expect(readerOnB.doc.getMap('page:1').has(first)).toBe(true));

    // Written by A after B's copy was loaded: only the inter-process update can bring it to B's copy.
    const second = addInk(writerOnA.doc, 2, [5, 5, 50, 50]);
    await writerOnA.settle();
    await eventually(() => expect(readerOnB.doc.getMap('page:2').has(second)).toBe(true));

    await eventually(async () => {
      const cold = new LayerClient(documentId, 'shared');
      await cold.connect(await connect(nodeB, bob));
      cold.disconnect();
      expect(pagesOf(cold.doc)).toEqual(pagesOf(writerOnA.doc));
    });
    // B's copy answers a client that holds part of the layer with the rest.
    const warm = new LayerClient(documentId, 'shared');
    addInk(warm.doc, 3, [1, 1, 2, 2]);
    await warm.connect(await connect(nodeB, bob));
    expect(warm.doc.getMap('page:2').has(second)).toBe(true);
    warm.disconnect();
    readerOnB.disconnect();
    writerOnA.disconnect();
  });

  it('merges strokes written on both nodes at once into the same layer everywhere', async () => {
    const onA = new LayerClient(documentId, 'shared');
    const onB = new LayerClient(documentId, 'shared');
    await onA.connect(await connect(nodeA, chair));
    await onB.connect(await connect(nodeB, secretary));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(addInk(onA.doc, 4, [i, i, i + 10, i + 10]));
      ids.push(addInk(onB.doc, 4, [i + 100, i, i + 110, i + 10]));
    }
    await Promise.all([onA.settle(), onB.settle()]);
    expect([...onA.errors, ...onB.errors]).toEqual([]);
    await eventually(() => {
      expect(pagesOf(onA.doc)).toEqual(pagesOf(onB.doc));
      for (const id of ids) expect(onA.doc.getMap('page:4').has(id)).toBe(true);
    });
    for (const node of [nodeA, nodeB]) {
      await eventually(async () => {
        const cold = new LayerClient(documentId, 'shared');
        await cold.connect(await connect(node, bob));
        cold.disconnect();
        expect(pagesOf(cold.doc)).toEqual(pagesOf(onA.doc));
      });
    }
    onA.disconnect();
    onB.disconnect();
  });
});
