import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIcs,
  createOutboxMailer,
  createSmtpMailer,
  htmlOf,
  MailDeliveryError,
  subjectOf,
  textOf,
  type MailContent,
} from '@icabinet/server/invitations';
import { createLogger } from '@icabinet/server';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { tempDir } from '../utils/server.js';

const logger = createLogger('silent');
const FROM = '"Văn phòng UBND Thành phố" <vanphong@icabinet.local>';

/** 08:00 on Thursday 28 November 2024 in Hanoi is 01:00 UTC. */
const content: MailContent = {
  kind: 'invitation',
  recipient: { fullName: 'Trần Thị Bình', title: 'Giám đốc Sở Tài chính' },
  meeting: {
    title: 'Phiên họp UBND Thành phố thường kỳ tháng 11 — chuyển đổi số',
    startsAt: '2024-11-28T01:00:00.000Z',
    endsAt: '2024-11-28T04:30:00.000Z',
    location: 'Phòng họp số 1, tầng 3, trụ sở UBND Thành phố',
    chairName: 'Nguyễn Văn An',
    reason: null,
  },
  agenda: [
    { title: 'Báo cáo tình hình chuyển đổi số năm 2024', presenter: 'Sở Thông tin và Truyền thông' },
    { title: 'Tờ trình Đề án 06', presenter: null },
  ],
  replyUrl: 'http://127.0.0.1:8080/invite/abcDEF123',
  changes: [],
  deputyFor: null,
  leadTime: null,
  organisation: 'Văn phòng UBND Thành phố',
};

const ics = (method: 'REQUEST' | 'CANCEL', sequence: number) =>
  buildIcs({
    method,
    uid: 'meeting-7f1c@icabinet',
    sequence,
    title: content.meeting.title,
    description: 'Chương trình: 1. Báo cáo; 2. Tờ trình, có dấu phẩy',
    location: content.meeting.location,
    startsAt: content.meeting.startsAt,
    endsAt: content.meeting.endsAt,
    stamp: '2024-11-20T02:00:00.000Z',
    organizer: { name: 'Văn phòng UBND Thành phố', email: 'vanphong@icabinet.local' },
    attendee: { name: 'Trần Thị Bình', email: 'binh.tt@hanoi.gov.vn' },
    url: content.replyUrl,
  });

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.stop();
});

describe('invitation e-mail over a real SMTP conversation', () => {
  it('arrives with a Vietnamese subject, HTML and text bodies, the personal link and a calendar invitation in Hanoi time', async () => {
    const mailer = createSmtpMailer(smtp.url, FROM, logger);
    await mailer.send({
      to: { name: 'Trần Thị Bình', address: 'binh.tt@hanoi.gov.vn' },
      subject: subjectOf(content),
      text: textOf(content),
      html: htmlOf(content),
      icalEvent: { method: 'REQUEST', content: ics('REQUEST', 0), filename: 'giay-moi.ics' },
    });
    mailer.close();
    const [mail] = await smtp.waitFor(1);
    const parsed = mail!.parsed;
    expect(mail!.to).toEqual(['binh.tt@hanoi.gov.vn']);
    expect(parsed.subject).toBe(
      'Giấy mời: Phiên họp UBND Thành phố thường kỳ tháng 11 — chuyển đổi số — 08:00, Thứ Năm, 28/11/2024',
    );
    expect(parsed.text).toContain('Kính gửi: Giám đốc Sở Tài chính Trần Thị Bình');
    expect(parsed.text).toContain('Thời gian: 08:00, Thứ Năm, 28/11/2024 – 11:30');
    expect(parsed.text).toContain('http://127.0.0.1:8080/invite/abcDEF123');
    expect(parsed.html).toContain('Xác nhận tham dự');
    expect(parsed.html).toContain('href="http://127.0.0.1:8080/invite/abcDEF123#decline"');

    const calendarPart = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendarPart).toBeDefined();
    const raw = calendarPart!.content.toString('utf8');
    expect(raw).toContain('METHOD:REQUEST');
    const vcal = new ICAL.Component(ICAL.parse(raw) as unknown[]);
    ICAL.TimezoneService.register(vcal.getFirstSubcomponent('vtimezone')!);
    const event = new ICAL.Event(vcal.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(content.meeting.title);
    expect(event.location).toBe(content.meeting.location);
    // The agenda, then where to answer (the calendar's own Yes/No reaches nobody).
    expect(event.description).toBe(
      'Chương trình: 1. Báo cáo; 2. Tờ trình, có dấu phẩy\n\nTrả lời tham dự (không dùng nút Đồng ý/Từ chối của lịch): http://127.0.0.1:8080/invite/abcDEF123',
    );
    expect(event.startDate.zone.tzid).toBe('Asia/Ho_Chi_Minh');
    expect([event.startDate.hour, event.startDate.minute]).toEqual([8, 0]);
    expect(event.startDate.toJSDate().toISOString()).toBe('2024-11-28T01:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2024-11-28T04:30:00.000Z');
    expect(event.sequence).toBe(0);
    expect(event.attendees[0]?.getParameter('cn')).toBe('Trần Thị Bình');
  });

  it('reports the SMTP server’s refusal as a permanent failure with its reason', async () => {
    const mailer = createSmtpMailer(smtp.url, FROM, logger);
    smtp.refuseWith({ code: 550, message: 'Hộp thư không tồn tại' });
    try {
      const err = await mailer
        .send({
          to: { name: 'X', address: 'khong-ton-tai@hanoi.gov.vn' },
          subject: 's',
          text: 't',
          html: '<p>t</p>',
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MailDeliveryError);
      expect((err as MailDeliveryError).permanent).toBe(true);
      expect((err as MailDeliveryError).message).toMatch(/550/);
    } finally {
      smtp.refuseWith(null);
      mailer.close();
    }
  });

  it('reports a server that is down as a temporary failure', async () => {
    const down = await startSmtp();
    const url = down.url;
    await down.stop();
    const mailer = createSmtpMailer(url, FROM, logger);
    const err = await mailer
      .send({ to: { name: 'X', address: 'x@hanoi.gov.vn' }, subject: 's', text: 't', html: '<p>t</p>' })
      .catch((e: unknown) => e);
    mailer.close();
    expect(err).toBeInstanceOf(MailDeliveryError);
    expect((err as MailDeliveryError).permanent).toBe(false);
    expect((err as MailDeliveryError).message).toMatch(/ECONNREFUSED/);
  });
});

describe('outbox (no SMTP_URL)', () => {
  it('writes each e-mail as an .eml file a mail client opens, with the calendar part', async () => {
    const dir = path.join(await tempDir(), 'outbox');
    const mailer = createOutboxMailer(dir, FROM);
    const sent = await mailer.send({
      to: { name: 'Trần Thị Bình', address: 'binh.tt@hanoi.gov.vn' },
      subject: subjectOf({
        ...content,
        kind: 'cancellation',
        meeting: { ...content.meeting, reason: 'Bão số 9' },
      }),
      text: textOf({ ...content, kind: 'cancellation', meeting: { ...content.meeting, reason: 'Bão số 9' } }),
      html: htmlOf(content),
      icalEvent: { method: 'CANCEL', content: ics('CANCEL', 3), filename: 'huy-hop.ics' },
    });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(sent.response).toBe(`outbox ${files[0]}`);
    const parsed = await simpleParser(await readFile(path.join(dir, files[0]!)));
    expect(parsed.subject).toMatch(/^Thông báo hủy cuộc họp: /);
    expect(parsed.text).toContain('Lý do: Bão số 9');
    expect(parsed.text).not.toContain('/invite/'); // nothing to reply to any more
    const cal = parsed.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(cal) as unknown[]).getFirstSubcomponent('vevent')!,
    );
    expect(cal).toContain('METHOD:CANCEL');
    expect(event.sequence).toBe(3);
    expect(cal).toContain('STATUS:CANCELLED');
  });
});

describe('iCalendar text', () => {
  it('folds long Vietnamese lines at 75 bytes without breaking a character', () => {
    const text = buildIcs({
      method: 'REQUEST',
      uid: 'u@icabinet',
      sequence: 1,
      title:
        'Hội nghị trực tuyến toàn Thành phố về chuyển đổi số, cải cách hành chính và phát triển kinh tế số năm 2025',
      description: '',
      location: null,
      startsAt: '2024-11-28T01:00:00.000Z',
      endsAt: '2024-11-28T02:00:00.000Z',
      stamp: '2024-11-20T02:00:00.000Z',
      organizer: { name: 'VP', email: 'vp@icabinet.local' },
      attendee: null,
      url: null,
    });
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent')!,
    );
    expect(event.summary).toMatch(/kinh tế số năm 2025$/);
  });
});

describe('iCalendar injection and replies', () => {
  const withTitle = (title: string, location: string | null = null) =>
    buildIcs({
      method: 'REQUEST',
      uid: 'u@icabinet',
      sequence: 1,
      title,
      description: 'Dòng 1\rDòng 2\r\nDòng 3\nDòng 4',
      location,
      startsAt: '2024-11-28T01:00:00.000Z',
      endsAt: '2024-11-28T02:00:00.000Z',
      stamp: '2024-11-20T02:00:00.000Z',
      organizer: { name: 'VP\r\nX-INJECTED:1', email: 'vp@icabinet.local' },
      attendee: { name: 'Trần Thị Bình\rATTENDEE:mailto:x@evil.test', email: 'binh.tt@hanoi.gov.vn' },
      url: 'http://127.0.0.1:8080/invite/abcDEF123',
    });

  it('keeps a bare CR, a bare LF and CRLF inside the value: no injected property line', () => {
    const text = withTitle('Họp\rSUMMARY:Injected\nLOCATION:Nowhere\r\nEND:VEVENT', 'Phòng 1\rX-EVIL:1');
    // Every CR is part of a CRLF line ending; no line begins with an injected property.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines.filter((l) => l.startsWith('SUMMARY:'))).toHaveLength(1);
    expect(lines.some((l) => /^(LOCATION:Nowhere|X-EVIL|X-INJECTED|END:VEVENT.*Injected)/.test(l))).toBe(
      false,
    );
    expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent')!,
    );
    expect(event.summary).toBe('Họp\nSUMMARY:Injected\nLOCATION:Nowhere\nEND:VEVENT');
    expect(event.location).toBe('Phòng 1\nX-EVIL:1');
    expect(event.description).toMatch(/^Dòng 1\nDòng 2\nDòng 3\nDòng 4/);
  });

  it('asks no calendar reply (it would go to an address nobody reads) and names the personal link', () => {
    const text = withTitle('Họp giao ban');
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toMatch(/ATTENDEE;[^\r\n]*RSVP=FALSE/);
    expect(unfolded).not.toContain('RSVP=TRUE');
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent')!,
    );
    expect(event.description).toContain('http://127.0.0.1:8080/invite/abcDEF123');
  });

  it('tells the recipient in the e-mail that calendar Yes/No buttons are not counted', () => {
    expect(textOf(content)).toMatch(/Đồng ý\/Từ chối.*không được ghi nhận/);
    expect(htmlOf(content)).toMatch(/Đồng ý\/Từ chối.*không được ghi nhận/);
  });
});
