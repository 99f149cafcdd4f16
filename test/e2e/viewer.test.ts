import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchBrowser, newPage, screenshot, VIEWPORTS } from '../utils/browser.js';
import { ownPassword, signIn } from '../utils/e2e.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { openViewer } from '../utils/viewer.js';

let server: TestServer;
let browser: Browser;
let reader: { context: BrowserContext; page: Page };
let appendixId = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const secretary = await createUser(server.url, admin, {
    username: 'thuky.phuluc',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  const meeting = await apiMeeting(secretary.client);
  // The 920-page appendix (6 MB): the viewer fetches only the ranges each page needs.
  appendixId = (await apiUpload(server.url, secretary.client, meeting.id, 'phu-luc-tong-hop-920-trang.pdf'))
    .id;
  reader = await newPage(browser, { baseURL: server.url });
  await signIn(reader.page, { username: 'thuky.phuluc', password: await ownPassword(secretary) });
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && reader)
    await screenshot(reader.page, `FAILED-viewer-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pageField = (p: Page) => p.getByRole('spinbutton', { name: 'Trang', exact: true });

/** Records every "Trang x / y" the viewer shows from now on. */
async function recordPagesShown(p: Page): Promise<() => Promise<string[]>> {
  await p.evaluate(() => {
    const label = document.querySelector('.viewer__page [aria-live]')!;
    const seen: string[] = [];
    (window as unknown as { pagesShown: string[] }).pagesShown = seen;
    new MutationObserver(() => seen.push(label.textContent ?? '')).observe(label, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  return () => p.evaluate(() => [...(window as unknown as { pagesShown: string[] }).pagesShown]);
}

describe('the document viewer on a 920-page appendix', () => {
  it('turns the page only on Enter, so typing 900 never shows pages 9 and 90, and refuses a page out of range', async () => {
    const p = reader.page;
    await openViewer(p, appendixId);
    const shown = await recordPagesShown(p);
    await pageField(p).click();
    await pageField(p).press('Control+A');
    await p.keyboard.type('900');
    await expect.poll(() => pageField(p).inputValue()).toBe('900');
    await pageField(p).press('Enter');
    await p.getByText('Trang 900 / 920').waitFor();
    await p.locator('.pdf-page[data-rendered]').waitFor();
    expect(await shown()).toEqual(['Trang 900 / 920']);

    await pageField(p).fill('2000');
    await pageField(p).press('Enter');
    await p.getByRole('alert').filter({ hasText: 'Nhập số trang từ 1 đến 920.' }).waitFor();
    expect(await pageField(p).getAttribute('aria-invalid')).toBe('true');
    await screenshot(p, 'viewer-page-invalid-tablet');
    // Leaving the field with a good number turns the page, and the error goes.
    await pageField(p).fill('12');
    await p.getByRole('button', { name: 'Trang sau' }).focus();
    await p.getByText('Trang 12 / 920').waitFor();
    expect(await p.getByText('Nhập số trang từ 1 đến 920.').count()).toBe(0);
    expect(await shown()).toEqual(['Trang 900 / 920', 'Trang 12 / 920']);
  });

  it('shows a failed range as an error with "Thử lại", and draws the page once the retry gets it', async () => {
    const p = reader.page;
    await openViewer(p, appendixId);
    let failing = true;
    const failed: string[] = [];
    const url = `**/api/documents/${appendixId}/file*`;
    const handler = async (route: Route) => {
      const range = route.request().headers().range ?? '';
      if (failing && !range.startsWith('bytes=0-')) {
        failed.push(range);
        await route.abort('connectionreset');
      } else await route.continue();
    };
    // The context's route also sees what the offline pack's service worker fetches for the page.
    await p.context().route(url, handler);
    try {
      await pageField(p).fill('500');
      await pageField(p).press('Enter');
      const error = p.getByRole('alert').filter({ hasText: 'Không tải được phần này của tài liệu' });
      await error.waitFor();
      expect(failed.length).toBeGreaterThan(0);
      for (const [name, size] of Object.entries(VIEWPORTS).filter(([n]) => n !== 'desktop')) {
        await p.setViewportSize(size);
        await error.waitFor();
        await screenshot(p, `viewer-range-failed-${name}`);
      }
      await p.setViewportSize(VIEWPORTS.tablet);
      failing = false;
      await error.getByRole('button', { name: 'Thử lại' }).click();
      await p.locator('.pdf-page[data-rendered]').waitFor();
      await p.getByText('Trang 500 / 920').waitFor();
      expect(await error.count()).toBe(0);
    } finally {
      await p.context().unroute(url, handler);
    }
  });

  it('searches every page, says how many hits, and finds the phrase on page 900', async () => {
    const p = reader.page;
    await openViewer(p, appendixId);
    await p.getByRole('button', { name: 'Tìm trong tài liệu' }).click();
    await p.getByRole('searchbox').fill('chinh quyen so');
    const status = p.getByRole('status').filter({ hasText: 'đã tìm hết 920 trang' });
    await status.waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toMatch(/^Tìm thấy ở \d+ trang \(\d+ lần\), đã tìm hết 920 trang\.$/);
    const hit = p.getByRole('button', { name: /^Trang 900\b/ });
    await hit.scrollIntoViewIfNeeded();
    await screenshot(p, 'viewer-search-all-pages-tablet');
    await p.setViewportSize(VIEWPORTS.portrait);
    await screenshot(p, 'viewer-search-all-pages-portrait');
    await p.setViewportSize(VIEWPORTS.tablet);
    await hit.click();
    await p.getByText('Trang 900 / 920').waitFor();
  });
});
