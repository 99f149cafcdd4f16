import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { publishedMeeting } from '../utils/room.js';
import { expectTouchFriendly, openDrawer, roomScene } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, screenshot, VIEWPORTS } from '../utils/browser.js';

let server: TestServer;
let browser: Browser;
let chair: { context: BrowserContext; page: Page };
let delegate: { context: BrowserContext; page: Page };
let meeting: Awaited<ReturnType<typeof publishedMeeting>>;

/** The page a room viewer shows. */
const shownPage = (p: Page) => p.locator('.room-doc').getAttribute('data-page');

/** Marks of a layer on the page shown. */
const inkOn = (p: Page, layer: 'shared' | 'private') => p.locator(`g[data-layer=${layer}] .ann-ink`);
const highlightsOn = (p: Page, layer: 'shared' | 'private') =>
  p.locator(`g[data-layer=${layer}] .ann-highlight`);

/** Opens the note tools, which the room keeps folded over the page until asked for. */
async function openTools(p: Page): Promise<void> {
  const button = p.getByRole('button', { name: 'Công cụ ghi chú' });
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await p.getByRole('group', { name: 'Công cụ ghi chú' }).waitFor();
}

/** Picks a tool (or layer) by its Vietnamese label. */
async function pick(p: Page, name: string): Promise<void> {
  await openTools(p);
  await p.getByRole('radio', { name, exact: true }).click();
}

/** The chair moves the room to a page; the delegate's viewer follows and draws it. */
async function chairGoesTo(page: number): Promise<void> {
  await chair.page.getByRole('spinbutton', { name: 'Trang' }).fill(String(page));
  await chair.page.getByRole('spinbutton', { name: 'Trang' }).press('Enter');
  await expect.poll(() => shownPage(delegate.page)).toBe(String(page));
  await delegate.page.locator('.room-doc .pdf-page[data-rendered]').waitFor();
}

/** The page's box on screen, scrolled so that the point `fy` (0..1) down the page is mid-screen. */
async function pageBox(p: Page, fy = 0.5): Promise<{ x: number; y: number; width: number; height: number }> {
  // The room scrolls the document inside its panel: a marker at that point is brought into view.
  await p.evaluate((f) => {
    const marker = document.createElement('div');
    marker.style.cssText = `position:absolute;left:0;top:${f * 100}%;width:1px;height:1px`;
    document.querySelector('.room-doc .ann-layer')!.append(marker);
    marker.scrollIntoView({ block: 'center' });
    marker.remove();
  }, fy);
  const box = await p.locator('.room-doc .ann-layer').boundingBox();
  if (!box) throw new Error('no page on screen');
  return box;
}

/** Presses the mouse at `from` on the page and moves it to `to` (page fractions), still pressed. */
async function strokeStart(p: Page, from: [number, number], to: [number, number]): Promise<void> {
  const box = await pageBox(p, (from[1] + to[1]) / 2);
  const at = (f: [number, number]) => [box.x + box.width * f[0], box.y + box.height * f[1]] as const;
  await p.mouse.move(...at(from));
  await p.mouse.down();
  for (let i = 1; i <= 8; i++) {
    const x = from[0] + ((to[0] - from[0]) * i) / 8;
    const y = from[1] + ((to[1] - from[1]) * i) / 8;
    await p.mouse.move(...at([x, y]));
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The 10-page Vietnamese report; the presenter presents the agenda item, the delegate follows.
  ({ meeting, chair, delegate } = await roomScene(server, browser, {
    chair: ['chutich.son', 'Nguyễn Văn Sơn'],
    delegate: ['daibieu.lan', 'Trần Thị Lan'],
    presenter: ['gd.tuan', 'Lê Văn Tuấn'],
  }));
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (chair) await screenshot(chair.page, `FAILED-room-ann-chair-${name}`);
  if (delegate) await screenshot(delegate.page, `FAILED-room-ann-delegate-${name}`);
});

afterAll(async () => {
  await delegate?.context.close();
  await chair?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('private notes while following the presenter', () => {
  it('opens the document for everyone on page 2', async () => {
    const p = chair.page;
    await p.goto(`/meetings/${meeting.id}/room`);
    await p.getByRole('button', { name: 'Bắt đầu phiên họp' }).click();
    await p.getByText('Đang họp', { exact: true }).waitFor();
    const agenda = await openDrawer(p, 'Chương trình');
    await agenda
      .getByRole('button', { name: /^Chuyển đến/ })
      .first()
      .click();
    await (await openDrawer(p, 'Trình chiếu')).getByRole('button', { name: 'Mở cho mọi người' }).click();
    await p.getByRole('button', { name: 'Đóng', exact: true }).click();
    await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();

    const d = delegate.page;
    await d.goto(`/meetings/${meeting.id}/room`);
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    await openTools(d);
    await chairGoesTo(2);
    // My private notes are the default layer; the delegate may not write on the shared one.
    expect(await d.getByRole('radio', { name: 'Ghi chú riêng' }).getAttribute('aria-checked')).toBe('true');
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
  });

  it('keeps a private stroke on its page while the delegate follows the chair', async () => {
    const d = delegate.page;
    await pick(d, 'Bút');
    await strokeStart(d, [0.2, 0.4], [0.7, 0.45]);
    await d.mouse.up();
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
    // Drawing is not browsing: the delegate still follows.
    expect(await d.locator('.room-doc').getAttribute('data-following')).toBe('yes');

    await chairGoesTo(3);
    expect(await d.locator('.room-doc').getAttribute('data-following')).toBe('yes');
    expect(await inkOn(d, 'private').count()).toBe(0);
    // The chair never sees the delegate's private ink.
    expect(await inkOn(chair.page, 'private').count()).toBe(0);

    await chairGoesTo(2);
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
  });

  it('saves a stroke in progress on its own page when the chair turns the page under it', async () => {
    const d = delegate.page;
    await strokeStart(d, [0.2, 0.6], [0.6, 0.62]);
    await chairGoesTo(4);
    await d.mouse.up();
    expect(await inkOn(d, 'private').count()).toBe(0);
    await chairGoesTo(2);
    await expect.poll(() => inkOn(d, 'private').count()).toBe(2);
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
  });

  it('highlights selected text with the highlighter, and keeps it after a reload', async () => {
    const d = delegate.page;
    await pick(d, 'Tô sáng');
    await pageBox(d, 0.3);
    // The longest piece of text near the top of the page.
    const span = await d.evaluate(() => {
      const layer = document.querySelector('.room-doc .textLayer')!.getBoundingClientRect();
      const spans = Array.from(document.querySelectorAll<HTMLElement>('.room-doc .textLayer span'))
        .map((s) => ({ r: s.getBoundingClientRect(), text: s.textContent ?? '' }))
        .filter(
          ({ r }) =>
            r.width > 80 &&
            // Below the note tools, which lie over the top of the page.
            r.top > (document.querySelector('.ann-toolbar')?.getBoundingClientRect().bottom ?? 0) &&
            r.bottom < window.innerHeight &&
            r.top < layer.bottom,
        );
      spans.sort((a, b) => b.r.width - a.r.width);
      const best = spans[0];
      return best ? { x: best.r.left, y: best.r.top, width: best.r.width, height: best.r.height } : null;
    });
    expect(span).not.toBeNull();
    const y = span!.y + span!.height / 2;
    await d.mouse.move(span!.x + 2, y);
    await d.mouse.down();
    await d.mouse.move(span!.x + span!.width / 2, y, { steps: 4 });
    await d.mouse.move(span!.x + span!.width - 2, y, { steps: 4 });
    await d.mouse.up();
    await expect.poll(() => highlightsOn(d, 'private').count()).toBe(1);
    // One rectangle for the one line, over the text that was selected.
    const rects = highlightsOn(d, 'private').first().locator('rect');
    expect(await rects.count()).toBe(1);
    const box = (await rects.first().boundingBox())!;
    expect(Math.abs(box.y + box.height / 2 - y)).toBeLessThan(span!.height);
    expect(box.width).toBeGreaterThan(span!.width * 0.8);
    // The selection became the highlight; nothing stays selected.
    expect(await d.evaluate(() => window.getSelection()?.isCollapsed ?? true)).toBe(true);
    expect(await d.locator('.room-doc').getAttribute('data-following')).toBe('yes');
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();

    await d.setViewportSize(VIEWPORTS.tablet);
    await d.evaluate(() => window.scrollTo(0, 0));
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    const file = await screenshot(d, 'room-annotations-delegate-tablet');
    // The panel scrolls inside the room: the screen as the delegate sees it, with the marks in view.
    await highlightsOn(d, 'private')
      .first()
      .evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await d.screenshot({ path: file.replace(/\.png$/, '-marks.png'), animations: 'disabled' });
    await expectTouchFriendly(d, 'room-annotations-delegate-tablet');

    await d.reload();
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    await openTools(d);
    expect(await shownPage(d)).toBe('2');
    await expect.poll(() => highlightsOn(d, 'private').count()).toBe(1);
    await expect.poll(() => inkOn(d, 'private').count()).toBe(2);
  });

  it('keeps the rectangle drag where there is no text', async () => {
    const d = delegate.page;
    await pick(d, 'Tô sáng');
    const box = await pageBox(d, 0.5);
    // The left margin holds no text: the drag draws a rectangle.
    await d.mouse.move(box.x + 4, box.y + box.height * 0.45);
    await d.mouse.down();
    await d.mouse.move(box.x + 20, box.y + box.height * 0.5, { steps: 5 });
    await d.mouse.up();
    await expect.poll(() => highlightsOn(d, 'private').count()).toBe(2);
  });
});
