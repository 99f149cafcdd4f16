import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionQueue, Result, SiteQuestion, SiteView } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';
import { importSampleSites, OPERATOR_PASSWORD } from '../utils/sites.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';

/**
 * Questions from sites on two server processes sharing one database and one real redis-server:
 * a site operator on process B asks, the chair's queue on process A hears it; the floor and the
 * written answer given on A reach the site's screen on B, and the display's roll-up on B.
 */
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let cast: Record<'secretary' | 'chair', TestUser>;
let sites: Map<string, SiteView>;
let meetingId: string;
const open: ClientSocket[] = [];

const siteId = (code: string) => sites.get(code)?.id ?? '';
const track = (s: ClientSocket) => (open.push(s), s);

beforeAll(async () => {
  redis = await startRedis();
  const dataDir = await tempDir();
  const env = { REDIS_URL: redis.url };
  nodeA = await startServer({ dataDir, env });
  nodeB = await startServer({ dataDir, env });
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

describe('questions from sites across server processes', () => {
  it('brings a question asked on B to the chair on A, and the floor and answer given on A to B', async () => {
    const chairOnA = track(await connectClient(nodeA.url, cast.chair.client.cookie));
    const queue = (await chairOnA
      .timeout(5000)
      .emitWithAck('question:watch', { meetingId })) as Result<QuestionQueue>;
    expect(queue.ok && queue.data.questions).toEqual([]);

    // The site's screen on B, as the web app opens it; the display on B follows the roll-up.
    const op = new ApiClient(nodeB.url);
    expect(await op.login('dc.phung', OPERATOR_PASSWORD)).toBe(200);
    const siteOnB = track(await connectClient(nodeB.url, op.cookie));
    await siteOnB.timeout(5000).emitWithAck('site:connect', { meetingId, siteId: siteId('DP-TTP') });
    await siteOnB.timeout(5000).emitWithAck('question:follow', { meetingId, siteId: siteId('DP-TTP') });
    const displayOnB = track(await connectClient(nodeB.url, cast.secretary.client.cookie));
    await displayOnB.timeout(5000).emitWithAck('briefing:watch', { meetingId });

    const onA = nextEvent(chairOnA, 'question:changed');
    const asked = (await siteOnB.timeout(5000).emitWithAck('question:ask', {
      meetingId,
      siteId: siteId('DP-TTP'),
      kind: 'written',
      text: 'Đề nghị hỗ trợ kinh phí nạo vét kênh tiêu?',
    })) as Result<SiteQuestion>;
    if (!asked.ok) throw new Error(asked.error.message);
    const [heard] = await onA;
    expect(heard).toMatchObject({
      id: asked.data.id,
      siteName: 'Thị trấn Phùng',
      districtName: 'Huyện Đan Phượng',
      status: 'waiting',
    });

    const floorOnB = nextEvent(siteOnB, 'briefing:floor');
    const rollupOnB = nextEvent(displayOnB, 'briefing:rollup');
    const given = (await chairOnA.timeout(5000).emitWithAck('question:moderate', {
      meetingId,
      action: 'floor',
      questionId: asked.data.id,
    })) as Result<unknown>;
    expect(given.ok).toBe(true);
    const [floor] = await floorOnB;
    expect(floor.floor).toMatchObject({
      siteName: 'Thị trấn Phùng',
      conferenceUrl: 'https://hoinghi.example.gov.vn/phong/dp-ttp',
    });
    const [rollup] = await rollupOnB;
    expect(rollup.floor?.siteName).toBe('Thị trấn Phùng');

    const answerOnB = nextEvent(siteOnB, 'question:changed');
    const answer = 'Thành phố bố trí kinh phí trong kế hoạch năm 2027.';
    await chairOnA.timeout(5000).emitWithAck('question:moderate', {
      meetingId,
      action: 'answer',
      questionId: asked.data.id,
      text: answer,
    });
    const [answered] = await answerOnB;
    expect(answered).toMatchObject({ id: asked.data.id, status: 'answered', answer });
  });

  it('keeps one site on the floor when the chair on A and the secretary on B give it at the same moment', async () => {
    const hands: string[] = [];
    for (const [username, code] of [
      ['dc.tanhoi', 'DP-TH'],
      ['dc.lienha', 'DP-LH'],
    ] as const) {
      const op = new ApiClient(nodeB.url);
      expect(await op.login(username, OPERATOR_PASSWORD)).toBe(200);
      const s = track(await connectClient(nodeB.url, op.cookie));
      const r = (await s.timeout(5000).emitWithAck('question:ask', {
        meetingId,
        siteId: siteId(code),
        kind: 'hand',
      })) as Result<SiteQuestion>;
      if (!r.ok) throw new Error(r.error.message);
      hands.push(r.data.id);
    }
    const chairOnA = track(await connectClient(nodeA.url, cast.chair.client.cookie));
    const secretaryOnB = track(await connectClient(nodeB.url, cast.secretary.client.cookie));
    const results = (await Promise.all([
      chairOnA
        .timeout(5000)
        .emitWithAck('question:moderate', { meetingId, action: 'floor', questionId: hands[0] ?? '' }),
      secretaryOnB
        .timeout(5000)
        .emitWithAck('question:moderate', { meetingId, action: 'floor', questionId: hands[1] ?? '' }),
    ])) as Result<SiteQuestion | null>[];
    // Both are taken one after the other (the second site takes over), or the later one is told why not.
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('invalid_state');
    const queue = (await chairOnA
      .timeout(5000)
      .emitWithAck('question:watch', { meetingId })) as Result<QuestionQueue>;
    if (!queue.ok) throw new Error(queue.error.message);
    const speaking = queue.data.questions.filter((q) => q.status === 'floor');
    expect(speaking).toHaveLength(1);
    expect(queue.data.floor?.questionId).toBe(speaking[0]?.id);
  });
});
