import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docSharedRoom, meetingRoom, type Result } from '@icabinet/shared';
import { LayerClient } from '../utils/annotations.js';
import { eventually } from '../utils/eventually.js';
import { createUser, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { inRoom } from '../utils/live.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';

/**
 * Two server processes' worth of I-Cabinet sharing one SQLite file and one real redis-server
 * (as redis-cluster.test.ts): a change of rights made through one process reaches the sockets
 * held by the other, and rate limits and login throttling count across both.
 */
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let adminA: ApiClient;
let secretary: TestUser;
let chair: TestUser;
let alice: TestUser;
const open: ClientSocket[] = [];
/** How long a process trusts a cached standing without hearing of a change (HOT_TTL_MS, server/src/access). */
const HOT_TTL_MS = 5000;

const connectTo = async (node: TestServer, cookie: string | undefined) => {
  const s = await connectClient(node.url, cookie);
  open.push(s);
  return s;
};
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const watch = async (s: ClientSocket, meetingId: string) =>
  codeOf((await s.timeout(5000).emitWithAck('invitations:watch', { meetingId })) as Result<null>);

beforeAll(async () => {
  redis = await startRedis();
  const dataDir = await tempDir();
  const env = {
    REDIS_URL: redis.url,
    LOGIN_MAX_FAILURES: '3',
    SOCKET_EVENTS_PER_SECOND: '2',
    SOCKET_EVENT_BURST: '20',
  };
  nodeA = await startServer({ dataDir, env });
  nodeB = await startServer({ dataDir, env });
  adminA = new ApiClient(nodeA.url);
  await adminA.login('admin', nodeA.adminPassword);
  secretary = await createUser(nodeA.url, adminA, {
    username: 'thuky.cum',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  chair = await createUser(nodeA.url, adminA, { username: 'chutich.cum', fullName: 'Nguyễn Văn An' });
  alice = await createUser(nodeA.url, adminA, { username: 'daibieu.cum', fullName: 'Trần Thị Bình' });
}, 60_000);
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await nodeA?.stop();
  await nodeB?.stop();
  await redis?.stop();
});

describe('changes of rights across server processes', () => {
  it('demotes a secretary on process A and the socket held by process B loses the organiser’s rooms', async () => {
    const sec = await createUser(nodeA.url, adminA, {
      username: 'thuky.cum.hacap',
      fullName: 'Đỗ Thị Hạ',
      systemRole: 'secretary',
    });
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }]);
    const onB = await connectTo(nodeB, sec.client.cookie);
    expect(await watch(onB, meeting.id)).toBe('ok');
    expect(await inRoom(nodeB, `meeting:${meeting.id}:invitations`, onB)).toBe(true);

    const got = await adminA.get<{ user: { version: number } }>(`/api/users/${sec.id}`);
    const res = await adminA.patch(`/api/users/${sec.id}`, {
      systemRole: 'member',
      version: got.body.user.version,
    });
    expect(res.status).toBe(200);

    await eventually(async () =>
      expect(await inRoom(nodeB, `meeting:${meeting.id}:invitations`, onB)).toBe(false),
    );
    expect(await watch(onB, meeting.id)).toBe('forbidden');
  });

  it('removes a delegate on process A and their socket on process B leaves the meeting and its layers', async () => {
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }], {
      document: true,
    });
    const onB = await connectTo(nodeB, alice.client.cookie);
    expect(
      codeOf(
        (await onB.timeout(5000).emitWithAck('meeting:join', { meetingId: meeting.id })) as Result<unknown>,
      ),
    ).toBe('ok');
    await new LayerClient(meeting.documentId!, 'shared').connect(onB);
    expect(await inRoom(nodeB, docSharedRoom(meeting.documentId!), onB)).toBe(true);

    const removed = await secretary.client.request(
      'DELETE',
      `/api/meetings/${meeting.id}/participants/${meeting.participantIds[0]}`,
    );
    expect(removed.status).toBe(204);
    await eventually(async () => {
      expect(await inRoom(nodeB, docSharedRoom(meeting.documentId!), onB)).toBe(false);
      expect(await inRoom(nodeB, meetingRoom(meeting.id), onB)).toBe(false);
    });
  });

  it('removes the presenter on process A and process B refuses their next page turn, its cache dropped through Redis', async () => {
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }], {
      document: true,
    });
    const chairOnA = await connectTo(nodeA, chair.client.cookie);
    await joinRoom(chairOnA, meeting.id);
    for (const command of [
      { type: 'room.start' },
      { type: 'document.open', documentId: meeting.documentId!, page: 1 },
      { type: 'presenter.set', participantId: meeting.participantIds[0]! },
    ] as const)
      expect(codeOf(await roomCommand(chairOnA, meeting.id, command))).toBe('ok');
    const onB = await connectTo(nodeB, alice.client.cookie);
    await joinRoom(onB, meeting.id);
    // Process B now holds the presenter's standing in its cache.
    for (const page of [2, 3])
      expect(codeOf(await roomCommand(onB, meeting.id, { type: 'page.goto', page }))).toBe('ok');
    const lastCached = Date.now();

    const removed = await secretary.client.request(
      'DELETE',
      `/api/meetings/${meeting.id}/participants/${meeting.participantIds[0]}`,
    );
    expect(removed.status).toBe(204);
    // Process B heard the change (its socket left the room); the next turn there is refused
    // well before the cache's own lifetime would have ended it.
    await eventually(async () => expect(await inRoom(nodeB, meetingRoom(meeting.id), onB)).toBe(false));
    expect(codeOf(await roomCommand(onB, meeting.id, { type: 'page.goto', page: 4 }))).toBe('forbidden');
    expect(Date.now() - lastCached).toBeLessThan(HOT_TTL_MS);
  });

  it('changes a password through process A and disconnects the other session’s socket on process B', async () => {
    const user = await createUser(nodeA.url, adminA, { username: 'doi.matkhau.cum', fullName: 'Vũ Văn Đổi' });
    const onB = await connectTo(nodeB, user.client.cookie);
    const expired = nextEvent(onB, 'session:expired');
    const here = new ApiClient(nodeA.url);
    expect(await here.login('doi.matkhau.cum', user.password)).toBe(200);
    const res = await here.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: 'Mat-khau-moi-cua-Doi-2026',
    });
    expect(res.status).toBe(204);
    const closed = new Promise<string>((resolve) => onB.once('disconnect', (r) => resolve(r)));
    await expired;
    expect(await closed).toBe('io server disconnect');
  });
});

describe('limits shared through Redis', () => {
  it('counts failed sign-ins on process A when the next attempt reaches process B', async () => {
    const user = await createUser(nodeA.url, adminA, { username: 'khoa.cum', fullName: 'Hồ Văn Khoá' });
    const viaA = new ApiClient(nodeA.url);
    const viaB = new ApiClient(nodeB.url);
    const wrong = (c: ApiClient) =>
      c.post('/api/auth/login', { username: 'khoa.cum', password: 'sai-mat-khau' });
    expect((await wrong(viaA)).status).toBe(401);
    expect((await wrong(viaA)).status).toBe(401);
    expect((await wrong(viaB)).status).toBe(401);
    // Three failures in all (two on A, one on B): the account is locked on both processes.
    const onB = await viaB.post('/api/auth/login', { username: 'khoa.cum', password: user.password });
    expect(onB.status).toBe(429);
    const onA = await viaA.post('/api/auth/login', { username: 'khoa.cum', password: user.password });
    expect(onA.status).toBe(429);
  });

  it('gives a user one event budget whichever process their devices reach', async () => {
    const user = await createUser(nodeA.url, adminA, { username: 'nhanh.cum', fullName: 'Mai Văn Nhanh' });
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: user.id }]);
    const onA = await connectTo(nodeA, user.client.cookie);
    const onB = await connectTo(nodeB, user.client.cookie);
    const results: Result<unknown>[] = [];
    for (let i = 0; i < 15; i++) {
      for (const s of [onA, onB])
        results.push(
          (await s.timeout(5000).emitWithAck('meeting:join', { meetingId: meeting.id })) as Result<unknown>,
        );
    }
    // 30 events, a burst of 20 per user: each process alone would have let its 15 through.
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(20);
    expect(results.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThanOrEqual(10);
  });
});
