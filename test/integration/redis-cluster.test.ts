import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceSnapshot, Result } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createMeeting, createUser } from '../utils/fixtures.js';
import { startRedis, freePort, type TestRedis } from '../utils/redis.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';

/**
 * Two server processes' worth of I-Cabinet (two full apps on one SQLite file) sharing rooms
 * through a real redis-server with the Redis streams adapter, as in a multi-node deployment
 * for online briefings (DESIGN §8).
 */
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let chair: { id: string; client: ApiClient };
let delegate: { id: string; client: ApiClient };
let meetingId: string;
const open: ClientSocket[] = [];

const join = async (s: ClientSocket) =>
  (await s.timeout(5000).emitWithAck('meeting:join', { meetingId })) as Result<PresenceSnapshot>;

beforeAll(async () => {
  redis = await startRedis();
  const dataDir = await tempDir();
  nodeA = await startServer({ dataDir, env: { REDIS_URL: redis.url } });
  nodeB = await startServer({ dataDir, env: { REDIS_URL: redis.url } });
  const admin = new ApiClient(nodeA.url);
  await admin.login('admin', nodeA.adminPassword);
  chair = await createUser(nodeA.url, admin, { username: 'chutich', fullName: 'Nguyễn Văn An' });
  delegate = await createUser(nodeA.url, admin, { username: 'gd.stc', fullName: 'Trần Thị Bình' });
  meetingId = await createMeeting(nodeA.running, chair.id, [
    { userId: chair.id, role: 'chair' },
    { userId: delegate.id, role: 'delegate' },
  ]);
});
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await nodeA?.stop();
  await nodeB?.stop();
  await redis?.stop();
});

describe('several server processes behind one Redis', () => {
  it('shows who is online in a meeting across processes and announces newcomers to the others', async () => {
    const onA = await connectClient(nodeA.url, chair.client.cookie);
    open.push(onA);
    const first = await join(onA);
    expect(first.ok).toBe(true);

    const onB = await connectClient(nodeB.url, delegate.client.cookie);
    open.push(onB);
    const announced = nextEvent(onA, 'presence:changed');
    const second = await join(onB);
    expect(second.ok && second.data.users.map((u) => u.fullName).sort()).toEqual([
      'Nguyễn Văn An',
      'Trần Thị Bình',
    ]);
    const [change] = await announced;
    expect(change).toMatchObject({ meetingId, status: 'online', user: { userId: delegate.id } });
  });

  it('signing out on one process ends the same session’s socket on the other', async () => {
    const admin = new ApiClient(nodeB.url);
    await admin.login('admin', nodeB.adminPassword);
    const member = await createUser(nodeB.url, admin, { username: 'pgd.sxd', fullName: 'Lê Văn Cường' });

    const onB = await connectClient(nodeB.url, member.client.cookie);
    open.push(onB);
    const expired = nextEvent(onB, 'session:expired');
    const closed = new Promise<string>((resolve) => onB.once('disconnect', (reason) => resolve(reason)));
    // The same cookie, signing out through process A.
    const viaA = new ApiClient(nodeA.url);
    viaA.cookie = member.client.cookie;
    expect((await viaA.post('/api/auth/logout')).status).toBe(204);
    await expired;
    expect(await closed).toBe('io server disconnect');
  });

  it('refuses to start when REDIS_URL points nowhere, naming the server', async () => {
    const port = await freePort();
    await expect(startServer({ env: { REDIS_URL: `redis://:secret@127.0.0.1:${port}` } })).rejects.toThrow(
      new RegExp(`cannot connect to Redis at 127\\.0\\.0\\.1:${port}`),
    );
  });
});
