import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result, RoomSnapshot, ViewerLinkCreated } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { collectChanges, joinRoom, roomCommand, uploadReport } from '../utils/room.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';
import { ApiClient } from '../utils/http.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';

/**
 * Viewer screens on another server process than the chair's (two full apps on one SQLite file,
 * a real redis-server): the page turns reach them through the one room broadcast, in order, and
 * a screen joining later on that process gets the current room from that process's memory.
 */
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let cast: Record<'secretary' | 'chair', TestUser>;
let meetingId: string;
let documentId: string;
let token: string;
const open: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const dataDir = await tempDir();
  nodeA = await startServer({ dataDir, env: { REDIS_URL: redis.url } });
  nodeB = await startServer({ dataDir, env: { REDIS_URL: redis.url } });
  const admin = new ApiClient(nodeA.url);
  await admin.login('admin', nodeA.adminPassword);
  cast = await createCast(nodeA.url, admin, ['secretary', 'chair']);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Giao ban trực tuyến',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  documentId = (await uploadReport(cast.secretary.client, meetingId)).id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  const made = await cast.secretary.client.post<ViewerLinkCreated>(
    `/api/meetings/${meetingId}/viewer-links`,
    {
      siteId: null,
    },
  );
  expect(made.status).toBe(201);
  token = made.body.token;
}, 60_000);
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await nodeA?.stop();
  await nodeB?.stop();
  await redis?.stop();
});

const viewerOnB = async () => {
  const s = await connectClient(nodeB.url, undefined, { viewerToken: token });
  open.push(s);
  return s;
};
const join = async (s: ClientSocket) =>
  (await s.timeout(5000).emitWithAck('room:join', { meetingId })) as Result<RoomSnapshot>;

describe('viewer screens across server processes', () => {
  it('follow on process B the page turns of the chair on process A, in order', async () => {
    const chair = await connectClient(nodeA.url, cast.chair.client.cookie);
    open.push(chair);
    await joinRoom(chair, meetingId);
    expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
    expect((await roomCommand(chair, meetingId, { type: 'document.open', documentId })).ok).toBe(true);

    const first = await viewerOnB();
    const snapshot = await join(first);
    expect(snapshot.ok && snapshot.data.state.document).toMatchObject({ documentId, page: 1 });
    const seen = collectChanges(first);
    const pages = [2, 3, 4, 5, 6, 7, 8, 9, 10];
    for (const page of pages)
      expect((await roomCommand(chair, meetingId, { type: 'page.goto', page, zoom: 1 })).ok).toBe(true);
    await eventually(() => expect(seen.length).toBe(pages.length));
    expect(seen.map((c) => c.patch.document?.page)).toEqual(pages);
    const seqs = seen.map((c) => c.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);

    // A screen joining on B now gets the page from B's memory, which followed A's changes.
    const last = seqs.at(-1)!;
    await eventually(async () => {
      const later = await viewerOnB();
      const snap = await join(later);
      later.close();
      expect(snap.ok && snap.data.state.seq).toBe(last);
      expect(snap.ok && snap.data.state.document?.page).toBe(10);
    });

    // The file of the shown document, asked on B.
    const file = await fetch(`${nodeB.url}/api/view/${token}/documents/${documentId}/file`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
  });
});
