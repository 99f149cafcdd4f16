import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../utils/http.js';
import { CAST, createCast, type TestUser } from '../utils/fixtures.js';
import { apiUpload } from '../utils/meetings.js';
import { publishedMeeting } from '../utils/room.js';
import { launchBrowser, newPage } from '../utils/browser.js';
import { ownPassword, signIn } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let people: Record<'secretary' | 'delegate', TestUser>;

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'delegate']);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server.stop();
});

describe("a delegate's meeting pack follows the document library live", () => {
  it('shows a new document from the broadcast itself, without fetching the list again', async () => {
    const { secretary, delegate } = people;
    const meeting = await publishedMeeting(secretary.client, secretary.id, [{ userId: delegate.id }], {
      document: true,
    });
    const { context, page } = await newPage(browser, { baseURL: server.url });
    try {
      await signIn(page, { username: CAST.delegate.username, password: await ownPassword(delegate) });
      const listUrl = `/api/meetings/${meeting.id}/documents`;
      await page.goto('/my-meetings');
      await page.locator('.pack-doc__name').first().waitFor();
      const listRequests: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === listUrl) listRequests.push(r.url());
      });

      await apiUpload(server.url, secretary.client, meeting.id, 'to-trinh-de-an-06.pdf', {
        openBy: 'organisers',
      });
      await apiUpload(server.url, secretary.client, meeting.id, 'bao-cao-mo-hinh-quan-huyen-cds.pdf');
      await page.locator('.pack-doc__name', { hasText: 'bao-cao-mo-hinh-quan-huyen-cds.pdf' }).waitFor();
      const names = await page.locator('.pack-doc__name').allTextContents();
      expect(names).toContain('bao-cao-mo-hinh-quan-huyen-cds.pdf');
      // The organisers-only document never reached this tablet.
      expect(names).not.toContain('to-trinh-de-an-06.pdf');
      expect(listRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
