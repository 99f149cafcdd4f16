import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../utils/http.js';
import { expectLinkPageHeaders } from '../utils/link-page.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { startServer, type TestServer } from '../utils/server.js';

const NAME = '<script>alert("ten")</script> Bình';
const TITLE = '<img src=x onerror=alert(1)> Giám đốc';
const MEETING = 'Họp <b>giao ban</b> & "chuyển đổi số"';

describe('names people typed are shown as text in the invitation e-mail and the reply page', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  let replyUrl: string;
  let mailHtml: string;
  let calendar: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'vanphong@hanoi.gov.vn' } });
    const admin = new ApiClient(server.url);
    expect(await admin.login('admin', server.adminPassword)).toBe(200);
    const made = await admin.post<{ user: { id: string } }>('/api/users', {
      username: 'binh.script',
      fullName: NAME,
      title: TITLE,
      email: 'binh.script@hanoi.gov.vn',
      password: 'Mat-khau-song-hong-1',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const sec = await admin.post('/api/users', {
      username: 'thuky.escape',
      fullName: 'Đỗ Thu Hà',
      password: 'Mat-khau-song-lam-1',
      systemRole: 'secretary',
    });
    expect(sec.status).toBe(201);
    const secretary = new ApiClient(server.url);
    expect(await secretary.login('thuky.escape', 'Mat-khau-song-lam-1')).toBe(200);
    const startsAt = new Date(Math.floor((Date.now() + 2 * 86_400_000) / 60_000) * 60_000);
    const created = await secretary.post<{ meeting: { id: string; version: number } }>('/api/meetings', {
      title: MEETING,
      location: 'Phòng <họp> 1',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, version } = created.body.meeting;
    const added = await secretary.post(`/api/meetings/${id}/participants`, {
      userId: made.body.user.id,
      role: 'delegate',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const item = await secretary.post(`/api/meetings/${id}/agenda/items`, {
      title: 'Mục </li><script>x</script>',
      plannedMinutes: 30,
      agendaVersion: 0,
    });
    expect(item.status).toBe(201);
    const published = await secretary.post(`/api/meetings/${id}/status`, { to: 'published', version });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await smtp.waitFor(1);
    const mail = smtp.received.find((m) => m.to.includes('binh.script@hanoi.gov.vn'));
    if (!mail) throw new Error('no mail');
    mailHtml = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
    const m = /(https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '');
    if (!m?.[1]) throw new Error('no personal link');
    replyUrl = m[1];
    const cal = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
    calendar = cal?.content.toString('utf8') ?? '';
  });

  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  it('escapes the name, title, meeting and agenda in the e-mail', () => {
    expect(mailHtml).not.toContain('<script>');
    expect(mailHtml).not.toContain('<img');
    expect(mailHtml).not.toContain('<b>giao');
    expect(mailHtml).toContain('&lt;script&gt;alert(&quot;ten&quot;)&lt;/script&gt; Bình');
    expect(mailHtml).toContain('Họp &lt;b&gt;giao ban&lt;/b&gt; &amp; &quot;chuyển đổi số&quot;');
  });

  it('escapes them on the reply page, which is never cached, indexed or scripted', async () => {
    const res = await fetch(replyUrl);
    expectLinkPageHeaders(res);
    const page = await res.text();
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(&quot;ten&quot;)&lt;/script&gt; Bình');
    expect(page).toContain('Mục &lt;/li&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(page).toContain('Phòng &lt;họp&gt; 1');
  });

  it('refuses a reply whose reason holds a control character, saying so on the page', async () => {
    const res = await fetch(replyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ answer: 'decline', reason: 'Bận\u0000 việc' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/ký tự điều khiển/);
  });

  it('asks calendars for no reply and gives the personal link in the event', () => {
    const vcal = new ICAL.Component(ICAL.parse(calendar) as unknown[]);
    const vevent = vcal.getFirstSubcomponent('vevent')!;
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(attendee.getParameter('rsvp')).toBe('FALSE');
    expect(String(vevent.getFirstPropertyValue('description'))).toContain(replyUrl);
  });
});
