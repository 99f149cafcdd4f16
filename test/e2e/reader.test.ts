import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectTouchFriendly, openDrawer, roomScene } from '../utils/e2e.js';
import { apiItem } from '../utils/meetings.js';
import { uploadReport, type publishedMeeting } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot, VIEWPORTS } from '../utils/browser.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { prepareVote, voteControl } from '../utils/votes.js';
import type { ApiClient } from '../utils/http.js';

let server: TestServer;
let browser: Browser;
let chair: { context: BrowserContext; page: Page };
let delegate: { context: BrowserContext; page: Page };
let projector: { context: BrowserContext; page: Page } | undefined;
let secretary: ApiClient;
let socket: ClientSocket | undefined;
let meeting: Awaited<ReturnType<typeof publishedMeeting>>;
/** The second item, with its own copy of the report attached as its main document. */
let second: { itemId: string; documentId: string };

/** The reader's sizes: portrait and landscape tablets, the iPad Pro in landscape, a large screen. */
const SIZES = {
  portrait: VIEWPORTS.portrait,
  tablet: VIEWPORTS.tablet,
  ipadPro: { width: 1366, height: 1024 },
  fullHd: VIEWPORTS.projector,
} as const;

/** Where the drawn page sits on screen, how big the reader's stage is, and whether the page scrolls sideways. */
function geometry(p: Page) {
  return p.evaluate(() => {
    const box = (sel: string) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r
        ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }
        : null;
    };
    return {
      canvas: box('.room-doc .pdf-page[data-rendered] canvas'),
      stage: box('.room-doc .viewer__stage'),
      vw: window.innerWidth,
      vh: window.innerHeight,
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      scrollY: window.scrollY,
    };
  });
}

type Geometry = Awaited<ReturnType<typeof geometry>>;

/**
 * The redraw swaps the canvas (and a resize or a drawer may redraw it more than once): reads
 * again until one is in place and inside the screen, for up to 5 s; what is read last is returned.
 */
async function fittingGeometry(p: Page): Promise<Geometry> {
  const fits = (x: Geometry) =>
    !!x.canvas &&
    !!x.stage &&
    x.canvas.left >= 0 &&
    x.canvas.top >= 0 &&
    x.canvas.right <= x.vw &&
    x.canvas.bottom <= x.vh;
  let g = await geometry(p);
  for (let i = 0; i < 50 && !fits(g); i++) {
    await p.waitForTimeout(100);
    g = await geometry(p);
  }
  return g;
}

/**
 * The whole page is on screen without scrolling, large, and nothing overflows sideways. Resolves
 * with the geometry it judged (the canvas may be swapped by a redraw right after, so a later
 * `geometry` may find none).
 */
async function expectReaderFits(p: Page, label: string): Promise<Geometry> {
  await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();
  // The page is redrawn after the resize: wait until it has its new size. The previous size's
  // canvas may fit inside the new screen too, and be large (the full-HD page is 0.66 of a
  // portrait tablet's height), so only a page that fills its stage one way tells the redraw happened.
  await p.waitForFunction(() => {
    const c = document.querySelector('.room-doc .pdf-page[data-rendered] canvas')?.getBoundingClientRect();
    const s = document.querySelector('.room-doc .viewer__stage')?.getBoundingClientRect();
    if (c === undefined || s === undefined || c.bottom > window.innerHeight || c.right > window.innerWidth)
      return false;
    const large = c.height >= 0.65 * window.innerHeight || c.width >= 0.85 * window.innerWidth;
    return large && (c.width >= 0.9 * s.width || c.height >= 0.9 * s.height);
  });
  const g = await fittingGeometry(p);
  const c = g.canvas!;
  const s = g.stage!;
  expect({ label, inside: c.left >= 0 && c.top >= 0 && c.right <= g.vw && c.bottom <= g.vh }).toEqual({
    label,
    inside: true,
  });
  expect({ label, scrolled: g.scrollY }).toEqual({ label, scrolled: 0 });
  // The reader's stage takes most of the screen, and the page fills it in one direction.
  expect(s.width * s.height, label).toBeGreaterThanOrEqual(0.6 * g.vw * g.vh);
  expect(c.height >= 0.65 * g.vh || c.width >= 0.85 * g.vw, `${label}: ${c.width}x${c.height}`).toBe(true);
  expect(g.scrollWidth, label).toBeLessThanOrEqual(g.vw);
  return g;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ meeting, chair, delegate, secretary } = await roomScene(server, browser, {
    chair: ['chutich.doc', 'Nguyễn Văn An'],
    delegate: ['daibieu.doc', 'Trần Thị Bình'],
    presenter: ['gd.doc', 'Lê Văn Cường'],
  }));
  const { item } = await apiItem(secretary, meeting.id, {
    title: 'Kế hoạch ứng dụng công nghệ thông tin năm 2025',
    plannedMinutes: 15,
  });
  const doc = await uploadReport(secretary, meeting.id, item.id);
  second = { itemId: item.id, documentId: doc.id };
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  await screenshot(chair.page, `FAILED-reader-chair-${name}`);
  await screenshot(delegate.page, `FAILED-reader-delegate-${name}`);
  if (projector) await screenshot(projector.page, `FAILED-reader-projector-${name}`);
});

afterAll(async () => {
  socket?.close();
  await projector?.context.close();
  await delegate?.context.close();
  await chair?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('the meeting room as a reader', () => {
  it('shows the followed document on the whole screen of every tablet size, with the panels in drawers', async () => {
    const c = chair.page;
    const d = delegate.page;
    await c.goto(`/meetings/${meeting.id}/room`);
    await d.goto(`/meetings/${meeting.id}/room`);
    await c.getByRole('button', { name: 'Bắt đầu phiên họp' }).click();
    await d.getByText('Đang họp', { exact: true }).waitFor();
    const agenda = await openDrawer(c, 'Chương trình');
    await agenda
      .getByRole('button', { name: /^Chuyển đến/ })
      .first()
      .click();
    const present = await openDrawer(c, 'Trình chiếu');
    await present.getByLabel('Tài liệu trình chiếu').selectOption(meeting.documentId);
    await present.getByRole('button', { name: 'Mở cho mọi người' }).click();
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    await present.getByRole('button', { name: 'Đóng', exact: true }).click();

    for (const [name, size] of Object.entries(SIZES)) {
      await d.setViewportSize(size);
      await c.setViewportSize(size);
      await expectReaderFits(d, `delegate ${name}`);
      await screenshot(d, `reader-delegate-${name}`);
      await expectTouchFriendly(d, `reader-delegate-${name}`);
      await expectReaderFits(c, `chair ${name}`);
      await screenshot(c, `reader-chair-${name}`);
      // The chair's bar (title, five drawers, pause and end) keeps to two rows, in portrait too.
      const bar = await c.locator('.room-bar').boundingBox();
      expect(bar!.height, `chair's bar ${name}`).toBeLessThanOrEqual(130);
    }

    // A drawer opens over (or beside) the page: the page does not move down.
    await d.setViewportSize(SIZES.portrait);
    const before = (await expectReaderFits(d, 'portrait before the drawer')).canvas!.top;
    const mine = await openDrawer(d, 'Phát biểu');
    expect((await fittingGeometry(d)).canvas?.top).toBeCloseTo(before, 0);
    await screenshot(d, 'reader-delegate-drawer-portrait');
    await expectTouchFriendly(d, 'reader-delegate-drawer-portrait');
    await mine.getByRole('button', { name: 'Điểm danh có mặt' }).click();
    await mine.getByText(/Bạn đã điểm danh lúc/).waitFor();
    await mine.getByRole('button', { name: 'Đóng', exact: true }).click();
  });

  it('turns to the page typed into the page field on Enter', async () => {
    const d = delegate.page;
    const field = d.getByRole('spinbutton', { name: 'Trang' });
    await field.fill('7');
    // Typing alone does not turn the page.
    expect(await d.locator('.room-doc').getAttribute('data-page')).toBe('1');
    await field.press('Enter');
    await d.locator('.room-doc[data-page="7"]').waitFor();
    await d.getByText('Bạn đang xem trang 7; người trình bày ở trang 1.').waitFor();
    await d.getByRole('button', { name: 'Về trang người trình bày' }).click();
    await d.locator('.room-doc[data-page="1"][data-following="yes"]').waitFor();
  });

  it('shows page thumbnails to jump to, and marks search hits on the page', async () => {
    const d = delegate.page;
    await d.setViewportSize(SIZES.tablet);
    await d.getByRole('button', { name: 'Các trang', exact: true }).click();
    const pages = d.getByTestId('pages-panel');
    await pages.getByRole('button', { name: 'Trang 4' }).click();
    await d.locator('.room-doc[data-page="4"]').waitFor();
    await pages.getByRole('tab', { name: 'Mục lục' }).click();
    await pages
      .getByText(/mục lục|Chương|Phần/i)
      .first()
      .waitFor();
    await screenshot(d, 'reader-delegate-pages-tablet');
    await d.getByRole('button', { name: 'Các trang', exact: true }).click();

    await d.getByRole('button', { name: 'Tìm trong tài liệu' }).click();
    await d.getByLabel('Từ cần tìm').fill('chuyen doi so');
    await d.locator('.room-doc .textLayer span.is-hit').first().waitFor();
    await screenshot(d, 'reader-delegate-search-tablet');
    await d.getByRole('button', { name: 'Tìm trong tài liệu' }).click();
    await d.getByRole('button', { name: 'Về trang người trình bày' }).click();
  });

  it("follows the presenter's pinch zoom on the delegate's tablet", async () => {
    const c = chair.page;
    const d = delegate.page;
    await c.setViewportSize(SIZES.tablet);
    await c.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    const stage = (await c.locator('.room-doc .viewer__stage').boundingBox())!;
    const cx = stage.x + stage.width / 2;
    const cy = stage.y + stage.height / 2;
    const cdp = await c.context().newCDPSession(c);
    const touch = (spread: number) => [
      { x: Math.round(cx - spread), y: Math.round(cy), id: 1 },
      { x: Math.round(cx + spread), y: Math.round(cy), id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(50) });
    for (let s = 60; s <= 100; s += 10)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(s) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    // Fingers spread to twice their distance zoom in, here and on the delegate's tablet.
    await c.locator('.room-doc .viewer__zoom', { hasNotText: '100%' }).waitFor();
    const zoom = (await c.locator('.room-doc .viewer__zoom').textContent())!;
    expect(Number.parseInt(zoom, 10)).toBeGreaterThan(100);
    await d.locator('.room-doc .viewer__zoom', { hasText: zoom }).waitFor();
    // The page zoomed, not the screen: the browser's own pinch zoom stayed out of it.
    expect(await c.evaluate(() => window.visualViewport?.scale)).toBe(1);
    await screenshot(d, 'reader-delegate-zoomed-tablet');
    while ((await c.locator('.room-doc .viewer__zoom').textContent()) !== '100%')
      await c.getByRole('button', { name: 'Thu nhỏ' }).click();
    await d.locator('.room-doc .viewer__zoom', { hasText: '100%' }).waitFor();
  });

  it("opens the next item's main document on the tablets, unless the chair turned that off", async () => {
    const c = chair.page;
    const d = delegate.page;
    const present = await openDrawer(c, 'Trình chiếu');
    await present.getByRole('button', { name: 'Đóng tài liệu' }).click();
    await d.getByText('Chưa có tài liệu nào được mở.').waitFor();
    const agenda = await openDrawer(c, 'Chương trình');
    await agenda.getByRole('button', { name: /^Chuyển đến.*Kế hoạch ứng dụng/ }).click();
    await d.locator(`.room-doc[data-document="${second.documentId}"] .pdf-page[data-rendered]`).waitFor();
    await expectReaderFits(d, 'the next item opened');

    const settings = await openDrawer(c, 'Trình chiếu');
    const auto = settings.getByLabel(/Tự mở tài liệu chính/);
    // The box shows the room's setting: it turns off once the server has it.
    await auto.click();
    await expect.poll(() => auto.isChecked()).toBe(false);
    await openDrawer(c, 'Chương trình');
    await c.getByRole('button', { name: /^Chuyển đến.*Báo cáo tình hình/ }).click();
    await d.locator('.room-agenda__item.is-current', { hasText: 'Báo cáo tình hình' }).count();
    await openDrawer(d, 'Chương trình');
    await d.locator('.room-agenda__item.is-current', { hasText: 'Báo cáo tình hình' }).waitFor();
    // The document of the item before stays: nothing was opened for the one without the setting.
    expect(await d.locator('.room-doc').getAttribute('data-document')).toBe(second.documentId);
    await d
      .getByRole('complementary', { name: 'Chương trình' })
      .getByRole('button', { name: 'Đóng' })
      .click();
    const again = await openDrawer(c, 'Trình chiếu');
    await again.getByLabel(/Tự mở tài liệu chính/).click();
    await expect.poll(() => again.getByLabel(/Tự mở tài liệu chính/).isChecked()).toBe(true);
  });

  it('puts the presented page, the speaker, a vote result and the quorum on the projector without overlaps', async () => {
    const c = chair.page;
    const d = delegate.page;
    // The chair and the presenter are marked present: with the delegate, the quorum to vote.
    const people = await openDrawer(c, 'Điểm danh');
    for (const name of ['Nguyễn Văn An', 'Lê Văn Cường']) {
      await people
        .locator('.room-person', { hasText: name })
        .getByRole('button', { name: /^Điểm danh/ })
        .click();
      await people
        .locator('.room-person', { hasText: name })
        .getByText(/Có mặt/)
        .waitFor();
    }
    // A vote, opened and closed, whose result the projector shows beside the speaker.
    socket = await connectClient(server.url, secretary.cookie);
    const vote = await prepareVote(secretary, meeting.id, {
      question: 'Thông qua Kế hoạch ứng dụng công nghệ thông tin năm 2025',
      rule: 'members',
      allowChange: false,
    });
    const opened = await voteControl(socket, 'vote:open', meeting.id, vote.id);
    expect(opened.ok ? null : opened.error).toBeNull();
    // The vote comes up on the delegate's tablet by itself (opening the drawer by hand would race it).
    const ballot = d.getByRole('complementary', { name: 'Biểu quyết', exact: true });
    await ballot.getByRole('button', { name: 'Tán thành', exact: true }).click();
    await ballot.getByTestId('ballot-status').waitFor();
    const closed = await voteControl(socket, 'vote:close', meeting.id, vote.id);
    expect(closed.ok ? null : closed.error).toBeNull();
    await ballot.getByTestId('vote-verdict').waitFor();

    const mine = await openDrawer(d, 'Phát biểu');
    await mine.getByRole('button', { name: 'Xin phát biểu' }).click();
    const speakers = await openDrawer(c, 'Phát biểu');
    await speakers.getByRole('button', { name: /^Mời phát biểu/ }).click();
    await d.getByText('Bạn đang phát biểu').waitFor();
    const show = await openDrawer(c, 'Trình chiếu');
    await show.getByLabel('Tài liệu trình chiếu').selectOption(meeting.documentId);
    await show.getByRole('button', { name: 'Mở cho mọi người' }).click();
    await c.locator(`.room-doc[data-document="${meeting.documentId}"] .pdf-page[data-rendered]`).waitFor();
    await c.getByRole('spinbutton', { name: 'Trang' }).fill('3');
    await c.getByRole('spinbutton', { name: 'Trang' }).press('Enter');

    projector = await newPage(browser, { viewport: 'projector', baseURL: server.url });
    await projector.context.addCookies(await chair.context.cookies());
    const p = projector.page;
    await p.goto(`/meetings/${meeting.id}/display`);
    for (const size of [VIEWPORTS.projector, { width: 1280, height: 720 }]) {
      await p.setViewportSize(size);
      await p.locator('.display-doc__stage[data-page="3"] .pdf-page[data-rendered]').waitFor();
      await p.getByTestId('display-speaker').getByText('Trần Thị Bình').waitFor();
      await p.getByTestId('display-vote').getByTestId('vote-result').waitFor();
      await p.getByTestId('display-quorum').waitFor();
      // The presenter's pointer over their page shows on the projector.
      const page = (await c.locator('.room-doc .pdf-page canvas').boundingBox())!;
      await expect
        .poll(async () => {
          await c.mouse.move(page.x + page.width * 0.5, page.y + page.height * 0.3);
          await c.mouse.move(page.x + page.width * 0.6, page.y + page.height * 0.35);
          return p.locator('.display-doc__stage .room-pointer').count();
        })
        .toBe(1);
      await screenshot(p, `reader-projector-${size.width}x${size.height}`);
      const boxes = await p.evaluate(() =>
        ['display-document', 'display-item', 'display-speaker', 'display-vote', 'display-quorum'].map(
          (id) => {
            const r = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
            return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
          },
        ),
      );
      const label = `${size.width}x${size.height}`;
      for (const b of boxes) {
        // Every panel is wholly on the screen…
        expect({
          label,
          b,
          on: b.left >= 0 && b.top >= 0 && b.right <= size.width && b.bottom <= size.height,
        }).toMatchObject({ on: true });
      }
      // …and none covers another.
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          expect({ label, pair: `${a.id}/${b.id}`, overlaps: w > 1 && h > 1 }).toMatchObject({
            overlaps: false,
          });
        }
      // The page is large: most of the screen's height.
      const shown = (await p.locator('.display-doc__stage .pdf-page canvas').boundingBox())!;
      expect(shown.height, label).toBeGreaterThanOrEqual(0.7 * size.height);
      expect(await p.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await c.getByRole('button', { name: 'Kết thúc phiên họp' }).click();
    await c.getByRole('dialog').getByRole('button', { name: 'Kết thúc phiên họp' }).click();
    await p.getByText(/Kết thúc lúc \d\d:\d\d\. Cảm ơn các đại biểu đã tham dự\./).waitFor();
    await screenshot(p, 'reader-projector-ended-1280x720');
  });
});
