import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Meeting } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';

const run = promisify(execFile);
// 3 February 2027, 10:00 in Hà Nội: a day below 10 and the month of February both get their 0.
const ISSUED = Date.parse('2027-02-03T03:00:00Z');

/** Real time, moved to a known day (sessions and expiries still tick). */
class DayClock {
  private readonly offset = ISSUED - Date.now();
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}

describe('the invitation as an official document (Decree 30)', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let admin: ApiClient;
  let cast: Record<'secretary' | 'chair' | 'delegate' | 'outsider', TestUser>;
  const clock = new DayClock();
  let dir: string;

  /** 5 February 2027, 08:00 in Hà Nội (01:00 UTC), two hours long. */
  const times = { startsAt: '2027-02-05T01:00:00.000Z', endsAt: '2027-02-05T03:00:00.000Z' };

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({
      clock,
      env: { REMINDERS: 'off', DOC_SIGNER_NAME: 'Nguyễn Văn Hùng', SMTP_URL: smtp.url },
    });
    admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    cast = await createCast(server.url, admin, ['secretary', 'chair', 'delegate', 'outsider']);
    // The delegate gets the invitation by e-mail (and shows with a title on the giấy mời).
    const user = await admin.get<{ user: { version: number } }>(`/api/users/${cast.delegate.id}`);
    const edited = await admin.patch(`/api/users/${cast.delegate.id}`, {
      email: 'hung.dv@hanoi.gov.vn',
      title: 'Giám đốc Sở Thông tin và Truyền thông',
      version: user.body.user.version,
    });
    expect(edited.status).toBe(200);
    dir = await mkdtemp(path.join(os.tmpdir(), 'giay-moi-'));
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A meeting prepared by the secretary, with the chair and the delegate, and `items` agenda items. */
  async function prepared(title: string, items: string[]): Promise<Meeting> {
    const sec = cast.secretary.client;
    const meeting = await apiMeeting(sec, { title, ...times, chairId: cast.chair.id });
    await apiParticipant(sec, meeting.id, cast.delegate.id);
    for (const t of items) await apiItem(sec, meeting.id, { title: t, presenterName: 'Sở Tài chính' });
    return meeting;
  }

  async function download(client: ApiClient, meetingId: string): Promise<Response> {
    return fetch(`${server.url}/api/meetings/${meetingId}/invitation.pdf`, {
      headers: { cookie: client.cookie ?? '', 'accept-language': client.lang },
    });
  }

  /** Saves the PDF and reads it back with poppler: the text laid out, the fonts and the page size. */
  async function inspect(res: Response, name: string) {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const [text, fonts, info] = await Promise.all([
      run('pdftotext', ['-layout', file, '-']),
      run('pdffonts', [file]),
      run('pdfinfo', [file]),
    ]);
    return {
      layout: text.stdout,
      flat: text.stdout.replace(/\s+/g, ' '),
      fonts: fonts.stdout,
      info: info.stdout,
    };
  }

  it('numbers the invitation at publication and lays it out as a clerk files it', async () => {
    const meeting = await prepared('Phiên họp thường kỳ tháng 02 năm 2027 của Ủy ban nhân dân Thành phố', [
      'Báo cáo tình hình kinh tế - xã hội tháng 01 năm 2027',
      'Tờ trình phân bổ vốn đầu tư công năm 2027',
    ]);
    await apiStatus(cast.secretary.client, meeting, 'published');

    const res = await download(cast.delegate.client, meeting.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('Giay moi so 1-GM-UBND.pdf');
    const pdf = await inspect(res, 'first');

    // The heading: issuing body and number on the left, national title, motto and date on the right.
    const lines = pdf.layout.split('\n').map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    expect(lines).toContain('ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines).toContain('THÀNH PHỐ HÀ NỘI | Độc lập - Tự do - Hạnh phúc');
    expect(lines).toContain('Số: 1/GM-UBND | Hà Nội, ngày 03 tháng 02 năm 2027');
    expect(lines).toContain('GIẤY MỜI');
    const flat = pdf.flat;
    expect(flat).toContain('Phiên họp thường kỳ tháng 02 năm 2027 của Ủy ban nhân dân Thành phố');
    expect(flat).toContain('Ủy ban nhân dân Thành phố Hà Nội trân trọng kính mời:');
    expect(flat).toContain('- Đồng chí Đỗ Việt Hùng, Giám đốc Sở Thông tin và Truyền thông;');
    expect(flat).toContain('Chủ trì: đồng chí Nguyễn Văn An.');
    expect(flat).toContain('Thời gian: vào lúc 08 giờ 00 phút, Thứ Sáu, ngày 05 tháng 02 năm 2027.');
    expect(flat).toContain('Địa điểm: Phòng họp số 1, tầng 3.');
    expect(flat).toContain(
      '1. Báo cáo tình hình kinh tế - xã hội tháng 01 năm 2027 (trình bày: Sở Tài chính).',
    );
    expect(flat).toContain('2. Tờ trình phân bổ vốn đầu tư công năm 2027 (trình bày: Sở Tài chính).');
    expect(flat).toContain('tài liệu họp trên hệ thống I-Cabinet');
    expect(flat).toMatch(/Nơi nhận: .*TL\. CHỦ TỊCH/);
    expect(flat).toContain('- Như thành phần mời;');
    expect(flat).toContain('- Lưu: VT, VP.');
    expect(flat).toContain('CHÁNH VĂN PHÒNG');
    expect(flat).toContain('Nguyễn Văn Hùng');

    // Tinos embedded as subsets (name with a six-letter tag, "emb sub uni" all yes), on A4.
    const tinos = pdf.fonts.split('\n').filter((l) => /^[A-Z]{6}\+Tinos-/.test(l));
    expect(tinos.map((l) => l.split(/\s+/)[0]?.slice(7)).sort()).toEqual([
      'Tinos-Bold',
      'Tinos-BoldItalic',
      'Tinos-Italic',
      'Tinos-Regular',
    ]);
    for (const l of tinos) expect(l).toMatch(/yes\s+yes\s+yes/);
    expect(pdf.fonts).not.toMatch(/Helvetica|Times-Roman/);
    expect(pdf.info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pdf.info).toMatch(/Pages:\s+1\n/);

    // The invitation e-mail carries the same numbered PDF beside the calendar invitation.
    const mails = await smtp.waitFor(1);
    const mail = mails.find((m) => m.to.includes('hung.dv@hanoi.gov.vn'));
    const attached = mail?.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(attached?.filename).toBe('Giay moi so 1-GM-UBND.pdf');
    const mailed = path.join(dir, 'mailed.pdf');
    await writeFile(mailed, attached?.content ?? Buffer.alloc(0));
    const mailedText = (await run('pdftotext', ['-layout', mailed, '-'])).stdout.replace(/\s+/g, ' ');
    expect(mailedText).toContain('Số: 1/GM-UBND');
    expect(mailedText).toContain('Hà Nội, ngày 03 tháng 02 năm 2027');

    // Downloading an official document is in the audit log; so is the number given.
    const audit = await admin.get<{ items: AuditEntry[] }>(`/api/audit?targetId=${meeting.id}`);
    const actions = audit.body.items.map((e) => e.action);
    expect(actions).toContain('official_document.issued');
    expect(actions).toContain('export.invitation_pdf');
    const issued = audit.body.items.find((e) => e.action === 'official_document.issued');
    expect(issued?.data).toMatchObject({ number: 1, symbol: 'GM-UBND', year: 2027 });
  });

  it('keeps the number when the meeting is postponed and published again', async () => {
    const meeting = await prepared('Họp giao ban Văn phòng', ['Giao ban tuần']);
    await apiStatus(cast.secretary.client, meeting, 'published');
    const before = await server.running.store.officialDocuments.get(meeting.id, 'invitation');
    expect(before?.number).toBeGreaterThan(0);
    await apiStatus(cast.secretary.client, meeting, 'postponed', 'Lãnh đạo bận đột xuất');
    await apiStatus(cast.secretary.client, meeting, 'published');
    await expect(server.running.store.officialDocuments.get(meeting.id, 'invitation')).resolves.toEqual(
      before,
    );
    const pdf = await inspect(await download(cast.chair.client, meeting.id), 'republished');
    expect(pdf.flat).toContain(`Số: ${before?.number}/GM-UBND`);
  });

  it('gives meetings published at the same moment distinct numbers', async () => {
    const meetings = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        apiMeeting(cast.secretary.client, { title: `Họp chuyên đề số ${i + 1}`, ...times }),
      ),
    );
    await Promise.all(meetings.map((m) => apiStatus(cast.secretary.client, m, 'published')));
    const docs = await Promise.all(
      meetings.map((m) => server.running.store.officialDocuments.get(m.id, 'invitation')),
    );
    const numbers = docs.map((d) => d?.number);
    expect(numbers.every((n) => typeof n === 'number')).toBe(true);
    expect(new Set(numbers).size).toBe(meetings.length);
  });

  it('flows a long agenda onto further pages, numbered, with the signature kept with the last paragraph', async () => {
    const items = Array.from(
      { length: 16 },
      (_, i) =>
        `Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh của lĩnh vực số ${i + 1} và phương hướng năm 2027`,
    );
    const meeting = await prepared(
      'Hội nghị tổng kết năm 2026 và triển khai nhiệm vụ năm 2027 của Ủy ban nhân dân Thành phố Hà Nội với các sở, ban, ngành',
      items,
    );
    await apiStatus(cast.secretary.client, meeting, 'published');
    const pdf = await inspect(await download(cast.delegate.client, meeting.id), 'long');
    const pages = pdf.layout.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pdf.info).toMatch(new RegExp(`Pages:\\s+${pages.length}\\n`));
    expect(pdf.flat).toContain(
      'Hội nghị tổng kết năm 2026 và triển khai nhiệm vụ năm 2027 của Ủy ban nhân dân Thành phố Hà Nội với các sở, ban, ngành',
    );
    for (let i = 1; i <= 16; i++) expect(pdf.flat).toContain(`${i}. Báo cáo kết quả thực hiện nhiệm vụ`);
    // Pages after the first carry their number on top; the signature never stands alone.
    pages.slice(1).forEach((page, i) => expect(page.trim().split('\n')[0]?.trim()).toBe(String(i + 2)));
    const last = pages.at(-1) ?? '';
    expect(last).toContain('Nơi nhận:');
    expect(last).toContain('Đề nghị các đồng chí nghiên cứu tài liệu họp');
  });

  it('answers a draft with 409, an outsider with 403 and an unknown meeting with 404', async () => {
    const draft = await prepared('Họp chuẩn bị (dự thảo)', ['Nội dung']);
    const organiser = await download(cast.secretary.client, draft.id);
    expect(organiser.status).toBe(409);
    expect(((await organiser.json()) as ErrorReply).error.message).toContain('chưa được công bố');
    const en = new ApiClient(server.url, 'en');
    en.cookie = cast.secretary.client.cookie;
    const english = await download(en, draft.id);
    expect(((await english.json()) as ErrorReply).error.message).toContain('has not been published');
    await expect(server.running.store.officialDocuments.get(draft.id, 'invitation')).resolves.toBeNull();
    expect((await download(cast.delegate.client, draft.id)).status).toBe(403);

    await apiStatus(cast.secretary.client, draft, 'published');
    expect((await download(cast.outsider.client, draft.id)).status).toBe(403);
    expect((await download(cast.delegate.client, draft.id)).status).toBe(200);
    expect((await download(cast.delegate.client, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await download(new ApiClient(server.url), draft.id)).status).toBe(401);
  });
});
