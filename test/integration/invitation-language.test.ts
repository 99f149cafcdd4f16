import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, passwordFor } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { publishedMeeting } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { eventually } from '../utils/eventually.js';

const EN = { 'accept-language': 'en-GB,en;q=0.9' };
const LONG_DATE_EN =
  /\d\d:\d\d, (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d\d\/\d\d\/\d{4}/;
const LONG_DATE_VI = /\d\d:\d\d, (Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d\/\d\d\/\d{4}/;

let server: TestServer;
let secretary: ApiClient;
let meetingId: string;
let anLink: string;
let binhLink: string;

/** The personal link in the e-mail written to the outbox for an address. */
const linkFor = (email: string) =>
  eventually(async () => {
    for (const name of await readdir(path.join(server.dataDir, 'outbox'))) {
      const mail = await readFile(path.join(server.dataDir, 'outbox', name), 'utf8');
      const found = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail);
      if (mail.includes(email) && found) return `${server.url}/invite/${found[1]}`;
    }
    throw new Error(`no invitation e-mail to ${email} yet`);
  });

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const member = async (username: string, fullName: string, email: string) => {
    const res = await admin.post<{ user: { id: string } }>('/api/users', {
      username,
      fullName,
      email,
      password: passwordFor(username),
    });
    if (res.status !== 201) throw new Error(`user ${username}: ${res.status}`);
    return res.body.user.id;
  };
  const sec = await createUser(server.url, admin, {
    username: 'thuky.ngonngu',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  secretary = sec.client;
  const chair = await createUser(server.url, admin, {
    username: 'chutich.ngonngu',
    fullName: 'Nguyễn Văn Chủ',
  });
  const an = await member('an.ngonngu', 'Nguyễn Văn An', 'an.ngonngu@hanoi.gov.vn');
  const binh = await member('binh.ngonngu', 'Trần Thị Bình', 'binh.ngonngu@hanoi.gov.vn');
  meetingId = (await publishedMeeting(secretary, chair.id, [{ userId: an }, { userId: binh }])).id;
  anLink = await linkFor('an.ngonngu@hanoi.gov.vn');
  binhLink = await linkFor('binh.ngonngu@hanoi.gov.vn');
});
afterAll(async () => {
  await server.stop();
});

describe('the invitation reply page speaks the browser’s language', () => {
  it('is in Vietnamese by default, with the date written the Vietnamese way', async () => {
    const res = await fetch(anLink);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('Kính gửi: <strong>Nguyễn Văn An</strong>');
    expect(page).toContain('Tôi sẽ tham dự');
    expect(page).toContain('Ông/bà chưa trả lời giấy mời này.');
    expect(page).toMatch(LONG_DATE_VI);
  });

  it('is in English when the browser asks for English: every label, the status and the date', async () => {
    const res = await fetch(anLink, { headers: EN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('en');
    const page = await res.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Meeting invitation — I-Cabinet</title>');
    expect(page).toContain('To: <strong>Nguyễn Văn An</strong>');
    expect(page).toContain('Phiên họp UBND Thành phố thường kỳ tháng 12'); // the meeting's own title stays
    expect(page).toContain('I will attend');
    expect(page).toContain('Send a deputy');
    expect(page).toContain('You have not answered this invitation yet.');
    expect(page).toContain('please do not forward it');
    expect(page).toMatch(LONG_DATE_EN);
    for (const vietnamese of ['Kính gửi', 'Tôi sẽ tham dự', 'Báo vắng', 'Thời gian', 'Chương trình'])
      expect(page).not.toContain(vietnamese);
  });

  it('lets the reader switch language on the page, whatever the browser says, and keeps it when they reply', async () => {
    // A Vietnamese official on a phone set to English opens the page in English…
    const en = await (await fetch(anLink, { headers: EN })).text();
    expect(en).toContain('<a href="?lang=vi" hreflang="vi" lang="vi">Tiếng Việt</a>');
    // …chooses Tiếng Việt, and the page and the answer to the form stay Vietnamese.
    const vi = await fetch(`${anLink}?lang=vi`, { headers: EN });
    expect(vi.headers.get('content-language')).toBe('vi');
    const viPage = await vi.text();
    expect(viPage).toContain('Kính gửi: <strong>Nguyễn Văn An</strong>');
    expect(viPage).toContain('<span aria-current="true" lang="vi">Tiếng Việt</span>');
    const refused = await fetch(`${anLink}?lang=vi`, {
      method: 'POST',
      headers: EN,
      body: new URLSearchParams({ answer: 'decline', reason: '' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<html lang="vi">');
    // An unknown choice is ignored: the browser's language again.
    const odd = await fetch(`${anLink}?lang=fr`, { headers: EN });
    expect(await odd.text()).toContain('<html lang="en">');
  });

  it('answers a refused and an accepted form in English, and records the reply', async () => {
    const post = (form: Record<string, string>) =>
      fetch(anLink, { method: 'POST', headers: EN, body: new URLSearchParams(form) });
    const missing = await post({ answer: 'decline', reason: '' });
    expect(missing.status).toBe(400);
    const refused = await missing.text();
    expect(refused).toContain('<html lang="en">');
    expect(refused).toContain('Your reply could not be sent yet:');
    expect(refused).toContain('Please give the reason for your absence.');

    const declined = await post({ answer: 'decline', reason: 'Business trip to Da Nang' });
    expect(declined.status).toBe(200);
    const saved = await declined.text();
    expect(saved).toContain('Your reply has been recorded. Thank you!');
    expect(saved).toContain('You have sent your apologies. Reason: Business trip to Da Nang');
  });

  it('shows a bad link’s error page in the reader’s language, Vietnamese by default', async () => {
    const bad = `${server.url}/invite/${'x'.repeat(43)}`;
    const en = await fetch(bad, { headers: EN });
    expect(en.status).toBe(404);
    const enPage = await en.text();
    expect(enPage).toContain('<html lang="en">');
    expect(enPage).toContain('The invitation could not be opened');
    expect(enPage).toContain('This reply link is not valid or has been replaced.');

    const vi = await fetch(bad);
    expect(vi.status).toBe(404);
    const viPage = await vi.text();
    expect(viPage).toContain('<html lang="vi">');
    expect(viPage).toContain('Không mở được giấy mời');
    expect(viPage).toContain('Đường dẫn trả lời giấy mời không đúng');
  });

  it('refuses a post from another site with an English page when asked', async () => {
    const forged = await fetch(binhLink, {
      method: 'POST',
      headers: { ...EN, origin: 'https://lua-dao.example', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ answer: 'attend' }),
    });
    expect(forged.status).toBe(403);
    const page = await forged.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('did not come from the I-Cabinet application');
  });
});

describe('the secretariat’s CSV export follows the request’s language', () => {
  const exportAs = async (lang: 'vi' | 'en') => {
    const res = await secretary.request<string>(
      'GET',
      `/api/meetings/${meetingId}/invitations.csv`,
      undefined,
      {
        'accept-language': lang,
      },
    );
    expect(res.status).toBe(200);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    return { disposition: res.headers.get('content-disposition'), lines };
  };

  it('writes English headers, answers and delivery states for an English request', async () => {
    const { disposition, lines } = await exportAs('en');
    expect(disposition).toMatch(/^attachment; filename="invitations-\d{4}-\d\d-\d\d\.csv"$/);
    expect(lines[0]).toBe(
      '"Full name","Position","E-mail","Phone","Answer","Reason","Deputy","In the app","E-mail (delivery)","SMS/Zalo","Opened the link","Replied at","Present (check-in)"',
    );
    const an = lines.find((l) => l.startsWith('"Nguyễn Văn An"'))!;
    expect(an).toContain('"Absent","Business trip to Da Nang"');
    expect(an).toMatch(LONG_DATE_EN);
    expect(an).toMatch(/"Not yet"$/);
    const binh = lines.find((l) => l.startsWith('"Trần Thị Bình"'))!;
    expect(binh).toContain('"No reply"');
    expect(lines.join('\n')).not.toMatch(/Chưa|Vắng|Họ và tên/);
  });

  it('stays in Vietnamese by default', async () => {
    const { disposition, lines } = await exportAs('vi');
    expect(disposition).toMatch(/^attachment; filename="giay-moi-\d{4}-\d\d-\d\d\.csv"$/);
    expect(lines[0]).toMatch(/^"Họ và tên","Chức vụ",.*"Có mặt \(điểm danh\)"$/);
    const an = lines.find((l) => l.startsWith('"Nguyễn Văn An"'))!;
    expect(an).toContain('"Vắng"');
    expect(an).toMatch(LONG_DATE_VI);
    expect(an).toMatch(/"Chưa"$/);
    expect(lines.find((l) => l.startsWith('"Trần Thị Bình"'))).toContain('"Chưa trả lời"');
  });
});
