import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  BriefingRollup,
  BriefingSite,
  Invitation,
  ParticipantView,
  Result,
  SiteView,
} from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { importSampleSites, OPERATOR_PASSWORD } from '../utils/sites.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';

let server: TestServer;
const clock = new FakeClock();
let admin: ApiClient;
let cast: Record<'secretary' | 'chair' | 'member', TestUser>;
let sites: Map<string, SiteView>;
let meetingId: string;
const open: ClientSocket[] = [];

const site = (code: string): SiteView => {
  const s = sites.get(code);
  if (!s) throw new Error(`no site ${code}`);
  return s;
};
const operator = async (username: string) => {
  const c = new ApiClient(server.url);
  expect(await c.login(username, OPERATOR_PASSWORD)).toBe(200);
  return c;
};
const link = (client: ApiClient, siteIds: string[], includeDescendants = false, id = meetingId) =>
  client.request<BriefingRollup & ErrorReply>('PUT', `/api/meetings/${id}/sites`, {
    siteIds,
    includeDescendants,
  });
const rollup = async () => (await admin.get<BriefingRollup>(`/api/meetings/${meetingId}/sites`)).body;
const socketOf = async (client: ApiClient) => {
  const s = await connectClient(server.url, client.cookie);
  open.push(s);
  return s;
};

beforeAll(async () => {
  server = await startServer({ clock, env: { BRIEFING_DROP_SECONDS: '30' } });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair', 'member']);
  sites = await importSampleSites(admin);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị giao ban trực tuyến tháng 12',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiStatus(cast.secretary.client, meeting, 'published');
});
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server?.stop();
});

describe('linking sites to an online briefing', () => {
  it('refuses sites for a meeting that is not online, and from someone outside the secretariat', async () => {
    const regular = await apiMeeting(cast.secretary.client, { title: 'Phiên họp thường kỳ' });
    const res = await link(cast.secretary.client, [site('BD').id], true, regular.id);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('Chỉ cuộc họp trực tuyến');
    expect((await link(cast.member.client, [site('BD').id])).status).toBe(403);
    const notLinked = await admin.get<BriefingRollup>(`/api/meetings/${regular.id}/sites`);
    expect(notLinked.body.sites).toEqual([]);
    const unknown = await link(cast.secretary.client, ['9a9a9a9a-0000-4000-8000-000000000000']);
    expect(unknown.status).toBe(400);
    expect((await rollup()).sites).toEqual([]);
  });

  it('links a district with its communes in one step; operators become observers and are invited', async () => {
    const res = await link(cast.secretary.client, [site('BD').id], true);
    expect(res.status).toBe(200);
    expect(res.body.sites.map((s) => s.code).sort()).toEqual(['BD', 'BD-CV', 'BD-PX', 'BD-TB', 'BD-VP']);
    // The exact set replaces it: Ba Đình's wards go, Hoàn Kiếm with two of its wards comes.
    const res2 = await link(cast.secretary.client, [
      site('HN').id,
      site('BD').id,
      site('HK').id,
      ...['HK-HB', 'HK-HD'].map((c) => site(c).id),
    ]);
    expect(res2.status).toBe(200);
    const codes = res2.body.sites.map((s) => s.code).sort();
    expect(codes).toEqual(['BD', 'HK', 'HK-HB', 'HK-HD', 'HN']);
    const baDinh = ['BD', 'BD-CV', 'BD-PX', 'BD-TB', 'BD-VP'].map((c) => site(c).id);
    const back = await link(cast.secretary.client, [site('HN').id, ...baDinh]);
    expect(back.body.sites.map((s) => s.code).sort()).toEqual([
      'BD',
      'BD-CV',
      'BD-PX',
      'BD-TB',
      'BD-VP',
      'HN',
    ]);
    expect(back.body.totals).toMatchObject({
      sites: 6,
      connected: 0,
      expectedDelegates: 120 + 45 + 18 + 16 + 20 + 17,
    });
    expect(back.body.districts.map((d) => [d.name, d.sites])).toEqual([
      ['UBND Thành phố Hà Nội', 1],
      ['Quận Ba Đình', 5],
    ]);

    const participants = await cast.secretary.client.get<{ items: ParticipantView[] }>(
      `/api/meetings/${meetingId}/participants`,
    );
    const observers = participants.body.items
      .filter((p) => p.role === 'observer')
      .map((p) => p.username)
      .sort();
    expect(observers).toEqual([
      'dc.badinh',
      'dc.congvi',
      'dc.phucxa',
      'dc.thanhpho',
      'dc.trucbach',
      'dc.vinhphuc',
    ]);
    expect(participants.body.items.every((p) => p.role !== 'observer' || !p.votingRight)).toBe(true);
    // Hoàn Kiếm's operators were taken out again with their sites.
    expect(participants.body.items.some((p) => p.username === 'dc.hoankiem')).toBe(false);

    const phucXa = await operator('dc.phucxa');
    const mine = await phucXa.get<{ items: Invitation[] }>('/api/invitations/mine');
    expect(mine.body.items.map((i) => i.meetingId)).toContain(meetingId);
    const mySites = await phucXa.get<{ items: { site: SiteView; meetings: { id: string }[] }[] }>(
      '/api/sites/mine',
    );
    expect(mySites.body.items).toHaveLength(1);
    expect(mySites.body.items[0]?.site.code).toBe('BD-PX');
    expect(mySites.body.items[0]?.meetings.map((m) => m.id)).toEqual([meetingId]);
  });
});

describe("a site's operator and the roll-up", () => {
  it('takes the roll-call only from the site operator, with sane numbers', async () => {
    const phucXa = await operator('dc.phucxa');
    const trucBach = await operator('dc.trucbach');
    const url = `/api/meetings/${meetingId}/sites/${site('BD-PX').id}/report`;
    expect((await trucBach.post(url, { present: 10 })).status).toBe(403);
    expect((await cast.secretary.client.post(url, { present: 10 })).status).toBe(403);
    expect((await phucXa.post(url, { present: -1 })).status).toBe(400);
    const absurd = await phucXa.post<ErrorReply>(url, { present: 900 });
    expect(absurd.status).toBe(400);
    expect(absurd.body.error.message).toContain('vượt quá nhiều');
    const notLinked = await (
      await operator('dc.hangbac')
    ).post(`/api/meetings/${meetingId}/sites/${site('HK-HB').id}/report`, { present: 3 });
    expect(notLinked.status).toBe(404);
    expect((await rollup()).totals.reported).toBe(0);

    const ok = await phucXa.post<{ report: { present: number } }>(url, {
      present: 16,
      absences: [
        { name: 'Nguyễn Văn Hải', reason: 'Đi công tác' },
        { name: 'Trần Thị Kim', reason: null },
      ],
    });
    expect(ok.status).toBe(200);
    const r = await rollup();
    const px = r.sites.find((s) => s.code === 'BD-PX');
    expect(px?.report).toMatchObject({
      present: 16,
      absences: [
        { name: 'Nguyễn Văn Hải', reason: 'Đi công tác' },
        { name: 'Trần Thị Kim', reason: null },
      ],
    });
    expect(r.totals).toMatchObject({ reported: 1, presentDelegates: 16 });
  });

  it('shows a site connected while its operator screen is open, live to the chair, then dropped after the grace period', async () => {
    const chair = await socketOf(cast.chair.client);
    const watched = (await chair
      .timeout(5000)
      .emitWithAck('briefing:watch', { meetingId })) as Result<BriefingRollup>;
    expect(watched.ok && watched.data.totals.connected).toBe(0);

    const member = await socketOf(cast.member.client);
    const refused = (await member
      .timeout(5000)
      .emitWithAck('site:connect', { meetingId, siteId: site('BD-PX').id })) as Result<BriefingSite>;
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');

    const op = await socketOf(await operator('dc.phucxa'));
    const heard = nextEvent(chair, 'briefing:rollup');
    const connected = (await op
      .timeout(5000)
      .emitWithAck('site:connect', { meetingId, siteId: site('BD-PX').id })) as Result<BriefingSite>;
    expect(connected.ok && connected.data.status).toBe('connected');
    const [live] = await heard;
    expect(live.totals.connected).toBe(1);
    expect(live.districts.find((d) => d.name === 'Quận Ba Đình')).toMatchObject({
      sites: 5,
      connected: 1,
      presentDelegates: 16,
    });

    const gone = nextEvent(chair, 'briefing:rollup');
    op.close();
    const [after] = await gone;
    expect(after.sites.find((s) => s.code === 'BD-PX')?.status).toBe('reconnecting');
    clock.advance(31_000);
    const later = await rollup();
    const px = later.sites.find((s) => s.code === 'BD-PX');
    expect(px?.status).toBe('dropped');
    expect(Date.parse(later.serverTime) - Date.parse(px?.since ?? '')).toBeGreaterThan(30_000);
    expect(later.totals).toMatchObject({ connected: 0, dropped: 1 });

    // Back again: connected, no longer dropped.
    const again = await socketOf(await operator('dc.phucxa'));
    await again.timeout(5000).emitWithAck('site:connect', { meetingId, siteId: site('BD-PX').id });
    await eventually(async () => expect((await rollup()).totals).toMatchObject({ connected: 1, dropped: 0 }));
  });
});
