import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SiteView, ViewerLinkCreated } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot, smallTouchTargets } from '../utils/browser.js';
import { openDrawer, signIn } from '../utils/e2e.js';
import { importSampleSites, OPERATOR_PASSWORD } from '../utils/sites.js';

/**
 * Issue 17 item 5, tried as people would in Chromium: the operator of Phường Phúc Xá raises the
 * site's hand and writes a question on the site's screen; the chair (console at 1280×800) sees both
 * in "Câu hỏi từ điểm cầu", answers the question in writing (the site's screen shows the answer)
 * and gives the site the floor: the site's video link is highlighted for the chair, the site's
 * screen and another site's screen say "Điểm cầu Phường Phúc Xá đang phát biểu", and the projector
 * (1920×1080) and the site's hall screen (a viewer link, no account) show the site.
 */
let server: TestServer;
let browser: Browser;
let cast: Record<'secretary' | 'chair', TestUser>;
let sites: Map<string, SiteView>;
let meetingId: string;

const siteId = (code: string) => sites.get(code)?.id ?? '';
const look = async (p: Page, name: string, size: [number, number]) => {
  await p.setViewportSize({ width: size[0], height: size[1] });
  await screenshot(p, `${name}-${size[0]}x${size[1]}`);
};

/** An operator signs in (own password first, as the import asks) and opens the site's screen. */
async function siteScreen(username: string, code: string): Promise<Page> {
  const api = new ApiClient(server.url);
  await api.login(username, OPERATOR_PASSWORD);
  const password = `${OPERATOR_PASSWORD}-rieng`;
  await api.post('/api/me/password', { currentPassword: OPERATOR_PASSWORD, newPassword: password });
  const { page } = await newPage(browser, { baseURL: server.url });
  await signIn(page, { username, password });
  await page.goto(`/sites/${siteId(code)}/briefing/${meetingId}`);
  await page.getByText('Điểm cầu đang kết nối').waitFor();
  return page;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair']);
  sites = await importSampleSites(admin);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị giao ban trực tuyến tháng 12',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  const res = await cast.secretary.client.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: [siteId('BD')],
    includeDescendants: true,
  });
  expect(res.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('questions from sites, in Chromium', () => {
  it('lets a site ask, get a written answer and the floor, seen on the console, the site screens and the projector', async () => {
    // The chair runs the meeting from the console.
    const { page: chair } = await newPage(browser, { baseURL: server.url });
    await chair.setViewportSize({ width: 1280, height: 800 });
    await signIn(chair, { username: 'chutich', password: cast.chair.password });
    await chair.goto(`/meetings/${meetingId}/room`);
    await chair.getByRole('button', { name: 'Bắt đầu phiên họp' }).click();
    const queue = await openDrawer(chair, 'Câu hỏi từ điểm cầu');
    await queue.getByText('Chưa có điểm cầu nào xin phát biểu hay gửi câu hỏi.').waitFor();

    const { page: display } = await newPage(browser, { baseURL: server.url });
    await display.setViewportSize({ width: 1920, height: 1080 });
    await signIn(display, { username: 'chutich', password: cast.chair.password });
    await display.goto(`/meetings/${meetingId}/display`);
    await display.getByTestId('display-speaker').waitFor();

    // Trúc Bạch's hall screen follows through a viewer link (no account).
    const link = await cast.secretary.client.post<ViewerLinkCreated>(
      `/api/meetings/${meetingId}/viewer-links`,
      {
        siteId: siteId('BD-TB'),
      },
    );
    expect(link.status).toBe(201);
    const { page: hall } = await newPage(browser, { baseURL: server.url });
    await hall.setViewportSize({ width: 1280, height: 800 });
    await hall.goto(`/view/${link.body.token}`);
    await hall.getByTestId('viewer-speaker').waitFor();

    // Phúc Xá writes a question and raises its hand; Trúc Bạch only follows.
    const phucXa = await siteScreen('dc.phucxa', 'BD-PX');
    const trucBach = await siteScreen('dc.trucbach', 'BD-TB');
    await phucXa.getByText('Điểm cầu chưa gửi câu hỏi nào.').waitFor();
    await phucXa.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await phucXa.getByText('Hãy nhập nội dung câu hỏi trước khi gửi.').waitFor();
    await phucXa
      .getByLabel('Câu hỏi gửi chủ trì')
      .fill('Đề nghị thành phố cho biết lộ trình hỗ trợ nhà ở xã hội cho phường năm 2027?');
    await phucXa.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await phucXa.getByText('Đã gửi câu hỏi số 1.').waitFor();
    await phucXa.getByRole('button', { name: 'Giơ tay xin phát biểu' }).click();
    await phucXa.getByText('Điểm cầu đã giơ tay — đang chờ chủ trì mời').waitFor();

    // The chair's queue fills live, in arrival order, with the site and its district.
    const items = queue.getByTestId('question-item');
    await items.nth(1).waitFor();
    expect(await items.nth(0).innerText()).toContain('Số 1');
    expect(await items.nth(0).innerText()).toContain('Phường Phúc Xá · Quận Ba Đình');
    expect(await items.nth(1).innerText()).toContain('Xin phát biểu');
    await look(chair, 'questions-chair-queue', [1280, 800]);

    // A written answer goes to the site's screen.
    await items.nth(0).getByRole('button', { name: 'Trả lời bằng văn bản' }).click();
    await items
      .nth(0)
      .getByLabel('Nội dung trả lời')
      .fill('Thành phố sẽ công bố lộ trình trong quý I năm 2027; phường lập danh sách hộ đủ điều kiện.');
    await items.nth(0).getByRole('button', { name: 'Gửi trả lời' }).click();
    await phucXa
      .getByTestId('site-answer')
      .getByText(/công bố lộ trình trong quý I/)
      .waitFor();

    // The hand gets the floor: the video link is highlighted for the chair.
    await queue.getByRole('button', { name: 'Mời phát biểu' }).click();
    const floor = queue.getByTestId('questions-floor');
    await floor.getByText('Phường Phúc Xá').waitFor();
    expect(await floor.getByTestId('floor-video-link').getAttribute('href')).toBe(
      'https://hoinghi.example.gov.vn/phong/bd-px',
    );
    await phucXa.getByText('Điểm cầu Phường Phúc Xá đang phát biểu').waitFor();
    await phucXa.getByText(/mời điểm cầu của bạn phát biểu/).waitFor();
    await trucBach.getByText('Điểm cầu Phường Phúc Xá đang phát biểu').waitFor();
    await display.getByTestId('display-floor').getByText('Điểm cầu Phường Phúc Xá đang phát biểu').waitFor();
    await display.getByTestId('display-floor').getByText('Quận Ba Đình').waitFor();
    await hall.getByTestId('viewer-floor').getByText('Điểm cầu Phường Phúc Xá đang phát biểu').waitFor();

    expect(await smallTouchTargets(chair)).toEqual([]);
    expect(await smallTouchTargets(phucXa)).toEqual([]);
    await look(chair, 'questions-chair-floor', [1280, 800]);
    await look(phucXa, 'questions-site-floor', [1280, 800]);
    await look(phucXa, 'questions-site-floor', [800, 1280]);
    await look(trucBach, 'questions-other-site', [1280, 800]);
    await look(display, 'questions-display', [1920, 1080]);
    await look(hall, 'questions-viewer', [1280, 800]);

    // The chair ends the floor: every screen says nobody speaks.
    await floor.getByRole('button', { name: 'Kết thúc phát biểu' }).click();
    await phucXa.getByTestId('site-floor').waitFor({ state: 'detached' });
    await display.getByTestId('display-floor').waitFor({ state: 'detached' });
    await hall.getByTestId('viewer-floor').waitFor({ state: 'detached' });
    await queue.getByText('Đã phát biểu').waitFor();
  });
});
