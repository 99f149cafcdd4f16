import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefingRollup, Invitation, Meeting, MySite } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { seedDemo, startServer, tempDir, type TestServer } from '../utils/server.js';

/**
 * The demo as a new user meets it: `npm run seed:demo` (the built script), then the secretary
 * publishes the demo meeting and every participant's invitation reaches a real SMTP server.
 */
let smtp: TestSmtp;
let server: TestServer;
let password: string;

beforeAll(async () => {
  const dataDir = await tempDir();
  const seeded = await seedDemo(dataDir);
  expect(seeded.stdout).toContain('đang là bản nháp');
  password = seeded.password;
  smtp = await startSmtp();
  server = await startServer({ dataDir, env: { SMTP_URL: smtp.url } });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

describe('the demo meeting', () => {
  it('is ready for the secretary, who publishes it and so sends every invitation', async () => {
    const secretary = new ApiClient(server.url);
    expect(await secretary.login('cvp', password)).toBe(200);
    const list = await secretary.get<{ items: Meeting[] }>('/api/meetings?scope=drafts');
    const demo = list.body.items.find((m) => m.title.startsWith('Phiên họp UBND Thành phố thường kỳ'));
    expect(demo).toBeDefined();
    const agenda = await secretary.get<{ items: { title: string; documentIds: string[] }[] }>(
      `/api/meetings/${demo!.id}/agenda`,
    );
    expect(agenda.body.items.length).toBeGreaterThanOrEqual(4);
    expect(agenda.body.items.some((i) => i.documentIds.length > 0)).toBe(true);
    // Conclusions to turn into tasks for three units (Giao nhiệm vụ), and units with their heads.
    const conclusions = await secretary.get<{
      items: { agendaItemId: string; points: { id: string; text: string }[] }[];
    }>(`/api/meetings/${demo!.id}/conclusions`);
    expect(conclusions.body.items).toHaveLength(3);
    const units = await secretary.get<{ items: { id: string; code: string; headUserId?: string | null }[] }>(
      '/api/units',
    );
    const byCode = new Map(units.body.items.map((u) => [u.code, u]));

    const published = await secretary.post(`/api/meetings/${demo!.id}/status`, {
      to: 'published',
      version: demo!.version,
    });
    expect(published.status).toBe(200);
    const participants = await secretary.get<{ items: unknown[] }>(`/api/meetings/${demo!.id}/participants`);
    const mails = await smtp.waitFor(participants.body.items.length, 20_000);
    const chair = mails.find((m) => m.to.includes('chutich@demo.icabinet.local'));
    expect(chair?.parsed.subject).toMatch(/^Giấy mời: Phiên họp UBND Thành phố thường kỳ/);
    expect(chair?.parsed.text).toContain('Kính gửi: Chủ tịch UBND Thành phố Nguyễn Văn An');
    const cal = chair!.parsed.attachments.find((a) => a.contentType === 'text/calendar')!;
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(cal.content.toString('utf8')) as unknown[]).getFirstSubcomponent(
        'vevent',
      )!,
    );
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(demo!.startsAt).toISOString());
    const invitations = await secretary.get<{ items: Invitation[] }>(`/api/meetings/${demo!.id}/invitations`);
    expect(invitations.body.items).toHaveLength(participants.body.items.length);
    // The secretary assigns tasks from the conclusions to three units (after the invitations' mails).
    const points = conclusions.body.items.flatMap((c) => c.points);
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    for (const [code, i] of [
      ['SO-TTTT', 0],
      ['SO-TP', 2],
      ['Q-HK', 3],
    ] as const) {
      expect(byCode.get(code)?.headUserId).toBeTruthy();
      const c = conclusions.body.items.find((x) => x.points.some((p) => p.id === points[i]!.id))!;
      const res = await secretary.post('/api/tasks', {
        title: points[i]!.text,
        source: {
          meetingId: demo!.id,
          agendaItemId: c.agendaItemId,
          conclusionPointId: points[i]!.id,
        },
        leadUnitId: byCode.get(code)!.id,
        deadline,
      });
      expect(res.status).toBe(201);
    }
  });

  it('has an online briefing linking the city, 3 districts and 12 communes, whose operators are invited', async () => {
    const secretary = new ApiClient(server.url);
    expect(await secretary.login('cvp', password)).toBe(200);
    const list = await secretary.get<{ items: Meeting[] }>('/api/meetings?scope=drafts');
    const briefing = list.body.items.find((m) => m.kind === 'online');
    expect(briefing?.title).toMatch(/^Hội nghị trực tuyến/);
    const sites = await secretary.get<BriefingRollup>(`/api/meetings/${briefing!.id}/sites`);
    expect(sites.body.totals.sites).toBe(16);
    expect(sites.body.districts.map((d) => d.name)).toEqual(
      expect.arrayContaining(['Quận Ba Đình', 'Quận Hoàn Kiếm', 'Huyện Đan Phượng']),
    );
    const published = await secretary.post(`/api/meetings/${briefing!.id}/status`, {
      to: 'published',
      version: briefing!.version,
    });
    expect(published.status).toBe(200);
    const participants = await secretary.get<{ items: unknown[] }>(
      `/api/meetings/${briefing!.id}/participants`,
    );
    // The chair, the secretary and the 16 operators.
    expect(participants.body.items).toHaveLength(18);
    // Wait for this operator's own invitation: the tasks of the test before may still be mailing.
    const operatorMail = await smtp.waitForMail(
      (m) => m.to.includes('dc.phucxa@demo.icabinet.local'),
      20_000,
    );
    expect(operatorMail.parsed.subject).toMatch(/^Giấy mời: Hội nghị trực tuyến/);

    // The ward's operator signs in with the demo password and finds the site's briefing.
    const operator = new ApiClient(server.url);
    expect(await operator.login('dc.phucxa', password)).toBe(200);
    const mine = await operator.get<{ items: MySite[] }>('/api/sites/mine');
    expect(mine.body.items.map((s) => s.site.name)).toEqual(['Phường Phúc Xá']);
    expect(mine.body.items[0]?.meetings.map((m) => m.id)).toEqual([briefing!.id]);
  });
});
