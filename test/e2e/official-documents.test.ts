import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../utils/http.js';
import { CAST, createCast, type TestUser } from '../utils/fixtures.js';
import { publishedMeeting } from '../utils/room.js';
import { launchBrowser, newPage, screenshot, type ViewportName } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';

const run = promisify(execFile);

let server: TestServer;
let browser: Browser;
let people: Record<'secretary' | 'chair' | 'delegate', TestUser>;
let password: string;
let dir: string;

beforeAll(async () => {
  server = await startServer({ env: { REMINDERS: 'off' } });
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair', 'delegate']);
  password = await ownPassword(people.delegate);
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), 'giay-moi-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the numbered invitation in the meeting pack', () => {
  it('lets a delegate download the giấy mời of a published meeting from “Cuộc họp của tôi”', async () => {
    const { secretary, chair, delegate } = people;
    await publishedMeeting(secretary.client, chair.id, [{ userId: delegate.id }]);
    for (const viewport of ['tablet', 'portrait'] as ViewportName[]) {
      const { context, page } = await newPage(browser, { baseURL: server.url, viewport });
      try {
        await signIn(page, { username: CAST.delegate.username, password });
        await page.goto('/my-meetings');
        const link = page.getByRole('link', { name: 'Tải giấy mời (PDF)' });
        await link.waitFor();
        await screenshot(page, `invitation-pdf-link-${viewport}`);
        await expectTouchFriendly(page, `my meetings (${viewport})`);
        if (viewport !== 'tablet') continue;

        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toBe('Giay moi so 1-GM-UBND.pdf');
        const file = path.join(dir, download.suggestedFilename());
        await download.saveAs(file);
        const { stdout } = await run('pdftotext', ['-layout', file, '-']);
        const text = stdout.replace(/\s+/g, ' ');
        expect(text).toContain('Số: 1/GM-UBND');
        expect(text).toContain('GIẤY MỜI Phiên họp UBND Thành phố thường kỳ tháng 12');
        expect(text).toContain('1. Báo cáo tình hình chuyển đổi số năm 2024');
      } finally {
        await context.close();
      }
    }
  });
});
