import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ConclusionsView } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { CAST, createCast, type TestUser } from '../utils/fixtures.js';
import { publishedMeeting } from '../utils/room.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, openDrawer, ownPassword, signIn } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let people: Record<'secretary' | 'chair' | 'delegate', TestUser>;
const passwords: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ env: { REMINDERS: 'off' } });
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair', 'delegate']);
  for (const who of ['secretary', 'chair'] as const) passwords[who] = await ownPassword(people[who]);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('conclusions and the conclusion notice on the meeting-room tablet', () => {
  it('lets the secretary draft the conclusions in the room and the chair approve them, then issue', async () => {
    const { secretary, chair, delegate } = people;
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: delegate.id }]);

    // The secretary writes the item's conclusions in the room's "Kết luận" drawer and submits them.
    const sec = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec.page.goto(`/meetings/${meeting.id}/room`);
      const drawer = await openDrawer(sec.page, 'Kết luận');
      await drawer.getByRole('button', { name: 'Ghi kết luận' }).click();
      // An empty point is refused in the form, before anything is sent.
      await drawer.getByRole('button', { name: 'Lưu kết luận' }).click();
      await drawer.getByText('Điểm kết luận không được để trống').waitFor();
      await drawer
        .getByLabel('Điểm kết luận 1.1')
        .fill('Giao Sở Thông tin và Truyền thông hoàn thiện báo cáo, trình UBND Thành phố trước ngày 15/01.');
      await drawer.getByRole('button', { name: 'Thêm điểm kết luận' }).click();
      await drawer
        .getByLabel('Điểm kết luận 1.2')
        .fill('Các sở, ngành cập nhật số liệu chuyển đổi số hằng tháng.');
      await drawer.getByRole('button', { name: 'Đưa điểm 2 lên' }).click();
      await drawer.getByRole('button', { name: 'Lưu kết luận' }).click();
      await drawer.getByText('1.1.').waitFor();
      const first = drawer.locator('.conclusion__points li').first();
      expect(await first.textContent()).toContain('Các sở, ngành cập nhật số liệu');
      await screenshot(sec.page, 'conclusions-secretary-drafts');
      await expectTouchFriendly(sec.page, 'conclusions drawer (secretary)');
      await drawer.getByRole('button', { name: 'Trình chủ tọa' }).click();
      await drawer.getByText('Đã trình chủ tọa', { exact: true }).waitFor();
      // Once submitted, the conclusions are no longer editable.
      await drawer.getByText('kết luận không sửa được').waitFor();
      expect(await drawer.getByRole('button', { name: 'Sửa kết luận' }).count()).toBe(0);
    } finally {
      await sec.context.close();
    }

    // The chair, on the tablet, sees the submitted notice in the same drawer and approves it.
    const ch = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(ch.page, { username: CAST.chair.username, password: passwords.chair ?? '' });
      await ch.page.goto(`/meetings/${meeting.id}/room`);
      const drawer = await openDrawer(ch.page, 'Kết luận');
      await drawer.getByText('Đã trình chủ tọa', { exact: true }).waitFor();
      await drawer.getByText('Các sở, ngành cập nhật số liệu chuyển đổi số hằng tháng.').waitFor();
      await screenshot(ch.page, 'conclusions-chair-submitted');
      await expectTouchFriendly(ch.page, 'conclusions drawer (chair)');
      await drawer.getByRole('button', { name: 'Phê duyệt' }).click();
      await ch.page
        .getByRole('dialog', { name: 'Phê duyệt thông báo kết luận?' })
        .getByRole('button', { name: 'Phê duyệt' })
        .click();
      await drawer.getByText('Đã phê duyệt', { exact: true }).waitFor();
      await screenshot(ch.page, 'conclusions-chair-approved');
    } finally {
      await ch.context.close();
    }

    // The secretary issues it (no digital signature yet) from the meeting page's "Kết luận" tab.
    const sec2 = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec2.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec2.page.goto(`/meetings/${meeting.id}/edit?tab=conclusions`);
      await sec2.page.getByRole('button', { name: 'Ban hành không ký số' }).click();
      await sec2.page
        .getByRole('dialog', { name: 'Ban hành không ký số?' })
        .getByRole('button', { name: 'Ban hành không ký số' })
        .click();
      await sec2.page.getByText('Đã ban hành', { exact: true }).waitFor();
      await sec2.page.getByText('Số 1/TB-UBND', { exact: true }).waitFor();
      await sec2.page.getByRole('link', { name: 'Mở thông báo đã ban hành' }).waitFor();
      await screenshot(sec2.page, 'conclusions-issued');
      await expectTouchFriendly(sec2.page, 'conclusions tab (issued)');
    } finally {
      await sec2.context.close();
    }

    const view = await delegate.client.get<ConclusionsView>(`/api/meetings/${meeting.id}/conclusions`);
    expect(view.body.notice).toMatchObject({ state: 'issued', number: 1 });
    expect(view.body.items[0]?.points.map((p) => p.text)).toEqual([
      'Các sở, ngành cập nhật số liệu chuyển đổi số hằng tháng.',
      'Giao Sở Thông tin và Truyền thông hoàn thiện báo cáo, trình UBND Thành phố trước ngày 15/01.',
    ]);
  });
});
