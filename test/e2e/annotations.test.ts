import { readFile } from 'node:fs/promises';
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
const people: Record<'secretary' | 'delegate', { username: string; password: string }> = {
  secretary: { username: '', password: '' },
  delegate: { username: '', password: '' },
};

/** Draws a stroke with the mouse (a stylus or mouse on a desktop) across part of the page. */
async function drawWithMouse(p: Page, from: [number, number], to: [number, number]): Promise<void> {
  const box = await pageBox(p, (from[1] + to[1]) / 2);
  const at = (f: [number, number]) => [box.x + box.width * f[0], box.y + box.height * f[1]] as const;
  await p.mouse.move(...at(from));
  await p.mouse.down();
  for (let i = 1; i <= 10; i++) {
    const x = from[0] + ((to[0] - from[0]) * i) / 10;
    const y = from[1] + ((to[1] - from[1]) * i) / 10 + Math.sin(i) * 0.01;
    await p.mouse.move(...at([x, y]));
  }
  await p.mouse.up();
}

/** Ink strokes shown on a layer of the current page. */
const inkOn = (p: Page, layer: 'shared' | 'private') => p.locator(`g[data-layer=${layer}] .ann-ink`);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const scene = await annotationScene(server, browser, {
    secretary: ['thuky.lan', 'Phạm Thị Lan'],
    chair: ['chutich.hung', 'Võ Văn Hùng'],
    delegate: ['daibieu.mai', 'Đỗ Thị Mai'],
  });
  ({ secretary, delegate } = scene);
  people.secretary = scene.accounts.secretary;
  people.delegate = scene.accounts.delegate;
  // The 10-page Vietnamese report, uploaded by the secretary who prepares the meeting.
  documentId = scene.meeting.documentId!;
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (secretary) await screenshot(secretary.page, `FAILED-annotations-secretary-${name}`);
  if (delegate) await screenshot(delegate.page, `FAILED-annotations-delegate-${name}`);
});

afterAll(async () => {
  await delegate?.context.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('annotating a document in two browsers', () => {
  it('opens the document with the tools, private notes first', async () => {
    await openDocument(secretary.page);
    await openDocument(delegate.page);
    const d = delegate.page;
    expect(await d.getByRole('radio', { name: 'Ghi chú riêng' }).getAttribute('aria-checked')).toBe('true');
    // The delegate may read the shared layer but not write on it, and is told why.
    expect(await d.getByRole('radio', { name: 'Lớp chung' }).isDisabled()).toBe(true);
    await d.getByText('Chỉ người trình bày và thư ký cuộc họp được viết lên lớp chung.').waitFor();
    expect(await secretary.page.getByRole('radio', { name: 'Lớp chung' }).isDisabled()).toBe(false);
    // Without a tool the page scrolls and swipes: the drawing surface takes no touches.
    expect(await d.locator('.ann-layer').evaluate((el) => getComputedStyle(el).touchAction)).not.toBe('none');
  });

  it('shows ink the secretary draws on the shared layer on the delegate’s screen', async () => {
    const s = secretary.page;
    await pick(s, 'Lớp chung');
    await pick(s, 'Bút');
    expect(await s.locator('.ann-layer').evaluate((el) => getComputedStyle(el).touchAction)).toBe('none');
    await pick(s, 'Xanh dương');
    await drawWithMouse(s, [0.15, 0.3], [0.7, 0.32]);
    await expect.poll(() => inkOn(s, 'shared').count()).toBe(1);
    await s.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
    await expect.poll(() => inkOn(delegate.page, 'shared').count()).toBe(1);
    expect(await inkOn(delegate.page, 'shared').first().getAttribute('stroke')).toBe('#1450a3');
  });

  it('keeps the delegate’s finger ink private', async () => {
    const d = delegate.page;
    await pick(d, 'Bút');
    const box = await pageBox(d, 0.5);
    await touchDrag(
      d,
      { x: box.x + box.width * 0.2, y: box.y + box.height * 0.5 },
      { x: box.x + box.width * 0.6, y: box.y + box.height * 0.55 },
    );
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
    // A finger stroke draws; it does not turn the page.
    await d.getByText('Trang 1 / 10').waitFor();
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
    // The secretary, who sees the shared layer live, never gets it: once the secretary's viewer
    // has synced everything the server holds for them (after the stroke was synced), it is not there.
    await openDocument(secretary.page);
    expect(await inkOn(secretary.page, 'private').count()).toBe(0);
    expect(await inkOn(secretary.page, 'shared').count()).toBe(1);
    // Back to the secretary's pen on the shared layer, as before reopening.
    await pick(secretary.page, 'Lớp chung');
    await pick(secretary.page, 'Bút');
  });

  it('undoes and redoes only the delegate’s own last stroke', async () => {
    const d = delegate.page;
    await d.getByRole('button', { name: 'Hoàn tác' }).click();
    await expect.poll(() => inkOn(d, 'private').count()).toBe(0);
    expect(await inkOn(d, 'shared').count()).toBe(1);
    await d.getByRole('button', { name: 'Làm lại' }).click();
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
  });

  it('keeps a private sticky note across a reload, from the device’s own copy', async () => {
    const d = delegate.page;
    await d.getByRole('button', { name: 'Trang sau' }).click();
    await d.getByText('Trang 2 / 10').waitFor();
    await d.locator('.pdf-page[data-rendered]').waitFor();
    await pick(d, 'Ghi chú dán');
    const box = await pageBox(d, 0.2);
    await d.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.2);
    await d.getByRole('textbox', { name: 'Nội dung ghi chú' }).fill('Cần làm rõ số liệu quý IV');
    await d.getByRole('button', { name: 'Xong' }).click();
    await d.getByRole('button', { name: /^Ghi chú dán: Cần làm rõ/ }).waitFor();
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();

    // Reload with the realtime connection blocked: what shows comes from IndexedDB only.
    // The app connects over WebSocket only (no polling), so the WebSocket itself is refused.
    let blocked = true;
    await delegate.context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (blocked) void ws.close();
      else ws.connectToServer();
    });
    await delegate.context.route('**/socket.io/**', (route) => route.abort());
    await d.reload();
    await d.locator('.pdf-page[data-rendered]').waitFor();
    await d.getByRole('button', { name: 'Ghi chú của tôi' }).click();
    await d.getByRole('button', { name: /^Đến trang 2: Ghi chú dán — Cần làm rõ số liệu quý IV/ }).click();
    await d.getByText('Trang 2 / 10').waitFor();
    await d.getByRole('button', { name: 'Ghi chú dán: Cần làm rõ số liệu quý IV' }).waitFor();
    await d.getByRole('status').filter({ hasText: 'Ngoại tuyến' }).waitFor();
    blocked = false;
    // Every route goes (the WebSocket's too), so nothing stands between the tablet and the server.
    await delegate.context.unrouteAll({ behavior: 'ignoreErrors' });
    // The connection is back (a tablet back on the Wi-Fi opens the page again).
    await d.reload();
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 20_000 });
    await d.getByRole('button', { name: 'Ghi chú của tôi' }).click();
  });

  it('lists my notes in "Ghi chú của tôi" and jumps to their page', async () => {
    const d = delegate.page;
    const items = d.locator('.ann-panel__list li');
    await expect.poll(() => items.count()).toBe(2);
    await d.getByRole('button', { name: /^Đến trang 1: Nét bút/ }).click();
    await d.getByText('Trang 1 / 10').waitFor();
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
    await look(d, 'annotations-delegate-notes');
    await look(d, 'annotations-delegate-notes', 'portrait');
  });

  it('sends ink drawn offline once the connection returns', async () => {
    const s = secretary.page;
    await secretary.context.setOffline(true);
    await s.getByRole('status').filter({ hasText: 'Ngoại tuyến' }).waitFor({ timeout: 30_000 });
    await pick(s, 'Đỏ');
    await drawWithMouse(s, [0.2, 0.6], [0.8, 0.65]);
    await expect.poll(() => inkOn(s, 'shared').count()).toBe(2);
    // The server never got it: a delegate viewer that has synced all the server holds has one stroke.
    await openDocument(delegate.page);
    expect(await inkOn(delegate.page, 'shared').count()).toBe(1);
    await secretary.context.setOffline(false);
    await s.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => inkOn(delegate.page, 'shared').count(), { timeout: 15_000 }).toBe(2);
    await look(s, 'annotations-secretary-shared');
    await look(s, 'annotations-secretary-shared', 'portrait');
  });

  it('downloads the document with my notes burned in', async () => {
    const d = delegate.page;
    const [download] = await Promise.all([
      d.waitForEvent('download'),
      d.getByRole('link', { name: 'Tải bản có ghi chú' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const res = await d.request.get(`/api/documents/${documentId}/annotated.pdf`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
