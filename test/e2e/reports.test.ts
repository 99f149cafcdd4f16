import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TIME_ZONE_OFFSET_MS, type Invitation } from '@icabinet/shared';
import { launchBrowser, NARROW, newPage, screenshot, screenshotAt } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiItem, apiParticipant, apiStatus, apiUpload, slot } from '../utils/meetings.js';
import { holdMeeting } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let tablet: { context: BrowserContext; page: Page };
let portrait: { context: BrowserContext; page: Page };
let meetingId = '';
let day = '';
const TITLE = 'Phiên họp UBND Thành phố thường kỳ tháng 12';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const sec = await createUser(server.url, admin, {
    username: 'bc.ha',
    fullName: 'Nguyễn Thu Hà',
    systemRole: 'secretary',
  });
  const chair = await createUser(server.url, admin, { username: 'bc.thanh', fullName: 'Trần Sỹ Thanh' });
  const absent = await createUser(server.url, admin, { username: 'bc.hai', fullName: 'Hà Minh Hải' });
  const created = await sec.client.post<{ meeting: { id: string; startsAt: string } }>('/api/meetings', {
    title: TITLE,
    location: 'Phòng họp số 1, 79 Đinh Tiên Hoàng',
    ...slot(0, 3),
    chairId: chair.id,
  });
  meetingId = created.body.meeting.id;
  day = new Date(Date.parse(created.body.meeting.startsAt) + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
  await apiParticipant(sec.client, meetingId, absent.id, 'delegate');
  const { item } = await apiItem(sec.client, meetingId, {
    title: 'Báo cáo tình hình kinh tế - xã hội năm 2026',
    plannedMinutes: 30,
  });
  await apiUpload(server.url, sec.client, meetingId, 'bao-cao-chuyen-doi-so-2024.pdf', {
    agendaItemId: item.id,
  });
  await apiStatus(sec.client, { id: meetingId }, 'published');
  const mine = await absent.client.get<{ items: Invitation[] }>('/api/invitations/mine');
  const inv = mine.body.items.find((i) => i.meetingId === meetingId)!;
  await absent.client.post(`/api/invitations/${inv.id}/reply`, {
    answer: 'decline',
    reason: 'Đi công tác tại Đà Nẵng',
  });
  // The room is held: the chair starts it, checks in, takes up the item, and ends it.
  await holdMeeting(server.url, chair.client, meetingId, [item.id]);
  // Follow-up tasks for two units: one due in two days, one next month.
  const unit = async (code: string, name: string) =>
    (await admin.post<{ unit: { id: string } }>('/api/units', { code, name })).body.unit.id;
  const finance = await unit('STC', 'Sở Tài chính');
  const construction = await unit('SXD', 'Sở Xây dựng');
  const plus = (n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  for (const [title, leadUnitId, deadline] of [
    ['Rà soát dự toán ngân sách quý IV', finance, plus(2)],
    ['Báo cáo giải ngân vốn đầu tư công', finance, plus(25)],
    ['Kiểm tra an toàn công trình trường học', construction, plus(3)],
  ] as const) {
    const res = await sec.client.post('/api/tasks', { title, leadUnitId, deadline });
    if (res.status !== 201) throw new Error(`task: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const password = await ownPassword(sec);
  tablet = await newPage(browser, { baseURL: server.url });
  portrait = await newPage(browser, { baseURL: server.url, viewport: 'portrait' });
  await signIn(tablet.page, { username: 'bc.ha', password });
  await signIn(portrait.page, { username: 'bc.ha', password });
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (tablet) await screenshot(tablet.page, `FAILED-reports-tablet-${name}`);
  if (portrait) await screenshot(portrait.page, `FAILED-reports-portrait-${name}`);
});

afterAll(async () => {
  await tablet?.context.close();
  await portrait?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('reports in the browser', () => {
  it('opens the report of a meeting that has ended from its page, and downloads its PDF', async () => {
    const p = tablet.page;
    await p.goto(`/meetings/${meetingId}/edit`);
    await p.getByRole('main').getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await p.getByRole('heading', { name: 'Báo cáo cuộc họp' }).waitFor();
    const attendance = p.locator('section[aria-labelledby="r-attendance"]');
    await attendance.getByText('Hà Minh Hải').waitFor();
    await expect(attendance.getByRole('row', { name: /Hà Minh Hải/ }).textContent()).resolves.toContain(
      'Đi công tác tại Đà Nẵng',
    );
    await p.getByRole('heading', { name: 'Tài liệu phát hành' }).waitFor();
    await expect(p.locator('section[aria-labelledby="r-documents"] tfoot').textContent()).resolves.toContain(
      '10',
    );
    // The chart is drawn (recharts renders an SVG with one bar per series and item).
    await p.locator('section[aria-labelledby="r-agenda"] .recharts-bar-rectangle').first().waitFor();
    await screenshot(p, 'report-meeting-1280x800');
    await expectTouchFriendly(p, 'meeting report');

    const [pdf] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('link', { name: 'Tải PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^bao-cao-cuoc-hop-\d{4}-\d{2}-\d{2}\.pdf$/);
    const [csv] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('link', { name: 'Tải CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);

    // On paper: the report alone, without the app's header and the buttons.
    await p.emulateMedia({ media: 'print' });
    expect(await p.locator('.app-header').isVisible()).toBe(false);
    expect(await p.getByRole('link', { name: 'Tải PDF' }).isVisible()).toBe(false);
    expect(await p.getByRole('heading', { name: 'Thành phần tham dự' }).isVisible()).toBe(true);
    await screenshot(p, 'report-meeting-print');
    await p.emulateMedia({ media: 'screen' });

    const q = portrait.page;
    await q.goto(`/meetings/${meetingId}/report`);
    await q.getByRole('heading', { name: 'Báo cáo cuộc họp' }).waitFor();
    await q.locator('section[aria-labelledby="r-agenda"] .recharts-bar-rectangle').first().waitFor();
    await screenshot(q, 'report-meeting-800x1280');
    await expectTouchFriendly(q, 'meeting report, portrait');
    await screenshotAt(q, 'report-meeting-768x1024', NARROW);
  });

  it('shows the task dashboard from the home page: units, statuses, due this week, the charts', async () => {
    const p = tablet.page;
    await p.goto('/');
    // From the home page's tile (the secretariat's menu bar is full on a tablet).
    await p
      .getByRole('link', { name: /^Báo cáo/ })
      .first()
      .click();
    await p.getByRole('heading', { name: 'Theo dõi nhiệm vụ' }).first().waitFor();
    const week = p.locator('.figure').filter({ hasText: 'Đến hạn trong 7 ngày' });
    await expect(week.locator('.figure__value').textContent()).resolves.toBe('2');
    await p.getByRole('link', { name: 'Rà soát dự toán ngân sách quý IV' }).waitFor();
    await p.locator('section[aria-labelledby="t-units"] .recharts-bar-rectangle').first().waitFor();
    await screenshot(p, 'report-dashboard-1280x800');
    await expectTouchFriendly(p, 'task dashboard');
    // One unit: the filter goes into the address and survives a reload.
    await p.getByLabel('Đơn vị chủ trì').selectOption({ label: 'Sở Xây dựng' });
    await p.waitForURL(/unit=/);
    await p.reload();
    await p.getByRole('link', { name: 'Kiểm tra an toàn công trình trường học' }).waitFor();
    expect(await p.getByRole('link', { name: 'Rà soát dự toán ngân sách quý IV' }).count()).toBe(0);

    const q = portrait.page;
    await q.goto('/reports');
    await q.getByRole('link', { name: 'Rà soát dự toán ngân sách quý IV' }).waitFor();
    await q.locator('section[aria-labelledby="t-units"] .recharts-bar-rectangle').first().waitFor();
    await screenshot(q, 'report-dashboard-800x1280');
    await expectTouchFriendly(q, 'task dashboard, portrait');
  });

  it('shows the period report, with the period kept in the address', async () => {
    const p = tablet.page;
    await p.goto('/reports');
    await p.getByRole('tab', { name: 'Tổng hợp theo kỳ' }).click();
    await p.getByRole('heading', { name: 'Báo cáo tổng hợp theo kỳ' }).waitFor();
    await p.getByLabel('Từ ngày').fill(day);
    await p.getByLabel('Đến ngày').fill(day);
    await p.waitForURL(new RegExp(`from=${day}&to=${day}`));
    const held = p.locator('.figure').filter({ hasText: 'Cuộc họp đã tổ chức' });
    await expect(held.locator('.figure__value').textContent()).resolves.toBe('1');
    await p.getByRole('link', { name: TITLE }).waitFor();
    await p.getByRole('heading', { name: 'So với mức thí điểm' }).waitFor();
    // A reload (or a shared link) shows the same period.
    await p.reload();
    await p.getByRole('link', { name: TITLE }).waitFor();
    expect(await p.getByLabel('Từ ngày').inputValue()).toBe(day);
    await screenshot(p, 'report-period-1280x800');
    await expectTouchFriendly(p, 'period report');
    const [xlsx] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('link', { name: 'Tải Excel' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(`bao-cao-tu-${day}-den-${day}.xlsx`);

    const q = portrait.page;
    await q.goto(`/reports?view=period&from=${day}&to=${day}`);
    await q.getByRole('link', { name: TITLE }).waitFor();
    await screenshot(q, 'report-period-800x1280');
    await expectTouchFriendly(q, 'period report, portrait');
    // From the period to the meeting's own report.
    await q.getByRole('link', { name: TITLE }).click();
    await q.getByRole('heading', { name: 'Báo cáo cuộc họp' }).waitFor();
  });
});
