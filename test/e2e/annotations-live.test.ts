import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { annotationScene } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';
import { lookAtViewer as look, openViewer, pageBox, pickTool as pick } from '../utils/viewer.js';
import { launchBrowser, screenshot, touchDrag } from '../utils/browser.js';

let server: TestServer;
let browser: Browser;
let secretary: { context: BrowserContext; page: Page };
let delegate: { context: BrowserContext; page: Page };
let documentId = '';

/** Opens the meeting's document and waits for page 1 to be drawn and both layers to be synced. */
const openDocument = (p: Page) => openViewer(p, documentId);

/** Where an element sits on its page, as fractions of the page's width and height. */
async function placeOnPage(
  p: Page,
  selector: string,
): Promise<{ x: number; y: number; width: number; height: number }> {
  return p.evaluate((sel) => {
    const page = document.querySelector('.ann-layer')!.getBoundingClientRect();
    const r = document.querySelector(sel)!.getBoundingClientRect();
    return {
      x: (r.left - page.left) / page.width,
      y: (r.top - page.top) / page.height,
      width: r.width / page.width,
      height: r.height / page.height,
    };
  }, selector);
}

/** Strokes others are drawing right now, on the page shown. */
const liveInk = (p: Page) => p.locator('.ann-ink--remote');
/** Stored ink of a layer on the page shown. */
const inkOn = (p: Page, layer: 'shared' | 'private') => p.locator(`g[data-layer=${layer}] .ann-ink`);
/** Points in an SVG path. */
const pathPoints = async (p: Page) =>
  ((await liveInk(p).first().getAttribute('d')) ?? '').split(/[ML]/).length - 1;

const sharedText = '.ann-text[data-layer=shared]';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const scene = await annotationScene(server, browser, {
    secretary: ['thuky.an', 'Nguyễn Văn An'],
    chair: ['chutich.binh', 'Lê Văn Bình'],
    delegate: ['daibieu.hoa', 'Trần Thị Hoa'],
  });
  ({ secretary, delegate } = scene);
  documentId = scene.meeting.documentId!;
  await openDocument(secretary.page);
  await openDocument(delegate.page);
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (secretary) await screenshot(secretary.page, `FAILED-annotations-live-secretary-${name}`);
  if (delegate) await screenshot(delegate.page, `FAILED-annotations-live-delegate-${name}`);
});

afterAll(async () => {
  await delegate?.context.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('live annotations between two tablets', () => {
  it('shows the secretary’s stroke on the delegate’s screen while the pen is still down', async () => {
    const s = secretary.page;
    const d = delegate.page;
    await pick(s, 'Lớp chung');
    await pick(s, 'Bút');
    await pick(s, 'Xanh dương');
    const box = await pageBox(s, 0.35);
    await pageBox(d, 0.35);
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await s.mouse.move(...at(0.2, 0.35));
    await s.mouse.down();
    for (let i = 1; i <= 12; i++) await s.mouse.move(...at(0.2 + i * 0.02, 0.35 + Math.sin(i / 2) * 0.01));

    // The pen is still down: the delegate sees the stroke so far, lighter, and who is writing.
    await expect.poll(() => liveInk(d).count()).toBe(1);
    await d.getByText('Nguyễn Văn An đang viết…').waitFor();
    expect(await liveInk(d).getAttribute('stroke')).toBe('#1450a3');
    expect(Number(await liveInk(d).getAttribute('stroke-opacity'))).toBeLessThan(1);
    expect(await inkOn(d, 'shared').count()).toBe(0);
    // The writer's own screen draws the stroke itself, not as someone else's.
    expect(await liveInk(s).count()).toBe(0);
    expect(await s.getByText('đang viết…').count()).toBe(0);

    // It follows the pen.
    const before = await pathPoints(d);
    for (let i = 13; i <= 24; i++) await s.mouse.move(...at(0.2 + i * 0.02, 0.35 + Math.sin(i / 2) * 0.01));
    await expect.poll(() => pathPoints(d)).toBeGreaterThan(before);
    await look(d, 'annotations-live-stroke');
    await look(d, 'annotations-live-stroke', 'portrait');
    await expect.poll(() => liveInk(d).count()).toBe(1);

    // The pen lifts: the stroke is stored and the drawing in progress goes.
    await s.mouse.up();
    await expect.poll(() => inkOn(d, 'shared').count()).toBe(1);
    await expect.poll(() => liveInk(d).count()).toBe(0);
    await expect.poll(() => d.getByText('Nguyễn Văn An đang viết…').count()).toBe(0);
    expect(await inkOn(s, 'shared').count()).toBe(1);
  });

  it('moves a text box on the other screen, and undo puts it back on both', async () => {
    const s = secretary.page;
    const d = delegate.page;
    await pick(s, 'Hộp chữ');
    const box = await pageBox(s, 0.2);
    await s.mouse.click(box.x + box.width * 0.15, box.y + box.height * 0.15);
    await s.getByRole('textbox', { name: 'Nội dung hộp chữ' }).fill('Đề nghị bổ sung số liệu quý IV');
    // The plain view: the box can be moved, and the page still scrolls and swipes elsewhere.
    await pick(s, 'Xem');
    const textBox = s.getByRole('button', { name: 'Hộp chữ: Đề nghị bổ sung số liệu quý IV' });
    await textBox.waitFor();
    await d.locator(sharedText).filter({ hasText: 'Đề nghị bổ sung' }).waitFor();
    await s.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
    expect(await s.locator('.ann-layer').evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
    const start = await placeOnPage(d, sharedText);

    // Dragged with the mouse by a fifth of the page across and a tenth down.
    await pageBox(s, 0.2);
    const r = (await textBox.boundingBox())!;
    const page = (await s.locator('.ann-layer').boundingBox())!;
    await s.mouse.move(r.x + 30, r.y + 20);
    await s.mouse.down();
    for (let i = 1; i <= 10; i++)
      await s.mouse.move(r.x + 30 + (page.width * 0.2 * i) / 10, r.y + 20 + (page.height * 0.1 * i) / 10);
    // Moving it here does not open the editor, and does not turn the page.
    await s.mouse.up();
    expect(await s.getByRole('textbox', { name: 'Nội dung hộp chữ' }).count()).toBe(0);
    await s.getByText('Trang 1 / 10').waitFor();

    await expect.poll(async () => (await placeOnPage(d, sharedText)).x - start.x).toBeCloseTo(0.2, 1);
    expect((await placeOnPage(d, sharedText)).y - start.y).toBeCloseTo(0.1, 1);
    const moved = await placeOnPage(s, sharedText);
    expect(moved.x - start.x).toBeCloseTo(0.2, 1);

    // One undo step puts it back, here and there.
    await s.getByRole('button', { name: 'Hoàn tác' }).click();
    await expect.poll(async () => (await placeOnPage(s, sharedText)).x).toBeCloseTo(start.x, 2);
    await expect.poll(async () => (await placeOnPage(d, sharedText)).x).toBeCloseTo(start.x, 2);
    expect((await placeOnPage(d, sharedText)).y).toBeCloseTo(start.y, 2);
    expect(await d.locator(sharedText).textContent()).toBe('Đề nghị bổ sung số liệu quý IV');

    // The arrow keys move a focused box (1 % of the page a press).
    await textBox.focus();
    await s.keyboard.press('ArrowDown');
    await s.keyboard.press('ArrowDown');
    await expect.poll(async () => (await placeOnPage(d, sharedText)).y - start.y).toBeCloseTo(0.02, 2);
    await s.getByText('Trang 1 / 10').waitFor();
    // A held key (its repeats) is one undo step: undo takes back the whole hold, not one press.
    await s.keyboard.down('ArrowRight');
    for (let i = 0; i < 4; i++) await s.keyboard.down('ArrowRight');
    await s.keyboard.up('ArrowRight');
    await expect.poll(async () => (await placeOnPage(s, sharedText)).x - start.x).toBeCloseTo(0.05, 2);
    await s.getByRole('button', { name: 'Hoàn tác' }).click();
    await expect.poll(async () => (await placeOnPage(d, sharedText)).x).toBeCloseTo(start.x, 2);
    expect((await placeOnPage(s, sharedText)).y - start.y).toBeCloseTo(0.02, 2);
    // A tap still opens it for editing.
    await textBox.click();
    await s.getByRole('textbox', { name: 'Nội dung hộp chữ' }).waitFor();
    await pick(s, 'Xem');
  });

  it('resizes a text box with a finger on its corner handle', async () => {
    const s = secretary.page;
    const d = delegate.page;
    const before = await placeOnPage(d, sharedText);
    await pageBox(s, 0.25);
    const handle = s.locator(`${sharedText} .ann-text__handle`);
    const h = (await handle.boundingBox())!;
    // A finger-sized target.
    expect(Math.min(h.width, h.height)).toBeGreaterThanOrEqual(44);
    const page = (await s.locator('.ann-layer').boundingBox())!;
    const from = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
    await touchDrag(s, from, { x: from.x + page.width * 0.15, y: from.y + page.height * 0.05 }, 10);
    await expect
      .poll(async () => (await placeOnPage(d, sharedText)).width - before.width)
      .toBeCloseTo(0.15, 1);
    const after = await placeOnPage(d, sharedText);
    expect(after.height - before.height).toBeGreaterThan(0.03);
    // Its corner moved, not the box.
    expect(after.x).toBeCloseTo(before.x, 2);
    expect(after.y).toBeCloseTo(before.y, 2);
    await s.getByText('Trang 1 / 10').waitFor();
    await look(s, 'annotations-live-textbox');
    await look(s, 'annotations-live-textbox', 'portrait');
  });

  it('moves a sticky note with a finger, and a tap still opens it', async () => {
    const s = secretary.page;
    const d = delegate.page;
    await pick(s, 'Ghi chú dán');
    const box = await pageBox(s, 0.6);
    await s.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.6);
    await s.getByRole('textbox', { name: 'Nội dung ghi chú' }).fill('Làm rõ nguồn vốn');
    await s.getByRole('button', { name: 'Xong' }).click();
    await pick(s, 'Xem');
    const pin = s.getByRole('button', { name: 'Ghi chú dán: Làm rõ nguồn vốn' });
    const dPin = '.ann-note[data-layer=shared]';
    await d.locator(dPin).waitFor();
    const start = await placeOnPage(d, dPin);
    await pageBox(s, 0.6);
    const p = (await pin.boundingBox())!;
    const from = { x: p.x + p.width / 2, y: p.y + p.height / 2 };
    await touchDrag(s, from, { x: from.x - box.width * 0.2, y: from.y + box.height * 0.05 }, 10);
    await expect.poll(async () => (await placeOnPage(d, dPin)).x - start.x).toBeCloseTo(-0.2, 1);
    // The drag did not open it; a tap does.
    expect(await pin.getAttribute('aria-expanded')).toBe('false');
    await pin.click();
    expect(await pin.getAttribute('aria-expanded')).toBe('true');
    await s.getByRole('button', { name: 'Xong' }).click();
  });
});
