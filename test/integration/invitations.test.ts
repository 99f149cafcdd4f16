import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, InvitationCounts, InAppNotification, InvitationFigures } from '@icabinet/shared';
import { verifyWebhook } from '@icabinet/server/invitations';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../utils/smtp.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { FakeClock, startServer, tempDir, type TestServer } from '../utils/server.js';
import { startWebhookReceiver, type TestWebhook } from '../utils/webhook.js';
import { eventually } from '../utils/eventually.js';
import { passwordFor } from '../utils/fixtures.js';

const WEBHOOK_SECRET = 'bi-mat-cong-nhan-tin-0123456789';
const DAY = 86_400_000;

interface Person {
  id: string;
  client: ApiClient;
  fullName: string;
}

async function person(
  server: TestServer,
  admin: ApiClient,
  input: {
    username: string;
    fullName: string;
    title?: string;
    email?: string;
    phone?: string;
    systemRole?: string;
  },
): Promise<Person> {
  const password = passwordFor(input.username);
  const res = await admin.post<{ user: { id: string } }>('/api/users', { ...input, password });
  if (res.status !== 201)
    throw new Error(`user ${input.username}: ${res.status} ${JSON.stringify(res.body)}`);
  const client = new ApiClient(server.url);
  expect(await client.login(input.username, password)).toBe(200);
  return { id: res.body.user.id, client, fullName: input.fullName };
}

/** A secretary and one member on a fresh server, for the fault tests. */
async function secretaryAndMember(
  server: TestServer,
  member: { username: string; fullName: string; email?: string; phone?: string },
): Promise<{ secretary: Person; member: Person }> {
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const secretary = await person(server, admin, {
    username: 'thuky.vp',
    fullName: 'Đỗ Thu Hà',
    systemRole: 'secretary',
  });
  return { secretary, member: await person(server, admin, member) };
}

async function createPublishedMeeting(
  secretary: ApiClient,
  startsAt: Date,
  participants: { userId?: string; guest?: Record<string, string>; role: string }[],
): Promise<{ id: string; version: number }> {
  startsAt = new Date(Math.floor(startsAt.getTime() / 60_000) * 60_000); // people enter whole minutes
  const created = await secretary.post<{ meeting: { id: string; version: number } }>('/api/meetings', {
    title: 'Phiên họp UBND Thành phố thường kỳ tháng 12',
    location: 'Phòng họp số 1, trụ sở UBND Thành phố',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
  });
  expect(created.status).toBe(201);
  const id = created.body.meeting.id;
  for (const p of participants) {
    const added = await secretary.post(`/api/meetings/${id}/participants`, p);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  const item = await secretary.post(`/api/meetings/${id}/agenda/items`, {
    title: 'Báo cáo tình hình chuyển đổi số năm 2024',
    plannedMinutes: 30,
    agendaVersion: 0,
  });
  expect(item.status).toBe(201);
  const published = await secretary.post<{ meeting: { version: number } }>(`/api/meetings/${id}/status`, {
    to: 'published',
    version: created.body.meeting.version,
  });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return { id, version: published.body.meeting.version };
}

const linkIn = (mail: ReceivedMail) => {
  const m = /(https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '');
  if (!m?.[1]) throw new Error('no personal link in the e-mail');
  return m[1];
};

const mailTo = (smtp: TestSmtp, address: string) => smtp.received.filter((m) => m.to.includes(address));

describe('publishing a meeting delivers invitations on every channel', () => {
  let smtp: TestSmtp;
  let hook: TestWebhook;
  let server: TestServer;
  let secretary: Person;
  let binh: Person; // e-mail and phone
  let cuong: Person; // e-mail only
  let dung: Person; // phone only
  let meetingId: string;
  let sockets: ClientSocket[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    hook = await startWebhookReceiver();
    server = await startServer({
      env: {
        SMTP_URL: smtp.url,
        WEBHOOK_URL: hook.url,
        WEBHOOK_SECRET,
        WEBHOOKS_ALLOW_LOOPBACK: 'true',
        MAIL_FROM: 'vanphong@hanoi.gov.vn',
      },
    });
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    secretary = await person(server, admin, {
      username: 'thuky',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    binh = await person(server, admin, {
      username: 'binh.tt',
      fullName: 'Trần Thị Bình',
      title: 'Giám đốc Sở Tài chính',
      email: 'binh.tt@hanoi.gov.vn',
      phone: '0912 345 678',
    });
    cuong = await person(server, admin, {
      username: 'cuong.lv',
      fullName: 'Lê Văn Cường',
      email: 'cuong.lv@hanoi.gov.vn',
    });
    dung = await person(server, admin, {
      username: 'dung.nt',
      fullName: 'Nguyễn Tiến Dũng',
      phone: '0987 654 321',
    });
    const inbox = await connectClient(server.url, binh.client.cookie);
    sockets.push(inbox);
    const notified = nextEvent(inbox, 'notification:new');
    const meeting = await createPublishedMeeting(secretary.client, new Date(Date.now() + 2 * DAY), [
      { userId: binh.id, role: 'delegate' },
      { userId: cuong.id, role: 'delegate' },
      { userId: dung.id, role: 'delegate' },
      {
        guest: { fullName: 'Hoàng Minh Khách', organisation: 'Viện Chiến lược', email: 'khach@vien.vn' },
        role: 'guest',
      },
    ]);
    meetingId = meeting.id;
    const [notice] = await notified;
    expect(notice.title).toMatch(/^Giấy mời: Phiên họp UBND Thành phố thường kỳ tháng 12/);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    sockets = [];
    await server.stop();
    await smtp.stop();
    await hook.stop();
  });

  it('e-mails everyone who has an address, with the personal link and a calendar invitation in Hanoi time', async () => {
    await smtp.waitFor(3);
    const [mail] = mailTo(smtp, 'binh.tt@hanoi.gov.vn');
    expect(mail).toBeDefined();
    expect(mail!.parsed.subject).toMatch(
      /^Giấy mời: Phiên họp UBND Thành phố thường kỳ tháng 12 — \d\d:\d\d, /,
    );
    expect(mail!.parsed.text).toContain('Kính gửi: Giám đốc Sở Tài chính Trần Thị Bình');
    expect(mail!.parsed.text).toContain('Báo cáo tình hình chuyển đổi số năm 2024');
    expect(mail!.parsed.html).toContain('Cử người dự thay');
    expect(linkIn(mail!)).toMatch(new RegExp(`^${server.url}/invite/`));
    const cal = mail!.parsed.attachments.find((a) => a.contentType === 'text/calendar');
    const vcal = new ICAL.Component(ICAL.parse(cal!.content.toString('utf8')) as unknown[]);
    expect(vcal.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(vcal.getFirstSubcomponent('vevent')!);
    ICAL.TimezoneService.register(vcal.getFirstSubcomponent('vtimezone')!);
    const meeting = await secretary.client.get<{ meeting: { startsAt: string } }>(
      `/api/meetings/${meetingId}`,
    );
    expect(event.startDate.toJSDate().toISOString()).toBe(
      new Date(meeting.body.meeting.startsAt).toISOString(),
    );
    expect(event.startDate.zone.tzid).toBe('Asia/Ho_Chi_Minh');
    expect(mailTo(smtp, 'khach@vien.vn')).toHaveLength(1);
    expect(mailTo(smtp, 'cuong.lv@hanoi.gov.vn')).toHaveLength(1);
  });

  it('posts a signed message to the SMS/Zalo gateway for everyone with a phone number', async () => {
    const calls = await hook.waitFor(2);
    for (const call of calls) {
      const ts = String(call.headers['x-icabinet-timestamp']);
      expect(verifyWebhook(WEBHOOK_SECRET, ts, call.body, String(call.headers['x-icabinet-signature']))).toBe(
        true,
      );
      expect(
        verifyWebhook(
          'sai-bi-mat-sai-bi-mat-sai',
          ts,
          call.body,
          String(call.headers['x-icabinet-signature']),
        ),
      ).toBe(false);
    }
    const phones = calls.map((c) => (JSON.parse(c.body) as { to: { phone: string } }).to.phone).sort();
    expect(phones).toEqual(['0912 345 678', '0987 654 321']);
    const body = JSON.parse(calls[0]!.body) as { type: string; text: string; replyUrl: string };
    expect(body.type).toBe('invitation.invitation');
    expect(body.replyUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  });

  it('shows the secretariat every channel’s state, and the member their in-app inbox', async () => {
    const list = await eventually(async () => {
      const res = await secretary.client.get<{ items: Invitation[]; counts: InvitationCounts }>(
        `/api/meetings/${meetingId}/invitations`,
      );
      expect(res.body.counts.byDelivery.email.sent).toBe(3);
      expect(res.body.counts.byDelivery.webhook.sent).toBe(2);
      // Members with an account (the three delegates and the secretary who created the meeting).
      expect(res.body.counts.byDelivery.in_app.delivered).toBe(4);
      return res.body;
    });
    expect(list.counts.total).toBe(5);
    expect(JSON.stringify(list)).not.toContain('tokenHash');
    const inbox = await binh.client.get<{ items: InAppNotification[]; unread: number }>('/api/notifications');
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items[0]?.title).toMatch(/^Giấy mời: /);
    const forbidden = await binh.client.get<ErrorReply>(`/api/meetings/${meetingId}/invitations`);
    expect(forbidden.status).toBe(403);
  });

  it('lets a participant decline from the link without signing in; the last reply stands and both are audited', async () => {
    const link = linkIn(mailTo(smtp, 'cuong.lv@hanoi.gov.vn')[0]!);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Phiên họp UBND Thành phố thường kỳ tháng 12');
    expect(html).toContain('Kính gửi: <strong>Lê Văn Cường</strong>');

    const post = (form: Record<string, string>) =>
      fetch(link, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
    const missingReason = await post({ answer: 'decline', reason: '' });
    expect(missingReason.status).toBe(400);
    expect(await missingReason.text()).toContain('Vui lòng cho biết lý do vắng mặt.');

    const declined = await post({ answer: 'decline', reason: 'Đi công tác tại Đà Nẵng' });
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('Đã ghi nhận câu trả lời');
    const attending = await post({ answer: 'attend' });
    expect(attending.status).toBe(200);

    const list = await secretary.client.get<{ items: Invitation[] }>(
      `/api/meetings/${meetingId}/invitations`,
    );
    const cuongs = list.body.items.find((i) => i.recipientName === 'Lê Văn Cường')!;
    expect(cuongs.status).toBe('attending');
    expect(cuongs.openedAt).not.toBeNull();

    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const audit = await admin.get<{
      items: { action: string; targetId: string; data: { answer: string } }[];
    }>('/api/audit?limit=50');
    const replies = audit.body.items.filter(
      (e) => e.action === 'invitation.replied' && e.targetId === cuongs.id,
    );
    expect(replies.map((r) => r.data.answer).sort()).toEqual(['attend', 'decline']);
  });

  it('sends a deputy from the link; once the secretariat approves, the deputy gets an invitation of their own', async () => {
    const link = linkIn(mailTo(smtp, 'binh.tt@hanoi.gov.vn')[0]!);
    const badPhone = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({ answer: 'deputy', deputyName: 'Vũ Hải Phó', deputyPhone: 'không có' }),
    });
    expect(badPhone.status).toBe(400);
    expect(await badPhone.text()).toContain('Số điện thoại của người dự thay không đúng');

    const sent = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({
        answer: 'deputy',
        deputyName: 'Vũ Hải Phó',
        deputyTitle: 'Phó Giám đốc Sở Tài chính',
        deputyEmail: 'pho.vh@hanoi.gov.vn',
        reason: 'Họp Bộ Tài chính',
      }),
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Văn phòng đang xem xét');

    const list = await secretary.client.get<{ items: Invitation[] }>(
      `/api/meetings/${meetingId}/invitations`,
    );
    const binhs = list.body.items.find((i) => i.recipientName === 'Trần Thị Bình')!;
    expect(binhs.status).toBe('deputy_pending');
    const approved = await secretary.client.post<{ invitation: Invitation }>(
      `/api/meetings/${meetingId}/invitations/${binhs.id}/deputy`,
      { approve: true },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.invitation.status).toBe('deputy_approved');
    const again = await secretary.client.post<ErrorReply>(
      `/api/meetings/${meetingId}/invitations/${binhs.id}/deputy`,
      {
        approve: true,
      },
    );
    expect(again.status).toBe(409);

    await eventually(() => expect(mailTo(smtp, 'pho.vh@hanoi.gov.vn')).toHaveLength(1));
    const deputyMail = mailTo(smtp, 'pho.vh@hanoi.gov.vn')[0]!;
    expect(deputyMail.parsed.text).toContain('thay cho Trần Thị Bình');
    const participants = await secretary.client.get<{
      items: { fullName: string; deputyForId: string | null }[];
    }>(`/api/meetings/${meetingId}/participants`);
    const deputy = participants.body.items.find((p) => p.fullName === 'Vũ Hải Phó');
    expect(deputy?.deputyForId).toBe(binhs.participantId);
  });

  it('takes the form as browsers post it from the page, and refuses posts from other sites with a page', async () => {
    const link = linkIn(mailTo(smtp, 'khach@vien.vn')[0]!);
    const page = await fetch(link);
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    // Chromium posts a form from a page with a strict referrer policy with `Origin: null`.
    const fromPage = await fetch(link, {
      method: 'POST',
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ answer: 'attend' }),
    });
    expect(fromPage.status).toBe(200);
    expect(await fromPage.text()).toContain('Đã ghi nhận câu trả lời');
    const forged = await fetch(link, {
      method: 'POST',
      headers: { origin: 'https://lua-dao.example', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ answer: 'decline', reason: 'giả mạo' }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await forged.text()).toContain('không xuất phát từ ứng dụng I-Cabinet');
    const list = await secretary.client.get<{ items: Invitation[] }>(
      `/api/meetings/${meetingId}/invitations`,
    );
    expect(list.body.items.find((i) => i.recipientName === 'Hoàng Minh Khách')?.status).toBe('attending');
  });

  it('answers forged and malformed links with a clear page and changes nothing', async () => {
    const before = await secretary.client.get<{ items: Invitation[] }>(
      `/api/meetings/${meetingId}/invitations`,
    );
    for (const token of ['x'.repeat(43), 'ngắn', "'; DROP TABLE invitations; --"]) {
      const res = await fetch(`${server.url}/invite/${encodeURIComponent(token)}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Đường dẫn trả lời giấy mời không đúng');
      const posted = await fetch(`${server.url}/invite/${encodeURIComponent(token)}`, {
        method: 'POST',
        body: new URLSearchParams({ answer: 'attend' }),
      });
      expect(posted.status).toBe(404);
    }
    const after = await secretary.client.get<{ items: Invitation[] }>(
      `/api/meetings/${meetingId}/invitations`,
    );
    expect(after.body.items.map((i) => [i.id, i.status, i.version])).toEqual(
      before.body.items.map((i) => [i.id, i.status, i.version]),
    );
  });

  it('exports the list as CSV that Excel opens with Vietnamese names (UTF-8 with BOM)', async () => {
    const res = await fetch(`${server.url}/api/meetings/${meetingId}/invitations.csv`, {
      headers: { cookie: secretary.client.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="giay-moi-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('"Họ và tên","Chức vụ"');
    expect(text).toContain('"Lê Văn Cường"');
    expect(text).toContain('"Tham dự"');
    expect(text.split('\r\n').length).toBeGreaterThanOrEqual(6);
  });

  it('sends an update with a higher SEQUENCE when the time changes, and a cancellation at the end', async () => {
    const current = await secretary.client.get<{
      meeting: { version: number; startsAt: string; endsAt: string };
    }>(`/api/meetings/${meetingId}`);
    const before = mailTo(smtp, 'cuong.lv@hanoi.gov.vn').length;
    const later = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString();
    const moved = await secretary.client.patch(`/api/meetings/${meetingId}`, {
      version: current.body.meeting.version,
      startsAt: later(current.body.meeting.startsAt),
      endsAt: later(current.body.meeting.endsAt),
    });
    expect(moved.status).toBe(200);
    await eventually(() => expect(mailTo(smtp, 'cuong.lv@hanoi.gov.vn').length).toBe(before + 1));
    const update = mailTo(smtp, 'cuong.lv@hanoi.gov.vn').at(-1)!;
    expect(update.parsed.subject).toMatch(/^Thay đổi giấy mời: /);
    const updCal = update.parsed.attachments
      .find((a) => a.contentType === 'text/calendar')!
      .content.toString('utf8');
    expect(
      new ICAL.Event(new ICAL.Component(ICAL.parse(updCal) as unknown[]).getFirstSubcomponent('vevent')!)
        .sequence,
    ).toBe(1);

    const now = await secretary.client.get<{ meeting: { version: number } }>(`/api/meetings/${meetingId}`);
    const cancelled = await secretary.client.post(`/api/meetings/${meetingId}/status`, {
      to: 'cancelled',
      reason: 'Lãnh đạo Thành phố đi công tác',
      version: now.body.meeting.version,
    });
    expect(cancelled.status).toBe(200);
    await eventually(() => expect(mailTo(smtp, 'cuong.lv@hanoi.gov.vn').length).toBe(before + 2));
    const cancel = mailTo(smtp, 'cuong.lv@hanoi.gov.vn').at(-1)!;
    expect(cancel.parsed.subject).toMatch(/^Thông báo hủy cuộc họp: /);
    expect(cancel.parsed.text).toContain('Lý do: Lãnh đạo Thành phố đi công tác');
    const cal = cancel.parsed.attachments
      .find((a) => a.contentType === 'text/calendar')!
      .content.toString('utf8');
    expect(cal).toContain('METHOD:CANCEL');
    expect(
      new ICAL.Event(new ICAL.Component(ICAL.parse(cal) as unknown[]).getFirstSubcomponent('vevent')!)
        .sequence,
    ).toBe(2);

    // The link no longer takes replies.
    const link = linkIn(mailTo(smtp, 'cuong.lv@hanoi.gov.vn')[0]!);
    const page = await (await fetch(link)).text();
    expect(page).toContain('Cuộc họp đã bị hủy');
    const late = await fetch(link, { method: 'POST', body: new URLSearchParams({ answer: 'attend' }) });
    expect(late.status).toBe(409);
  });

  it('counts invitations delivered digitally and the money saved', async () => {
    const res = await secretary.client.get<InvitationFigures>('/api/reports/invitations');
    expect(res.status).toBe(200);
    expect(res.body.deliveredDigitally).toBeGreaterThanOrEqual(5);
    expect(res.body.savedVnd).toBe(res.body.deliveredDigitally * res.body.unitCostVnd);
    expect((await binh.client.get<ErrorReply>('/api/reports/invitations')).status).toBe(403);
  });
});

describe('faults: refusing mail servers, failing gateways, restarts', () => {
  it('marks an e-mail refused by the SMTP server as failed with the server’s reason, and retries a gateway that answers 500', async () => {
    const smtp = await startSmtp();
    const hook = await startWebhookReceiver();
    const clock = new FakeClock();
    const server = await startServer({
      clock,
      env: {
        SMTP_URL: smtp.url,
        WEBHOOK_URL: hook.url,
        WEBHOOK_SECRET,
        WEBHOOKS_ALLOW_LOOPBACK: 'true',
        REMINDERS: 'off',
      },
    });
    try {
      const { secretary, member } = await secretaryAndMember(server, {
        username: 'an.nv',
        fullName: 'Nguyễn Văn An',
        email: 'an.nv@hanoi.gov.vn',
        phone: '0901 234 567',
      });
      smtp.refuseWith({ code: 550, message: '5.1.1 Hộp thư an.nv không tồn tại' });
      hook.answer(500);
      const { id } = await createPublishedMeeting(secretary.client, new Date(Date.now() + 3 * DAY), [
        { userId: member.id, role: 'delegate' },
      ]);
      const jobs = server.running.app.services.invitations.jobs;
      const state = async () =>
        (
          await secretary.client.get<{ items: Invitation[] }>(`/api/meetings/${id}/invitations`)
        ).body.items.find((i) => i.recipientName === 'Nguyễn Văn An')!;

      const failedMail = await eventually(async () => {
        const inv = await state();
        const email = inv.deliveries.find((d) => d.channel === 'email')!;
        expect(email.status).toBe('failed');
        return email;
      });
      expect(failedMail.lastError).toContain('550');
      expect(failedMail.lastError).toContain('không tồn tại');

      await hook.waitFor(1);
      const firstTry = await state();
      expect(firstTry.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({
        status: 'queued',
        lastError: 'HTTP 500 Internal Server Error',
      });
      // The gateway recovers; the retry after the backoff delivers.
      hook.answer(200);
      clock.advance(60_000);
      jobs.wake();
      await eventually(async () => {
        expect((await state()).deliveries.find((d) => d.channel === 'webhook')).toMatchObject({
          status: 'sent',
          attempts: 2,
        });
      });
      expect(hook.calls).toHaveLength(2);

      // The secretariat resends the failed channel once the address is fixed on the mail server's
      // side: the e-mail goes again, the gateway and the in-app notice are left as they were.
      smtp.refuseWith(null);
      const before = await state();
      const notices = (await member.client.get<{ items: unknown[] }>('/api/notifications')).body.items.length;
      const resent = await secretary.client.post(`/api/meetings/${id}/invitations/${firstTry.id}/resend`, {
        only: 'failed',
      });
      expect(resent.status).toBe(200);
      await smtp.waitFor(1);
      await eventually(async () => {
        expect((await state()).deliveries.find((d) => d.channel === 'email')?.status).toBe('sent');
      });
      const after = await state();
      for (const channel of ['webhook', 'in_app'] as const)
        expect(after.deliveries.find((d) => d.channel === channel)).toEqual(
          before.deliveries.find((d) => d.channel === channel),
        );
      expect(hook.calls).toHaveLength(2);
      expect((await member.client.get<{ items: unknown[] }>('/api/notifications')).body.items).toHaveLength(
        notices,
      );
      // Nothing failed any more: a second "failed only" resend is refused and says why.
      const again = await secretary.client.post<ErrorReply>(
        `/api/meetings/${id}/invitations/${firstTry.id}/resend`,
        { only: 'failed' },
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('không có kênh nào gửi lỗi');
      // A body that is not what the route takes is a 400, and nothing is queued.
      const bad = await secretary.client.post<ErrorReply>(
        `/api/meetings/${id}/invitations/${firstTry.id}/resend`,
        { only: 'everything' },
      );
      expect(bad.status).toBe(400);
    } finally {
      await server.stop();
      await smtp.stop();
      await hook.stop();
    }
  });

  it('gives up on a gateway that never answers after retrying with backoff, and shows why', async () => {
    const hook = await startWebhookReceiver();
    hook.answer('hang');
    const clock = new FakeClock();
    const server = await startServer({
      clock,
      env: {
        WEBHOOK_URL: hook.url,
        WEBHOOK_SECRET,
        WEBHOOKS_ALLOW_LOOPBACK: 'true',
        WEBHOOK_TIMEOUT_MS: '500',
        REMINDERS: 'off',
      },
    });
    try {
      const { secretary, member } = await secretaryAndMember(server, {
        username: 'tam.lv',
        fullName: 'Lã Văn Tâm',
        phone: '0904 111 222',
      });
      const { id } = await createPublishedMeeting(secretary.client, new Date(Date.now() + 3 * DAY), [
        { userId: member.id, role: 'delegate' },
      ]);
      const jobs = server.running.app.services.invitations.jobs;
      const webhookOf = async () =>
        (await secretary.client.get<{ items: Invitation[] }>(`/api/meetings/${id}/invitations`)).body.items
          .find((i) => i.recipientName === 'Lã Văn Tâm')!
          .deliveries.find((d) => d.channel === 'webhook')!;
      for (let attempt = 1; attempt <= 6; attempt++) {
        await hook.waitFor(attempt);
        await eventually(async () => expect((await webhookOf()).attempts).toBe(attempt));
        clock.advance(11 * 60_000); // past the longest backoff
        jobs.wake();
      }
      const final = await eventually(async () => {
        const d = await webhookOf();
        expect(d.status).toBe('failed');
        return d;
      });
      expect(final.lastError).toBe('no answer within 500 ms');
      expect(hook.calls).toHaveLength(6);
    } finally {
      await server.stop();
      await hook.stop();
    }
  });

  it('sends a reminder that fell due while the server was down exactly once after it is back', async () => {
    const smtp = await startSmtp();
    const clock = new FakeClock();
    const dataDir = await tempDir();
    const env = { SMTP_URL: smtp.url, REMINDERS: '24h' };
    let server = await startServer({ clock, dataDir, env });
    const { secretary, member } = await secretaryAndMember(server, {
      username: 'hoa.tt',
      fullName: 'Tạ Thị Hoa',
      email: 'hoa.tt@hanoi.gov.vn',
    });
    // Starts in 25 hours: the 24-hour reminder is due in one hour.
    await createPublishedMeeting(secretary.client, new Date(clock.now().getTime() + 25 * 3_600_000), [
      { userId: member.id, role: 'delegate' },
    ]);
    await smtp.waitFor(1);
    await server.stop();

    clock.advance(2 * 3_600_000); // the reminder fell due while the server was down
    server = await startServer({ clock, dataDir, env });
    try {
      await eventually(() => expect(smtp.received.length).toBe(2));
      const reminder = smtp.received[1]!;
      expect(reminder.parsed.subject).toMatch(/^Nhắc lịch họp: /);
      expect(reminder.parsed.text).toContain('sẽ bắt đầu sau 24 giờ');
      // Later wake-ups and another restart do not send it again.
      const jobs = server.running.app.services.invitations.jobs;
      clock.advance(3_600_000);
      jobs.wake();
      await jobs.drain();
      await server.stop();
      server = await startServer({ clock, dataDir, env });
      // drain() returns once every due job ran; a job's mail is recorded by the SMTP server before
      // it answers, so a third reminder would already be here.
      await server.running.app.services.invitations.jobs.drain();
      expect(smtp.received).toHaveLength(2);
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });

  it('without SMTP_URL, writes the e-mails to the outbox folder', async () => {
    const server = await startServer();
    try {
      const { secretary, member } = await secretaryAndMember(server, {
        username: 'son.pv',
        fullName: 'Phan Văn Sơn',
        email: 'son.pv@hanoi.gov.vn',
      });
      await createPublishedMeeting(secretary.client, new Date(Date.now() + 2 * DAY), [
        { userId: member.id, role: 'delegate' },
      ]);
      const { readdir } = await import('node:fs/promises');
      const files = await eventually(async () => {
        const f = (await readdir(`${server.dataDir}/outbox`)).filter((n) => n.endsWith('.eml'));
        expect(f).toHaveLength(1);
        return f;
      });
      expect(files[0]).toMatch(/\.eml$/);
    } finally {
      await server.stop();
    }
  });
});
