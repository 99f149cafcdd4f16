import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { openDrawer, signIn } from '../utils/e2e.js';
import { OPERATORS_CSV, OPERATOR_PASSWORD, SITES_CSV } from '../utils/sites.js';
import { readFile } from 'node:fs/promises';
import type { SiteView } from '@icabinet/shared';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;
let cast: Record<'secretary' | 'chair', TestUser>;
let meetingId: string;
const pages: Page[] = [];

const look = async (p: Page, name: string, size: [number, number]) => {
  await p.setViewportSize({ width: size[0], height: size[1] });
  await screenshot(p, `${name}-${size[0]}x${size[1]}`);
};

/** An operator signs in (their own password first, as the import asks) and opens the site's screen. */
async function operatorScreen(username: string, siteId: string): Promise<Page> {
  const api = new ApiClient(server.url);
  await api.login(username, OPERATOR_PASSWORD);
  const password = `${OPERATOR_PASSWORD}-rieng`;
  await api.post('/api/me/password', { currentPassword: OPERATOR_PASSWORD, newPassword: password });
  const { page } = await newPage(browser, { baseURL: server.url });
  pages.push(page);
  await signIn(page, { username, password });
  await page.goto(`/sites/${siteId}/briefing/${meetingId}`);
  await page.getByText('Điểm cầu đang kết nối').waitFor();
  return page;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair']);
  const users = await admin.post('/api/users/import', await readFile(OPERATORS_CSV, 'utf8'), {
    'content-type': 'text/csv',
  });
  expect(users.status).toBe(200);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị giao ban trực tuyến tháng 12',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiStatus(cast.secretary.client, meeting, 'published');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('online briefing across sites, in Chromium', () => {
  it('lets the administrator import the sites of the city from a CSV with Vietnamese names', async () => {
    const { page } = await newPage(browser, { baseURL: server.url });
    pages.push(page);
    await signIn(page, { username: 'admin', password: server.adminPassword });
    await page.goto('/sites');
    await page.getByText('Chưa có điểm cầu nào').waitFor();
    await page.getByRole('button', { name: 'Nhập từ CSV' }).click();
    await page.getByLabel('Tệp CSV').setInputFiles(SITES_CSV);
    await page.getByRole('button', { name: 'Nhập danh sách' }).click();
    await page.getByText('Đã nhập 16 điểm cầu (1 thành phố, 3 quận/huyện, 12 xã/phường).').waitFor();
    await page.getByRole('cell', { name: 'Phường Phúc Xá' }).waitFor();
    await look(page, 'sites-admin', [1280, 800]);
    await look(page, 'sites-admin', [800, 1280]);
  });

  it('shows two operators reporting, and the roll-up on the chair console and the display', async () => {
    const sites = new Map(
      (await admin.get<{ items: SiteView[] }>('/api/sites')).body.items.map((s) => [s.code, s]),
    );
    const id = (code: string) => sites.get(code)?.id ?? '';
    // The secretariat links Quận Ba Đình with its wards in one click, on a tablet.
    const { page: editor } = await newPage(browser, { baseURL: server.url });
    pages.push(editor);
    await signIn(editor, { username: 'vp.thuky', password: cast.secretary.password });
    await editor.goto(`/meetings/${meetingId}/edit?tab=sites`);
    await editor.getByText('Đã chọn 0 điểm cầu · 0 đại biểu dự kiến').waitFor();
    await editor.getByLabel('Chọn cả Quận Ba Đình và các xã/phường').check();
    await editor
      .getByRole('listitem')
      .filter({ hasText: 'Quận Ba Đình' })
      .getByRole('button', { name: 'Xem xã/phường' })
      .click();
    expect(await editor.getByLabel('Phường Trúc Bạch').isChecked()).toBe(true);
    await editor.getByText('Đã chọn 5 điểm cầu · 116 đại biểu dự kiến').waitFor();
    await look(editor, 'briefing-pick-sites', [800, 1280]);
    await look(editor, 'briefing-pick-sites', [1280, 800]);
    await editor.getByRole('button', { name: 'Lưu điểm cầu' }).click();
    await editor.getByText('Đã lưu 5 điểm cầu. Cán bộ điều hành được mời.').waitFor();
    const linked = await cast.secretary.client.get<{ sites: { code: string }[] }>(
      `/api/meetings/${meetingId}/sites`,
    );
    expect(linked.body.sites.map((s) => s.code).sort()).toEqual(['BD', 'BD-CV', 'BD-PX', 'BD-TB', 'BD-VP']);

    const phucXa = await operatorScreen('dc.phucxa', id('BD-PX'));
    await phucXa.getByRole('link', { name: 'Vào hội nghị truyền hình' }).waitFor();
    await phucXa.getByLabel('Số đại biểu có mặt').fill('16');
    await phucXa.getByRole('button', { name: 'Thêm người vắng' }).click();
    await phucXa.getByLabel('Họ và tên').fill('Nguyễn Văn Hải');
    await phucXa.getByLabel('Lý do').fill('Đi công tác');
    await phucXa.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await phucXa.getByText(/Đã gửi báo cáo lúc/).waitFor();
    await look(phucXa, 'site-operator', [1280, 800]);
    await look(phucXa, 'site-operator', [800, 1280]);

    const badinh = await operatorScreen('dc.badinh', id('BD'));
    await badinh.getByLabel('Số đại biểu có mặt').fill('500');
    await badinh.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await badinh.getByText(/vượt quá nhiều/).waitFor();
    await badinh.getByLabel('Số đại biểu có mặt').fill('44');
    await badinh.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await badinh.getByText(/Đã gửi báo cáo lúc/).waitFor();

    const { page: chair } = await newPage(browser, { baseURL: server.url });
    pages.push(chair);
    await signIn(chair, { username: 'chutich', password: cast.chair.password });
    await chair.goto(`/meetings/${meetingId}/room`);
    // On the chair's console the roll-up is a drawer beside the document.
    await openDrawer(chair, 'Điểm cầu trực tuyến');
    const panel = chair.getByTestId('briefing-rollup');
    await panel.getByText('2/5 điểm cầu đã kết nối').waitFor();
    await panel.getByText('60/116 đại biểu có mặt').waitFor();
    await look(chair, 'briefing-chair', [1280, 800]);
    await look(chair, 'briefing-chair', [800, 1280]);

    // An operator closes the screen: the chair sees the site go.
    await phucXa.close();
    await panel.getByText('1/5 điểm cầu đã kết nối').waitFor();
    await panel.getByText('Phường Phúc Xá').waitFor();

    const { page: display } = await newPage(browser, { baseURL: server.url });
    pages.push(display);
    await signIn(display, { username: 'chutich', password: cast.chair.password });
    await display.goto(`/meetings/${meetingId}/display`);
    // Before the start the projector greets the hall and shows the sites connecting.
    await display.getByTestId('briefing-rollup').getByText('1/5 điểm cầu đã kết nối').waitFor();
    await look(display, 'briefing-display', [1920, 1080]);
  });
});
