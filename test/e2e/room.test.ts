import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { publishedMeeting } from '../utils/room.js';
import { expectTouchFriendly, openDrawer, roomScene } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, screenshot, VIEWPORTS, type ViewportName } from '../utils/browser.js';

let server: TestServer;
let browser: Browser;
let chair: { context: BrowserContext; page: Page };
let delegate: { context: BrowserContext; page: Page };
let display: Page;
let meeting: Awaited<ReturnType<typeof publishedMeeting>>;

/** Screenshots a screen at a size and checks finger-sized controls and a layout that fits. */
async function look(p: Page, name: string, viewport: ViewportName = 'tablet'): Promise<void> {
  await p.setViewportSize(VIEWPORTS[viewport]);
  await screenshot(p, `${name}-${viewport}`);
  const label = `${name}-${viewport}`;
  await expectTouchFriendly(p, label);
}

/** The page a room viewer shows, once it is drawn. */
async function shownPage(p: Page): Promise<string | null> {
  return p.locator('.room-doc').getAttribute('data-page');
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The 10-page Vietnamese report; the presenter presents the agenda item, the delegate follows.
  ({ meeting, chair, delegate } = await roomScene(server, browser, {
    chair: ['chutich.an', 'Nguyễn Văn An'],
    delegate: ['daibieu.binh', 'Trần Thị Bình'],
    presenter: ['gd.cuong', 'Lê Văn Cường'],
  }));
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (chair) await screenshot(chair.page, `FAILED-room-chair-${name}`);
  if (delegate) await screenshot(delegate.page, `FAILED-room-delegate-${name}`);
  if (display) await screenshot(display, `FAILED-room-display-${name}`);
});

afterAll(async () => {
  await delegate?.context.close();
  await chair?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('the live meeting room in two browsers', () => {
  it('lets the chair enter the room from their meetings', async () => {
    const p = chair.page;
    await p.goto('/my-meetings');
    await p.getByRole('link', { name: 'Vào phòng họp' }).first().click();
    await p.waitForURL(`**/meetings/${meeting.id}/room`);
    await p.getByRole('button', { name: 'Bắt đầu phiên họp' }).waitFor();
    await p.getByText('Trực tiếp').waitFor();
    await look(p, 'room-console-not-started');
  });

  it('shows the delegate a room that has not started, with the reason nothing can be done yet', async () => {
    const p = delegate.page;
    await p.goto('/my-meetings');
    await p.getByRole('link', { name: 'Vào phòng họp' }).first().click();
    await p.waitForURL(`**/meetings/${meeting.id}/room`);
    await p.getByText('Chưa bắt đầu', { exact: true }).waitFor();
    const mine = await openDrawer(p, 'Phát biểu');
    await mine.getByText('Điểm danh mở khi phiên họp bắt đầu.').waitFor();
    expect(await mine.getByRole('button', { name: 'Xin phát biểu' }).isDisabled()).toBe(true);
    await look(p, 'room-delegate-not-started');
    await mine.getByRole('button', { name: 'Đóng', exact: true }).click();
  });

  it('starts the meeting and opens the document on page 5 for everyone', async () => {
    const p = chair.page;
    await p.getByRole('button', { name: 'Bắt đầu phiên họp' }).click();
    await p.getByText('Đang họp', { exact: true }).waitFor();
    await delegate.page.getByText('Đang họp', { exact: true }).waitFor();

    const agenda = await openDrawer(p, 'Chương trình');
    await agenda
      .getByRole('button', { name: /^Chuyển đến/ })
      .first()
      .click();
    await p.locator('.room-agenda__item.is-current').waitFor();
    await openDrawer(delegate.page, 'Chương trình');
    await delegate.page.locator('.room-agenda__item.is-current').getByText('Đang thảo luận').waitFor();
    await delegate.page.getByRole('button', { name: 'Đóng', exact: true }).click();

    await (await openDrawer(p, 'Trình chiếu')).getByRole('button', { name: 'Mở cho mọi người' }).click();
    await p.getByRole('button', { name: 'Đóng', exact: true }).click();
    await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    await p.getByRole('spinbutton', { name: 'Trang' }).fill('5');
    await p.getByRole('spinbutton', { name: 'Trang' }).press('Enter');
    await p.getByText('Trang 5 / 10').waitFor();

    const d = delegate.page;
    await d.getByText('Trang 5 / 10').waitFor();
    await expect.poll(() => shownPage(d)).toBe('5');
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    expect(await d.getByRole('spinbutton', { name: 'Trang' }).inputValue()).toBe('5');
  });

  it('lets the delegate browse freely and return to the presenter with one tap', async () => {
    const d = delegate.page;
    await d.getByRole('button', { name: 'Trang sau' }).click();
    await expect.poll(() => shownPage(d)).toBe('6');
    await d.getByText('Bạn đang xem trang 6; người trình bày ở trang 5.').waitFor();
    // The presenter moves on while the delegate browses: the delegate stays where they are.
    await chair.page.getByRole('button', { name: 'Trang trước' }).click();
    await d.getByText('người trình bày ở trang 4.', { exact: false }).waitFor();
    expect(await shownPage(d)).toBe('6');
    await d.getByRole('button', { name: 'Về trang người trình bày' }).click();
    await expect.poll(() => shownPage(d)).toBe('4');
    await chair.page.getByRole('spinbutton', { name: 'Trang' }).fill('5');
    await chair.page.getByRole('spinbutton', { name: 'Trang' }).press('Enter');
    await expect.poll(() => shownPage(d)).toBe('5');
  });

  it('checks the delegate in and the chair sees attendance and quorum', async () => {
    const d = delegate.page;
    // Until they check in, the check-in waits in the bar, over the document.
    await d.locator('.room-bar').getByRole('button', { name: 'Điểm danh có mặt' }).click();
    await openDrawer(d, 'Phát biểu');
    await d.getByText(/Bạn đã điểm danh lúc \d\d:\d\d/).waitFor();
    await openDrawer(chair.page, 'Điểm danh');
    const row = chair.page.locator('.room-person').filter({ hasText: 'Trần Thị Bình' });
    await row.getByText(/Có mặt/).waitFor();
    await chair.page.getByText(/1\/\d đại biểu có quyền biểu quyết có mặt/).waitFor();
  });

  it('sends the request to speak and the chair sees it in the queue', async () => {
    const d = delegate.page;
    await d.getByRole('button', { name: 'Xin phát biểu' }).click();
    await d.getByText('Bạn đang chờ — thứ tự 1').waitFor();
    await openDrawer(chair.page, 'Phát biểu');
    const queue = chair.page.getByRole('list', { name: 'Đăng ký phát biểu' });
    await queue.locator('.room-queue__name', { hasText: 'Trần Thị Bình' }).waitFor();
    await look(chair.page, 'room-console-request');
    await look(chair.page, 'room-console-request', 'desktop');
    await chair.page.setViewportSize(VIEWPORTS.tablet);
    await look(d, 'room-delegate-waiting');
  });

  it('gives the delegate the floor and the projector shows the speaker with a timer', async () => {
    display = await chair.context.newPage();
    await display.goto(`/meetings/${meeting.id}/display`);
    await display.getByText('Chưa có đại biểu phát biểu').waitFor();
    await display.getByTestId('display-item').getByText('Báo cáo tình hình chuyển đổi số năm 2024').waitFor();
    await display.locator('.display-doc__stage[data-page="5"] .pdf-page[data-rendered]').waitFor();

    await chair.page.getByRole('button', { name: /^Mời phát biểu/ }).click();
    const speaker = display.getByTestId('display-speaker');
    await speaker.getByText('Trần Thị Bình').waitFor();
    await speaker.getByTestId('speaker-timer').waitFor();
    await delegate.page.getByText('Bạn đang phát biểu').waitFor();
    await chair.page.getByTestId('current-speaker').getByText('Trần Thị Bình').waitFor();

    await look(display, 'room-display');
    await look(display, 'room-display', 'desktop');
    await look(chair.page, 'room-console-speaking');
    await look(delegate.page, 'room-delegate-speaking');
    await look(delegate.page, 'room-delegate-speaking', 'desktop');
  });
});
