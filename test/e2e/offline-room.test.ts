import { execFile } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AgendaItem, Meeting, MeetingPack, MyMeetingNotes } from '@icabinet/shared';
import { launchBrowser, newPage, screenshot, type ViewportName } from '../utils/browser.js';
import { expectTouchFriendly, openDrawer, ownPassword, signIn } from '../utils/e2e.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, roomCommand } from '../utils/room.js';
import { ROOT, startServer, tempDir, testEnv, type TestServer } from '../utils/server.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';

const run = promisify(execFile);

/**
 * The meeting room without a network, as a delegate's tablet lives it with the demo meeting, held
 * in portrait (800×1280) by one delegate and in landscape (1280×800) by another: the home screen
 * downloads the pack; the room page follows the secretary's report on page 2; Wi-Fi goes, the
 * page is reloaded — and the room is read from the pack: the offline banner, the agenda and the
 * participants, the report where the room was, any other packed document, a private note written
 * on the report. Not one request reaches the server meanwhile. Wi-Fi comes back: the tablet joins
 * the live room, follows the secretary's next page turn, and the note reaches the server.
 */
let server: TestServer;
let browser: Browser;
let secretary: ApiClient;
let chair: ClientSocket;
let meetingId: string;
let password: string;
let report: MeetingPack['files'][number];
let toTrinh: MeetingPack['files'][number];
const arrived: string[] = [];
// The browser's own update check of the service worker script (`/sw.js`, made by the browser for
// the registration, not by the page or the worker) is not the app's traffic: it is left out.
const count = (req: IncomingMessage) => req.url !== '/sw.js' && arrived.push(req.url ?? '');
let tablet: { context: BrowserContext; page: Page } | null = null;

beforeAll(async () => {
  const dataDir = await tempDir();
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'server', 'dist', 'seed-demo.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...testEnv(dataDir) },
    timeout: 120_000,
  });
  password = /mật khẩu chung: (\S+)\)/.exec(stdout)?.[1] ?? '';
  server = await startServer({ dataDir });
  secretary = new ApiClient(server.url);
  expect(await secretary.login('cvp', password)).toBe(200);
  const drafts = await secretary.get<{ items: Meeting[] }>('/api/meetings?scope=drafts');
  const demo = drafts.body.items.find((m) => m.title.startsWith('Phiên họp UBND Thành phố thường kỳ'))!;
  meetingId = demo.id;
  const published = await secretary.post(`/api/meetings/${meetingId}/status`, {
    to: 'published',
    version: demo.version,
  });
  expect(published.status).toBe(200);

  // The secretary runs the room over their own socket: the meeting starts on the digital
  // transformation report (agenda item 2), page 2.
  const manifest = (await secretary.get<MeetingPack>(`/api/meetings/${meetingId}/pack`)).body;
  report = manifest.files.find((f) => f.name === 'bao-cao-chuyen-doi-so-2024.pdf')!;
  toTrinh = manifest.files.find((f) => f.name === 'to-trinh-de-an-06.pdf')!;
  const agenda = await secretary.get<{ items: AgendaItem[] }>(`/api/meetings/${meetingId}/agenda`);
  expect(agenda.body.items.some((i) => i.id === report.agendaItemId)).toBe(true);
  chair = await connectClient(server.url, secretary.cookie);
  await joinRoom(chair, meetingId);
  for (const command of [
    { type: 'room.start' },
    { type: 'item.goto', itemId: report.agendaItemId! },
    { type: 'document.open', documentId: report.documentId, page: 2 },
  ] as const) {
    const ack = await roomCommand(chair, meetingId, command);
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  }
  server.running.app.httpServer.on('request', count);
  browser = await launchBrowser();
}, 180_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && tablet)
    await screenshot(tablet.page, `FAILED-offline-room-${task.name.slice(0, 30)}`);
});

afterAll(async () => {
  server?.running.app.httpServer.off('request', count);
  chair?.close();
  await browser?.close();
  await server?.stop();
});

/** The room's reader: which document it shows, on which page, and whether it follows the room. */
const roomDoc = (p: Page) => p.locator('.room-doc');

/** The page's box on screen, scrolled so that the point `fy` (0..1) down the page is mid-screen. */
async function pageBox(
  p: Page,
  fy: number,
): Promise<{ x: number; y: number; width: number; height: number }> {
  // A marker at that point of the page, brought to the middle of the screen.
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

/** Draws a private pen stroke across the page with the mouse. */
async function drawNote(p: Page): Promise<void> {
  const tools = p.getByRole('button', { name: 'Công cụ ghi chú' });
  if ((await tools.getAttribute('aria-pressed')) !== 'true') await tools.click();
  await p.getByRole('radio', { name: 'Bút', exact: true }).click();
  const box = await pageBox(p, 0.75);
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  // Low on the page: the note tools fold over its top.
  await p.mouse.move(...at(0.2, 0.75));
  await p.mouse.down();
  for (let i = 1; i <= 10; i++) await p.mouse.move(...at(0.2 + 0.05 * i, 0.75 + 0.005 * i));
  await p.mouse.up();
}

/** The private notes a delegate has on the server for one document. */
async function notesOnServer(who: ApiClient, documentId: string): Promise<number> {
  const mine = await who.get<MyMeetingNotes>(`/api/meetings/${meetingId}/annotations/mine`);
  return mine.body.documents.find((d) => d.documentId === documentId)?.items.length ?? 0;
}

// gd.tttt presents agenda item 2 (the room follows their page: `presenter`), gd.tp follows it.
describe.each([
  ['portrait', 'gd.tttt', 'presenter'],
  ['tablet', 'gd.tp', 'yes'],
] as [ViewportName, string, string][])(
  'the meeting room offline on a %s tablet (%s)',
  (viewport, username, following) => {
    let delegate: ApiClient;
    let p: Page;
    let context: BrowserContext;

    beforeAll(async () => {
      delegate = new ApiClient(server.url);
      expect(await delegate.login(username, password)).toBe(200);
      const own = await ownPassword({ client: delegate, password });
      tablet = await newPage(browser, { baseURL: server.url, viewport });
      ({ page: p, context } = tablet);
      await signIn(p, { username, password: own });
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      tablet = null;
    });

    it('keeps the pack from the home screen and follows the live room on page 2', async () => {
      expect((await roomCommand(chair, meetingId, { type: 'page.goto', page: 2 })).ok).toBe(true);
      await p.goto('/');
      await p
        .locator(`[data-meeting="${meetingId}"]`)
        .getByText('Sẵn sàng ngoại tuyến')
        .waitFor({ timeout: 90_000 });
      await p.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((r) =>
            navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }),
          );
        }
      });
      await p.goto(`/meetings/${meetingId}/room`);
      await p.locator('[data-link="live"]').waitFor();
      await roomDoc(p)
        .and(p.locator(`[data-document="${report.documentId}"][data-page="2"]`))
        .waitFor();
      await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();
      // What the tablet saw of the room is kept on it for a reload without a network.
      await expect
        .poll(() =>
          p.evaluate(async (id) => {
            const hit = await caches.match(`/__room/${id}`, { cacheName: 'icabinet-pack-json-v1' });
            return hit ? ((await hit.json()) as { document: { page: number } | null }).document?.page : null;
          }, meetingId),
        )
        .toBe(2);
    });

    it('reloaded without a network, reads the room from the pack: agenda, participants, documents', async () => {
      await context.setOffline(true);
      arrived.length = 0;
      await p.reload();
      await p.getByText('Đang ngoại tuyến — đang đọc từ gói tài liệu.').waitFor();
      // Where the room was: the report, page 2.
      await roomDoc(p)
        .and(p.locator(`[data-document="${report.documentId}"]`))
        .waitFor();
      await p.getByText(`Trang 2 / ${report.pages}`).first().waitFor();
      await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();
      await p.getByRole('button', { name: 'Trang sau' }).first().click();
      await p.getByText(`Trang 3 / ${report.pages}`).first().waitFor();
      await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();

      const agenda = await openDrawer(p, 'Chương trình');
      await agenda
        .locator('.room-agenda__item.is-current')
        .getByText('Đang thảo luận (lúc mất mạng)')
        .waitFor();
      await agenda.getByRole('button', { name: toTrinh.name }).click();
      await roomDoc(p)
        .and(p.locator(`[data-document="${toTrinh.documentId}"]`))
        .waitFor();
      await p.getByText(`Trang 1 / ${toTrinh.pages}`).first().waitFor();
      await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();

      const people = await openDrawer(p, 'Thành phần');
      await people.getByText('Nguyễn Văn An').waitFor();
      await people.getByText('Đỗ Việt Hùng').waitFor();
      await screenshot(p, `offline-room-people-${viewport}`);
      await expectTouchFriendly(p, `offline-room-people-${viewport}`);
      await people.getByRole('button', { name: 'Đóng', exact: true }).click();

      await (await openDrawer(p, 'Chương trình')).getByRole('button', { name: report.name }).click();
      await roomDoc(p)
        .and(p.locator(`[data-document="${report.documentId}"]`))
        .waitFor();
      await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();
      expect(arrived).toEqual([]);
    });

    it('writes a private note offline, kept on the tablet', async () => {
      await drawNote(p);
      await expect.poll(() => p.locator('g[data-layer=private] .ann-ink').count()).toBe(1);
      await screenshot(p, `offline-room-${viewport}`);
      await expectTouchFriendly(p, `offline-room-${viewport}`);
      expect(arrived).toEqual([]);
      expect(await notesOnServer(delegate, report.documentId)).toBe(0);
    });

    it('with the network back, joins the live room, follows the page turn and sends the note', async () => {
      await context.setOffline(false);
      await p.locator('[data-link="live"]').waitFor({ timeout: 30_000 });
      await expect(p.getByText('Đang ngoại tuyến — đang đọc từ gói tài liệu.').count()).resolves.toBe(0);
      const ack = await roomCommand(chair, meetingId, { type: 'page.goto', page: 4 });
      expect(ack.ok).toBe(true);
      await expect
        .poll(async () => ({
          document: await roomDoc(p).getAttribute('data-document'),
          page: await roomDoc(p).getAttribute('data-page'),
          following: await roomDoc(p).getAttribute('data-following'),
        }))
        .toEqual({ document: report.documentId, page: '4', following });
      await p.locator('.room-doc .pdf-page[data-rendered]').waitFor();
      await expect.poll(() => notesOnServer(delegate, report.documentId), { timeout: 20_000 }).toBe(1);
      await screenshot(p, `offline-room-back-${viewport}`);
    });
  },
);
