import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Invitation, InvitationFigures } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { publishFromEditor } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import {
  controlsOffScreen,
  launchBrowser,
  newPage,
  screenshot,
  scrollsSideways,
  smallTouchTargets,
  VIEWPORTS,
} from '../utils/browser.js';

const TITLE = 'Phiên họp UBND Thành phố về chuyển đổi số';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;
let secretaryApi: ApiClient;
let secretary: { context: BrowserContext; page: Page };
let member: { context: BrowserContext; page: Page };
let guest: { context: BrowserContext; page: Page } | null = null;
let meetingId = '';
const passwords: Record<string, string> = {};

/** Creates a user with an e-mail address (so they also get the e-mail channel), by default on the main server. */
async function makeUser(
  username: string,
  fullName: string,
  systemRole: 'secretary' | 'member',
  title: string,
  by: ApiClient = admin,
) {
  const password = `Mat-khau-${username}-1`;
  const res = await by.post<{ user: { id: string } }>('/api/users', {
    username,
    fullName,
    systemRole,
    password,
    title,
    email: `${username}@hanoi.gov.vn`,
  });
  expect(res.status).toBe(201);
  passwords[username] = password;
  return res.body.user.id;
}

/** Signs in through the login form. */
async function signIn(p: Page, username: string): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu', { exact: true }).fill(passwords[username] ?? '');
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** Checks a screen for finger-sized controls and a layout that fits, then saves a screenshot. */
async function look(p: Page, name: string): Promise<void> {
  await screenshot(p, name);
  expect({ name, small: await smallTouchTargets(p) }).toEqual({ name, small: [] });
  expect({ name, cutOff: await controlsOffScreen(p) }).toEqual({ name, cutOff: [] });
  expect({ name, sideways: await scrollsSideways(p) }).toEqual({ name, sideways: false });
}

/** Waits until `check` passes (the server delivers invitations from background jobs). */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The personal link in the invitation e-mail sent to `address`, read from the outbox as a mail client would. */
async function linkFromOutbox(address: string): Promise<string> {
  const dir = path.join(server.dataDir, 'outbox');
  return eventually(async () => {
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const f of files.filter((n) => n.endsWith('.eml'))) {
      const mail = await simpleParser(await readFile(path.join(dir, f)));
      const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
      if (!to.some((a) => a.value.some((v) => v.address === address))) continue;
      const link = /https?:\/\/[^\s"<>]+\/invite\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0];
      if (link) return link;
    }
    return undefined;
  });
}

/** The table row of one invitee (a principal's row also names their deputy, so match the name cell). */
const row = (p: Page, name: string) =>
  p.getByRole('row').filter({ has: p.locator('.recipient__name', { hasText: name }) });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = new ApiClient(server.url);
  expect(await admin.login('admin', server.adminPassword)).toBe(200);
  await makeUser('thuky.lan', 'Hoàng Thị Lan', 'secretary', 'Chuyên viên Văn phòng');
  const hung = await makeUser('gd.hung', 'Đỗ Việt Hùng', 'member', 'Giám đốc Sở');
  const mai = await makeUser('pgd.mai', 'Nguyễn Thị Mai', 'member', 'Phó Giám đốc Sở');
  secretaryApi = new ApiClient(server.url);
  expect(await secretaryApi.login('thuky.lan', passwords['thuky.lan'] ?? '')).toBe(200);
  const meeting = await apiMeeting(secretaryApi, { title: TITLE });
  meetingId = meeting.id;
  await apiParticipant(secretaryApi, meetingId, hung);
  await apiParticipant(secretaryApi, meetingId, mai);
  await apiItem(secretaryApi, meetingId, { title: 'Báo cáo chuyển đổi số năm 2024' });
  secretary = await newPage(browser, { baseURL: server.url });
  await signIn(secretary.page, 'thuky.lan');
  member = await newPage(browser, { baseURL: server.url });
  await signIn(member.page, 'gd.hung');
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  await screenshot(secretary.page, `FAILED-inv-secretary-${task.name.slice(0, 40)}`);
  await screenshot(member.page, `FAILED-inv-member-${task.name.slice(0, 40)}`);
  if (guest) await screenshot(guest.page, `FAILED-inv-link-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await guest?.context.close();
  await member?.context.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('digital invitations, from publication to replies, live', () => {
  it('says that invitations go out on publication while the meeting is a draft', async () => {
    const { page } = secretary;
    await page.goto(`/meetings/${meetingId}/edit?tab=invitations`);
    await page.getByRole('heading', { name: 'Giấy mời sẽ được gửi khi công bố cuộc họp' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Giấy mời' }).getAttribute('aria-selected')).toBe('true');
    await look(page, 'invitations-draft-tablet');
  });

  it('publishes the meeting and the member’s bell counts the invitation at once', async () => {
    const { page } = secretary;
    await publishFromEditor(page);
    // The member's page was open all along: the notice arrives over the socket.
    await member.page.getByRole('link', { name: 'Thông báo: 1 chưa đọc' }).waitFor();
    expect(await member.page.locator('.bell__count').textContent()).toBe('1');
  });

  it('shows the secretariat every invitation with its channels', async () => {
    const { page } = secretary;
    await page.getByRole('tab', { name: 'Giấy mời' }).click();
    await row(page, 'Đỗ Việt Hùng').waitFor();
    await row(page, 'Nguyễn Thị Mai').waitFor();
    // Both e-mails reach the outbox; the tab follows without a reload.
    await eventually(async () =>
      (await row(page, 'Nguyễn Thị Mai').getByText('Thư điện tử: Đã gửi').count()) > 0 ? true : undefined,
    );
    await row(page, 'Đỗ Việt Hùng').getByText('Ứng dụng: Đã nhận').waitFor();
    const csv = page.getByRole('link', { name: 'Xuất danh sách (CSV)' });
    expect(await csv.getAttribute('href')).toBe(`/api/meetings/${meetingId}/invitations.csv`);
    await look(page, 'invitations-sent-tablet');
  });

  it('lets the member open the inbox from the bell and decline with a reason', async () => {
    const { page } = member;
    await page.getByRole('link', { name: 'Thông báo: 1 chưa đọc' }).click();
    await page.getByRole('heading', { name: 'Giấy mời của tôi', level: 1 }).waitFor();
    const card = page.locator('.invite-card').filter({ hasText: TITLE });
    await card.getByText('Phòng họp số 1, tầng 3').waitFor();
    await card.getByText('Chưa trả lời').waitFor();
    // Reading the inbox clears the bell.
    await page.getByRole('link', { name: 'Thông báo', exact: true }).waitFor();
    await look(page, 'inbox-tablet');

    await card.getByRole('button', { name: 'Cử người dự thay' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trả lời giấy mời' });
    await dialog.getByLabel('Họ và tên người dự thay').fill('Trần Thị Bích');
    await dialog.getByLabel(/^Thư điện tử/).fill('bich@');
    await dialog.getByLabel(/^Điện thoại/).fill('09ab');
    await dialog.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await dialog.getByText('Địa chỉ e-mail không hợp lệ.').waitFor();
    await dialog.getByText('Số điện thoại không hợp lệ (ví dụ: 0912 345 678).').waitFor();
    await look(page, 'inbox-reply-invalid-tablet');

    await dialog.getByText('Báo vắng', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Gửi báo vắng' }).click();
    await dialog.getByText('Vui lòng nhập thông tin này.').waitFor();
    await dialog.getByLabel('Lý do vắng mặt').fill('Đi công tác tại Đà Nẵng');
    await dialog.getByRole('button', { name: 'Gửi báo vắng' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi câu trả lời của bạn.' }).waitFor();
    await card.getByText('Lý do: Đi công tác tại Đà Nẵng').waitFor();
    await card.locator('.badge').filter({ hasText: 'Vắng' }).waitFor();
  });

  it('shows the decline in the secretariat’s tab without a reload', async () => {
    const { page } = secretary;
    const hung = row(page, 'Đỗ Việt Hùng');
    await hung.getByText('Lý do: Đi công tác tại Đà Nẵng').waitFor();
    await hung.locator('.badge').filter({ hasText: 'Vắng' }).waitFor();
    await page.locator('.stack__legend').first().getByText('Vắng: 1').waitFor();
  });

  /** Fills and sends the reply page's deputy form (the page is server-rendered HTML, no script). */
  async function sendDeputy(page: Page): Promise<void> {
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByText('Cử người dự thay', { exact: true }).click();
    await page.getByLabel('Họ và tên người dự thay').fill('Lê Văn Phúc');
    await page.getByLabel('Chức vụ').fill('Trưởng phòng Tin học');
    await page.getByLabel('Thư điện tử').fill('phuc.lv@hanoi.gov.vn');
    await page.getByLabel('Điện thoại').fill('0912 345 678');
    await page.getByRole('button', { name: 'Gửi đề nghị cử người dự thay' }).click();
    await page.getByText('Đã ghi nhận câu trả lời của ông/bà. Cảm ơn!').waitFor({ timeout: 5_000 });
  }

  it('lets the other member send a deputy from the personal link, without signing in', async () => {
    const link = await linkFromOutbox('pgd.mai@hanoi.gov.vn');
    guest = await newPage(browser, { viewport: 'portrait', locale: 'vi-VN' });
    const { page } = guest;
    await page.goto(link);
    await screenshot(page, 'invitation-link-portrait');
    await sendDeputy(page);
    await screenshot(page, 'invitation-link-deputy-portrait');
  });

  it('lets the secretariat approve the deputy, who then gets an invitation of their own', async () => {
    const { page } = secretary;
    const mai = row(page, 'Nguyễn Thị Mai');
    await mai.getByText('Cử người dự thay (chờ duyệt)').waitFor();
    await mai.getByText('Người dự thay: Lê Văn Phúc, Trưởng phòng Tin học').waitFor();
    await mai.getByText(/^Thư điện tử: Đã gửi/).waitFor();
    await look(page, 'invitations-deputy-pending-tablet');
    await mai.getByRole('button', { name: 'Duyệt người dự thay Lê Văn Phúc' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã duyệt người dự thay; người này sẽ nhận giấy mời riêng.' })
      .waitFor();
    await mai.getByText('Người dự thay đã duyệt').waitFor();
    await row(page, 'Lê Văn Phúc').getByText('Người dự thay', { exact: true }).waitFor();
    // The deputy's own invitation goes out by e-mail (counted in the savings below).
    await row(page, 'Lê Văn Phúc')
      .getByText(/^Thư điện tử: Đã gửi/)
      .waitFor();
    const list = await secretaryApi.get<{ items: Invitation[] }>(`/api/meetings/${meetingId}/invitations`);
    expect(list.body.items.map((i) => [i.recipientName, i.status]).sort()).toEqual(
      [
        ['Hoàng Thị Lan', 'pending'],
        ['Lê Văn Phúc', 'attending'],
        ['Nguyễn Thị Mai', 'deputy_approved'],
        ['Đỗ Việt Hùng', 'declined'],
      ].sort(),
    );
  });

  it('fits the tracking tab on a portrait tablet and on a desktop', async () => {
    const { page } = secretary;
    await page.setViewportSize(VIEWPORTS.portrait);
    await page
      .locator('.card-item')
      .filter({ has: page.locator('.recipient__name', { hasText: 'Lê Văn Phúc' }) })
      .waitFor();
    await look(page, 'invitations-portrait');
    await page.setViewportSize(VIEWPORTS.desktop);
    await row(page, 'Lê Văn Phúc').waitFor();
    await look(page, 'invitations-desktop');
    await page.setViewportSize(VIEWPORTS.tablet);
  });

  it('shows the member’s inbox and notices on a portrait tablet', async () => {
    const { page } = member;
    await page.setViewportSize(VIEWPORTS.portrait);
    await look(page, 'inbox-portrait');
    await page.getByRole('tab', { name: 'Thông báo' }).click();
    await page.locator('.notice-item').first().waitFor();
    await look(page, 'inbox-notices-portrait');
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.getByRole('tab', { name: 'Giấy mời' }).click();
    await look(page, 'inbox-desktop');
  });

  it('shows the secretariat what digital invitations saved', async () => {
    const { page } = secretary;
    await page.goto('/');
    const card = page.getByRole('region', { name: 'Tiết kiệm nhờ giấy mời điện tử' });
    await card.waitFor();
    // The secretary (a participant too), the two members and the deputy, at the configured cost each.
    const figures = await secretaryApi.get<InvitationFigures>('/api/reports/invitations');
    expect(figures.body.deliveredDigitally).toBe(4);
    expect(figures.body.savedVnd).toBe(4 * figures.body.unitCostVnd);
    const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });
    await card.getByText(vnd.format(figures.body.savedVnd), { exact: true }).waitFor();
    await card.getByText(/^4 giấy mời gửi qua ứng dụng/).waitFor();
    await look(page, 'home-savings-tablet');
  });
});

describe('filters of the tracking tab: finding the invitations that need the secretariat', () => {
  /** Addresses the mail server refuses ("550 mailbox unavailable") until they are taken out. */
  const refused = new Set(['gd.an@hanoi.gov.vn']);
  let smtp: TestSmtp;
  let mailServer: TestServer;
  let thuky: { context: BrowserContext; page: Page };
  let filtersMeetingId = '';

  /** The invitation rows (table) or cards (portrait) the tab shows. */
  const shownNames = (p: Page) => p.locator('.recipient__name').allTextContents();
  const chip = (p: Page, name: string) =>
    p.getByRole('group', { name: 'Lọc giấy mời theo tình trạng' }).getByRole('button', { name });
  /** The chip, once it is the chosen one. */
  const chosen = (p: Page, name: string) => chip(p, name).and(p.locator('[aria-pressed="true"]'));

  beforeAll(async () => {
    smtp = await startSmtp({
      onRcptTo(address, _session, callback) {
        if (!refused.has(address.address)) return callback();
        const err = new Error('5.1.1 Hộp thư không tồn tại') as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
      },
    });
    mailServer = await startServer({ env: { SMTP_URL: smtp.url, REMINDERS: 'off' } });
    const root = new ApiClient(mailServer.url);
    expect(await root.login('admin', mailServer.adminPassword)).toBe(200);
    await makeUser('thuky.ha', 'Phạm Thu Hà', 'secretary', 'Chuyên viên Văn phòng UBND', root);
    const people = {
      an: await makeUser('gd.an', 'Nguyễn Văn An', 'member', 'Giám đốc Sở Tài chính', root),
      binh: await makeUser('gd.binh', 'Trần Thanh Bình', 'member', 'Giám đốc Sở Xây dựng', root),
      cuong: await makeUser('gd.cuong', 'Lê Văn Cường', 'member', 'Giám đốc Sở Y tế', root),
      dung: await makeUser('gd.dung', 'Phạm Thị Dung', 'member', 'Giám đốc Sở Giáo dục và Đào tạo', root),
    };
    const ha = new ApiClient(mailServer.url);
    expect(await ha.login('thuky.ha', passwords['thuky.ha'] ?? '')).toBe(200);
    const meeting = await apiMeeting(ha, { title: 'Phiên họp UBND Thành phố về ngân sách năm 2025' });
    filtersMeetingId = meeting.id;
    for (const id of Object.values(people)) await apiParticipant(ha, meeting.id, id);
    await apiItem(ha, meeting.id, { title: 'Dự toán ngân sách năm 2025' });
    await apiStatus(ha, meeting, 'published');

    // Bình declines and Cường comes, from the app; An's mailbox refuses the e-mail.
    const reply = async (username: string, body: Record<string, unknown>) => {
      const client = new ApiClient(mailServer.url);
      expect(await client.login(username, passwords[username] ?? '')).toBe(200);
      const mine = await eventually(async () => {
        const res = await client.get<{ items: Invitation[] }>('/api/invitations/mine');
        return res.body.items.find((i) => i.meetingId === meeting.id);
      });
      expect((await client.post(`/api/invitations/${mine.id}/reply`, body)).status).toBe(200);
    };
    await reply('gd.binh', { answer: 'decline', reason: 'Đi công tác tại Cần Thơ' });
    await reply('gd.cuong', { answer: 'attend' });
    await eventually(async () => {
      const res = await ha.get<{ items: Invitation[] }>(`/api/meetings/${meeting.id}/invitations`);
      const an = res.body.items.find((i) => i.recipientName === 'Nguyễn Văn An');
      return an?.deliveries.some((d) => d.channel === 'email' && d.status === 'failed') ? true : undefined;
    });

    thuky = await newPage(browser, { baseURL: mailServer.url });
    await signIn(thuky.page, 'thuky.ha');
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
      await screenshot(thuky.page, `FAILED-inv-filters-${task.name.slice(0, 40)}`);
  });

  afterAll(async () => {
    await thuky?.context.close();
    await mailServer?.stop();
    await smtp?.stop();
  });

  it('counts every filter and, on "Gửi lỗi", shows only the refused e-mail, also after a reload', async () => {
    const { page } = thuky;
    await page.goto(`/meetings/${filtersMeetingId}/edit?tab=invitations`);
    await row(page, 'Nguyễn Văn An').getByText('Thư điện tử: Gửi lỗi').waitFor();
    await row(page, 'Nguyễn Văn An')
      .getByText(/không tồn tại/)
      .waitFor();
    for (const name of [
      'Tất cả (5)',
      'Gửi lỗi (1)',
      'Chưa trả lời (3)',
      'Vắng (1)',
      'Cử người dự thay (0)',
      'Tham dự (1)',
    ])
      await chip(page, name).waitFor();
    await chosen(page, 'Tất cả (5)').waitFor();
    expect(await shownNames(page)).toHaveLength(5);
    await look(page, 'invitations-filters-tablet');

    await chip(page, 'Gửi lỗi (1)').click();
    await page.waitForURL(/[?&]filter=failed(&|$)/);
    expect(new URL(page.url()).searchParams.get('tab')).toBe('invitations');
    await chosen(page, 'Gửi lỗi (1)').waitFor();
    expect(await shownNames(page)).toEqual(['Nguyễn Văn An']);
    await page.getByRole('button', { name: 'Gửi lại 1 giấy mời lỗi' }).waitFor();
    await look(page, 'invitations-filter-failed-tablet');

    await page.reload();
    await row(page, 'Nguyễn Văn An').waitFor();
    await chosen(page, 'Gửi lỗi (1)').waitFor();
    expect(await shownNames(page)).toEqual(['Nguyễn Văn An']);

    await page.setViewportSize(VIEWPORTS.portrait);
    await page.locator('.card-item').first().waitFor();
    expect(await shownNames(page)).toEqual(['Nguyễn Văn An']);
    await look(page, 'invitations-filter-failed-portrait');
  });

  it('says so when a filter has nobody, and finds people by their unit without diacritics', async () => {
    const { page } = thuky;
    await chip(page, 'Cử người dự thay (0)').click();
    await page.getByRole('heading', { name: 'Không có ai cử người dự thay' }).waitFor();
    expect(new URL(page.url()).searchParams.get('filter')).toBe('deputy');
    expect(await shownNames(page)).toEqual([]);
    await look(page, 'invitations-filter-empty-portrait');

    await page.getByRole('button', { name: 'Xem tất cả giấy mời' }).click();
    await page.waitForURL((url) => !url.searchParams.has('filter'));
    await chosen(page, 'Tất cả (5)').waitFor();

    await page.getByLabel('Tìm người được mời').fill('xay dung');
    await chip(page, 'Tất cả (1)').waitFor();
    await chip(page, 'Vắng (1)').waitFor();
    expect(await shownNames(page)).toEqual(['Trần Thanh Bình']);
    await page.waitForURL((url) => url.searchParams.get('q') === 'xay dung');
    await look(page, 'invitations-search-portrait');

    // Searching within a filter that has nobody matching.
    await chip(page, 'Gửi lỗi (0)').click();
    await page.getByRole('heading', { name: 'Không có giấy mời nào gửi lỗi' }).waitFor();
    await page.getByText('Không có ai khớp với “xay dung” trong mục này.').waitFor();
    await page.getByRole('button', { name: 'Xem tất cả giấy mời' }).click();
    await chip(page, 'Tất cả (5)').waitFor();
    expect(await page.getByLabel('Tìm người được mời').inputValue()).toBe('');
    expect(await shownNames(page)).toHaveLength(5);
  });

  it('resends the failed invitations in one go once the mailbox exists', async () => {
    const { page } = thuky;
    await page.setViewportSize(VIEWPORTS.tablet);
    await chip(page, 'Gửi lỗi (1)').click();
    refused.clear();
    const before = smtp.received.length;
    await page.getByRole('button', { name: 'Gửi lại 1 giấy mời lỗi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi lại 1 giấy mời lỗi.' }).waitFor();
    await smtp.waitFor(before + 1);
    expect(smtp.received.at(-1)?.to).toEqual(['gd.an@hanoi.gov.vn']);
    // The new delivery goes out; nothing is left under "Gửi lỗi".
    await page.getByRole('heading', { name: 'Không có giấy mời nào gửi lỗi' }).waitFor();
    await chip(page, 'Gửi lỗi (0)').waitFor();
    await chosen(page, 'Gửi lỗi (0)').waitFor();
    await look(page, 'invitations-filter-failed-resent-tablet');
  });
});
