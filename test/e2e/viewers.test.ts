import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CAST, createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiItem, apiMeeting, apiStatus } from '../utils/meetings.js';
import { joinRoom, roomCommand, uploadReport } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { ownPassword, signIn } from '../utils/e2e.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { importSampleSites } from '../utils/sites.js';

let server: TestServer;
let browser: Browser;
let cast: Record<'secretary' | 'chair', TestUser>;
let meetingId: string;
let documentId: string;
let chair: ClientSocket;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair']);
  const sites = await importSampleSites(admin);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị giao ban trực tuyến tháng 12',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiItem(cast.secretary.client, meetingId, { title: 'Báo cáo tình hình kinh tế – xã hội tháng 11' });
  await apiItem(cast.secretary.client, meetingId, { title: 'Kế hoạch chuyển đổi số năm 2025' });
  documentId = (await uploadReport(cast.secretary.client, meetingId)).id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  await cast.secretary.client.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: ['BD', 'BD-PX'].map((c) => sites.get(c)!.id),
  });
  chair = await connectClient(server.url, cast.chair.client.cookie);
  const room = await joinRoom(chair, meetingId);
  expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
  expect((await roomCommand(chair, meetingId, { type: 'document.open', documentId })).ok).toBe(true);
  expect(room.state.status).toBe('not_started');
}, 90_000);

afterAll(async () => {
  chair?.close();
  await browser?.close();
  await server?.stop();
});

describe('viewer links in Chromium', () => {
  let address = '';

  it('lets the secretariat make a site’s viewer link, shown as an address and a QR code', async () => {
    const { page } = await newPage(browser, { baseURL: server.url });
    pages.push(page);
    await signIn(page, { username: CAST.secretary.username, password: await ownPassword(cast.secretary) });
    await page.goto(`/meetings/${meetingId}/edit?tab=sites`);
    await page.getByRole('heading', { name: 'Liên kết theo dõi (màn hình, điện thoại)' }).waitFor();
    await page.getByLabel('Liên kết cho').selectOption({ label: 'Phường Phúc Xá' });
    await page.getByRole('button', { name: 'Tạo liên kết theo dõi' }).click();
    const made = page.getByTestId('viewer-link-made');
    await made.getByRole('img', { name: 'Mã QR của liên kết theo dõi' }).waitFor();
    address = (await made.getByRole('link').textContent()) ?? '';
    expect(address).toMatch(/\/view\/[A-Za-z0-9_-]{43}$/);
    await made.scrollIntoViewIfNeeded();
    await screenshot(page, 'viewer-links-1280x800');
  });

  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`follows the chair's page turns on a ${w}×${h} screen without an account`, async () => {
      const { page } = await newPage(browser, { baseURL: server.url });
      pages.push(page);
      await page.setViewportSize({ width: w, height: h });
      await page.goto(address);
      await page.getByText('Hội nghị giao ban trực tuyến tháng 12').waitFor();
      await page.getByText('Chỉ xem', { exact: false }).first().waitFor();
      const caption = page.getByTestId('viewer-page');
      await caption.waitFor();
      const before = Number((await caption.textContent())?.match(/\d+/)?.[0]);
      await page.locator('.vscreen canvas').first().waitFor();

      const next = before + 1;
      expect((await roomCommand(chair, meetingId, { type: 'page.goto', page: next, zoom: 1 })).ok).toBe(true);
      await page
        .getByTestId('viewer-page')
        .getByText(new RegExp(`Trang ${next}\\b`))
        .waitFor();
      await page.locator(`.display-doc__stage[data-page="${next}"] canvas`).first().waitFor();
      // The item and the speaker reach the screen too.
      const first = page
        .getByTestId('viewer-agenda')
        .getByText('Báo cáo tình hình kinh tế – xã hội tháng 11');
      await first.waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `viewer-screen-${w}x${h}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });
  }

  it('says so in Vietnamese when the link is unknown', async () => {
    const { page } = await newPage(browser, { baseURL: server.url });
    pages.push(page);
    await page.goto(`/view/${'a'.repeat(43)}`);
    await page.getByText('Không mở được màn hình theo dõi').waitFor();
    await page.getByText(/Liên kết theo dõi không đúng hoặc đã bị thu hồi/).waitFor();
    await screenshot(page, 'viewer-unknown-390x844');
  });
});
