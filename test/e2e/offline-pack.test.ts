import { execFile } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Meeting, MeetingPack, MyMeetingNotes } from '@icabinet/shared';
import { launchBrowser, newPage, screenshot, VIEWPORTS } from '../utils/browser.js';
import { pageBox } from '../utils/viewer.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { ApiClient } from '../utils/http.js';
import { apiReplace } from '../utils/meetings.js';
import { ROOT, startServer, tempDir, testEnv, type TestServer } from '../utils/server.js';

const run = promisify(execFile);

/**
 * The offline meeting pack, as a delegate's tablet lives it with the demo meeting: the home screen
 * downloads the pack and says "Sẵn sàng ngoại tuyến"; every document then opens and turns pages
 * without one byte of it from the server; Wi-Fi off, every document still opens, after a reload
 * too; a version published meanwhile arrives when Wi-Fi is back. Requests are counted where they
 * arrive: on the server's own HTTP listener.
 */
let server: TestServer;
let browser: Browser;
let tablet: { context: BrowserContext; page: Page };
let secretary: ApiClient;
let delegate: ApiClient;
let meetingId: string;
let pack: MeetingPack;
const arrived: string[] = [];
// The browser's own update check of the service worker script (`/sw.js`, made by the browser for
// the registration, outside the page and the worker, so `setOffline` does not hold it back) is not
// the app's traffic: it is left out.
const count = (req: IncomingMessage) => req.url !== '/sw.js' && arrived.push(req.url ?? '');

beforeAll(async () => {
  const dataDir = await tempDir();
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'server', 'dist', 'seed-demo.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...testEnv(dataDir) },
    timeout: 120_000,
  });
  const password = /mật khẩu chung: (\S+)\)/.exec(stdout)?.[1] ?? '';
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

  delegate = new ApiClient(server.url);
  expect(await delegate.login('gd.tttt', password)).toBe(200);
  const own = await ownPassword({ client: delegate, password });
  pack = (await delegate.get<MeetingPack>(`/api/meetings/${meetingId}/pack`)).body;
  server.running.app.httpServer.on('request', count);

  browser = await launchBrowser();
  tablet = await newPage(browser, { baseURL: server.url, viewport: 'portrait' });
  await signIn(tablet.page, { username: 'gd.tttt', password: own });
}, 180_000);

afterAll(async () => {
  server?.running.app.httpServer.off('request', count);
  await browser?.close();
  await server?.stop();
});

/** Opens a document in the reader and turns to page 2 (when it has one); resolves once drawn. */
async function readDocument(p: Page, documentId: string, pages: number): Promise<void> {
  await p.goto(`/documents/${documentId}`);
  await p.getByText(`Trang 1 / ${pages}`).first().waitFor();
  await p.locator('.pdf-page[data-rendered]').first().waitFor();
  if (pages > 1) {
    await p.getByRole('button', { name: 'Trang sau' }).first().click();
    await p.getByText(`Trang 2 / ${pages}`).first().waitFor();
    await p.locator('.pdf-page[data-rendered]').first().waitFor();
  }
}

/** Draws a stroke with the mouse across part of the page (fractions of its size). */
async function drawWithMouse(p: Page, from: [number, number], to: [number, number]): Promise<void> {
  const box = await pageBox(p, (from[1] + to[1]) / 2);
  const at = (f: [number, number]) => [box.x + box.width * f[0], box.y + box.height * f[1]] as const;
  await p.mouse.move(...at(from));
  await p.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await p.mouse.move(
      ...at([from[0] + ((to[0] - from[0]) * i) / 10, from[1] + ((to[1] - from[1]) * i) / 10]),
    );
  }
  await p.mouse.up();
}

const fileRequests = () => arrived.filter((u) => /^\/api\/documents\/[^/]+\/file/.test(u));

describe('the offline meeting pack on a delegate tablet', () => {
  it('downloads from the home screen and says "Sẵn sàng ngoại tuyến"', async () => {
    const p = tablet.page;
    expect(pack.files.length).toBe(4);
    await p.goto('/');
    const card = p.locator(`[data-meeting="${meetingId}"]`);
    await card.getByText('Sắp họp').waitFor();
    await card.getByText('Sẵn sàng ngoại tuyến').waitFor({ timeout: 60_000 });
    await card.getByText(`${pack.files.length} tài liệu`, { exact: false }).first().waitFor();
    // The service worker now controls the page: it is what answers the viewer from the pack.
    await p.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) =>
          navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }),
        );
      }
    });
    for (const viewport of ['portrait', 'tablet'] as const) {
      await p.setViewportSize(VIEWPORTS[viewport]);
      await screenshot(p, `offline-home-${viewport}`);
      await expectTouchFriendly(p, `offline-home-${viewport}`);
    }
  });

  it('opens and pages every document with 0 requests for its bytes reaching the server', async () => {
    arrived.length = 0;
    for (const f of pack.files) await readDocument(tablet.page, f.documentId, f.pages);
    expect(fileRequests()).toEqual([]);
  });

  it('with the network gone, still opens every document, after a reload too', async () => {
    const { context, page: p } = tablet;
    await context.setOffline(true);
    arrived.length = 0;
    for (const f of pack.files) await readDocument(p, f.documentId, f.pages);
    await p.reload();
    await p.locator('.pdf-page[data-rendered]').first().waitFor();
    // A note written offline is kept on the tablet (and sent when the network is back, below).
    await p.getByRole('radio', { name: 'Bút', exact: true }).click();
    await drawWithMouse(p, [0.2, 0.3], [0.7, 0.35]);
    await expect.poll(() => p.locator('g[data-layer=private] .ann-ink').count()).toBe(1);
    await screenshot(p, 'offline-reader-portrait');
    expect(arrived).toEqual([]);
  });

  it('sends the note written offline once the network is back', async () => {
    const { context, page: p } = tablet;
    await context.setOffline(false);
    const last = pack.files.at(-1)!;
    await p.goto(`/documents/${last.documentId}`);
    await p.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 30_000 });
    await expect
      .poll(
        async () =>
          (
            await delegate.get<MyMeetingNotes>(`/api/meetings/${meetingId}/annotations/mine`)
          ).body.documents.find((d) => d.documentId === last.documentId)?.items.length ?? 0,
        { timeout: 15_000 },
      )
      .toBe(1);
    await context.setOffline(true);
  });

  it('gets a version published while it was offline, readable offline even when the network goes again at once', async () => {
    const { context, page: p } = tablet;
    let current = pack.files.find((f) => f.name === 'to-trinh-de-an-06.pdf')!.documentId;
    // Three versions in a row: bytes another document of the pack has (kept once, by content
    // hash), the first bytes again (collected since, so downloaded again), and other shared bytes.
    for (const file of [
      'bao-cao-mo-hinh-quan-huyen-cds.pdf',
      'to-trinh-de-an-06.pdf',
      'bao-cao-chuyen-doi-so-2024.pdf',
    ]) {
      const next = await apiReplace(server.url, secretary, current, file);
      current = next.id;
      await context.setOffline(false);
      await p.goto('/');
      // The keeper syncs every pack on reconnect. Wi-Fi goes again the very moment that sync has
      // stored the new version (its pack names it), with no wait for an idle network: whatever
      // the sync still does after that must not cost the version its offline copy.
      // (Polled with `page.evaluate`, which awaits the check: `waitForFunction` does not await an
      // async predicate — its promise is truthy at once, so a wait written that way waits for
      // nothing. That, not the service worker, was the "version stored just before the drop that
      // does not open offline": the network went before the sync had stored anything.)
      await expect
        .poll(
          () =>
            p.evaluate(async (id) => {
              const db = await new Promise<IDBDatabase>((ok, ko) => {
                const r = indexedDB.open('icabinet-offline');
                r.onsuccess = () => ok(r.result);
                r.onerror = () => ko(new Error(String(r.error)));
              });
              const found = await new Promise<unknown>((ok) => {
                const r = db.transaction('packs').objectStore('packs').getAll();
                r.onsuccess = () => ok(r.result);
                r.onerror = () => ok([]);
              });
              db.close();
              return (found as { fileIds: string[] }[]).some((pk) => pk.fileIds.includes(id));
            }, next.id),
          { timeout: 30_000, interval: 20 },
        )
        .toBe(true);
      await context.setOffline(true);
      arrived.length = 0;
      await readDocument(p, next.id, next.pages).catch(async (e: unknown) => {
        await screenshot(p, `offline-debug-${file}`);
        throw e;
      });
      expect(arrived).toEqual([]);
    }
    await context.setOffline(false);
  });
});
