import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefingRollup, BriefingSite, Result, SiteView } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { FakeClock, startServer, tempDir, type TestServer } from '../utils/server.js';
import { importSampleSites, OPERATOR_PASSWORD } from '../utils/sites.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';

/**
 * Two server processes' worth of I-Cabinet on one database and one real redis-server: a site
 * operator connected to process B shows in the roll-up read and followed on process A, and a site
 * whose operator leaves B is seen dropped on A once the grace period has passed.
 */
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
const clock = new FakeClock();
let cast: Record<'secretary' | 'chair', TestUser>;
let sites: Map<string, SiteView>;
let meetingId: string;
const open: ClientSocket[] = [];

const siteId = (code: string) => sites.get(code)?.id ?? '';
const operatorOn = async (node: TestServer, username: string) => {
  const c = new ApiClient(node.url);
  expect(await c.login(username, OPERATOR_PASSWORD)).toBe(200);
  const s = await connectClient(node.url, c.cookie);
  open.push(s);
  return s;
};
const rollupOn = async (node: TestServer) => {
  const c = new ApiClient(node.url);
  c.cookie = cast.chair.client.cookie;
  return (await c.get<BriefingRollup>(`/api/meetings/${meetingId}/sites`)).body;
};

beforeAll(async () => {
  redis = await startRedis();
  const dataDir = await tempDir();
  const env = { REDIS_URL: redis.url, BRIEFING_DROP_SECONDS: '20' };
  nodeA = await startServer({ dataDir, env, clock });
  nodeB = await startServer({ dataDir, env, clock });
  const admin = new ApiClient(nodeA.url);
  await admin.login('admin', nodeA.adminPassword);
  cast = await createCast(nodeA.url, admin, ['secretary', 'chair']);
  sites = await importSampleSites(admin);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Giao ban trực tuyến',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  const res = await cast.secretary.client.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: [siteId('DP')],
    includeDescendants: true,
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  while (open.length) open.pop()?.close();
  await nodeA?.stop();
  await nodeB?.stop();
  await redis?.stop();
});

describe('the roll-up across server processes', () => {
  it('shows on process A a site whose operator connected to process B, live and on a fresh read', async () => {
    const chairOnA = await connectClient(nodeA.url, cast.chair.client.cookie);
    open.push(chairOnA);
    const first = (await chairOnA
      .timeout(5000)
      .emitWithAck('briefing:watch', { meetingId })) as Result<BriefingRollup>;
    expect(first.ok && first.data.totals).toMatchObject({ sites: 5, connected: 0 });

    const heard = nextEvent(chairOnA, 'briefing:rollup');
    const phungOnB = await operatorOn(nodeB, 'dc.phung');
    const ack = (await phungOnB
      .timeout(5000)
      .emitWithAck('site:connect', { meetingId, siteId: siteId('DP-TTP') })) as Result<BriefingSite>;
    expect(ack.ok && ack.data.status).toBe('connected');
    const [live] = await heard;
    expect(live.sites.find((s) => s.code === 'DP-TTP')?.status).toBe('connected');

    // A fresh read on A asks every process for its sockets.
    const read = await rollupOn(nodeA);
    expect(read.totals.connected).toBe(1);
    expect(read.districts.find((d) => d.name === 'Huyện Đan Phượng')).toMatchObject({
      sites: 5,
      connected: 1,
    });

    // A second operator on A: both count, wherever they are.
    const lienHaOnA = await operatorOn(nodeA, 'dc.lienha');
    await lienHaOnA.timeout(5000).emitWithAck('site:connect', { meetingId, siteId: siteId('DP-LH') });
    expect((await rollupOn(nodeB)).totals.connected).toBe(2);
  });

  it('tells A when the operator on B is gone, and shows the site dropped after the grace period', async () => {
    const chairOnA = await connectClient(nodeA.url, cast.chair.client.cookie);
    open.push(chairOnA);
    await chairOnA.timeout(5000).emitWithAck('briefing:watch', { meetingId });
    expect((await rollupOn(nodeA)).totals.connected).toBe(2);

    const heard = nextEvent(chairOnA, 'briefing:rollup');
    for (const s of open.filter((o) => o !== chairOnA)) s.close();
    await heard;
    const gone = await eventually(async () => {
      const r = await rollupOn(nodeA);
      expect(r.totals.connected).toBe(0);
      return r;
    });
    expect(gone.sites.find((s) => s.code === 'DP-TTP')?.status).toBe('reconnecting');
    clock.advance(21_000);
    const dropped = await rollupOn(nodeA);
    expect(
      dropped.sites
        .filter((s) => s.status === 'dropped')
        .map((s) => s.code)
        .sort(),
    ).toEqual(['DP-LH', 'DP-TTP']);
    expect(dropped.totals).toMatchObject({ connected: 0, dropped: 2 });
  });
});
