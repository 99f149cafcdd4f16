import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, VIEWPORTS } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { createUser, passwordFor } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiParticipant } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let secretary: { context: BrowserContext; page: Page };
let meetingId = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const unit = await admin.post<{ unit: { id: string } }>('/api/units', {
    code: 'STC',
    name: 'Sở Tài chính',
  });
  const people = [
    ['tran.binh', 'Trần Thị Bình', 'Giám đốc'],
    ['le.cuong', 'Lê Văn Cường', 'Phó Giám đốc'],
    ['do.dung', 'Đỗ Minh Dũng', 'Chuyên viên'],
  ] as const;
  const ids: string[] = [];
  for (const [username, fullName, title] of people) {
    const res = await admin.post<{ user: { id: string } }>('/api/users', {
      username,
      fullName,
      title,
      unitId: unit.body.unit.id,
      password: passwordFor(username),
    });
    ids.push(res.body.user.id);
  }
  const sec = await createUser(server.url, admin, {
    username: 'thuky.thanhphan',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  const meeting = await apiMeeting(sec.client);
  meetingId = meeting.id;
  // Lê Văn Cường is already invited: the picker must not offer him.
  await apiParticipant(sec.client, meetingId, ids[1]!);
  secretary = await newPage(browser, { baseURL: server.url });
  await signIn(secretary.page, { username: 'thuky.thanhphan', password: await ownPassword(sec) });
}, 60_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && secretary)
    await screenshot(secretary.page, `FAILED-participants-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const picker = (p: Page) => p.getByRole('listbox', { name: 'Tìm người cần mời' });

describe('adding participants', () => {
  it('finds people by name, title or unit without diacritics and never offers those already invited', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${meetingId}/edit?tab=participants`);
    await picker(p).getByRole('option').first().waitFor();
    const offered = async () =>
      (await picker(p).getByRole('option').allInnerTexts()).map((s) => s.split('\n')[0]);
    // Everyone but the one already in (and the secretary, who created the meeting).
    expect(await offered()).not.toContain('Lê Văn Cường');
    expect(await offered()).toContain('Trần Thị Bình');

    await p.getByRole('searchbox', { name: 'Tìm người cần mời' }).fill('so tai chinh giam doc');
    await p.getByRole('status').filter({ hasText: '1 người chưa có trong thành phần.' }).waitFor();
    expect(await offered()).toEqual(['Trần Thị Bình']);
    await picker(p)
      .getByRole('option', { name: /Trần Thị Bình/ })
      .click();
    await p.getByRole('status').filter({ hasText: 'Đã chọn: Trần Thị Bình' }).waitFor();
    for (const [name, size] of Object.entries(VIEWPORTS).filter(([n]) => n !== 'desktop')) {
      await p.setViewportSize(size);
      await screenshot(p, `participants-picker-${name}`);
      await expectTouchFriendly(p, `participants-picker-${name}`);
    }
    await p.setViewportSize(VIEWPORTS.tablet);
    await p.getByRole('button', { name: 'Thêm', exact: true }).click();
    await p.getByText('Đã thêm Trần Thị Bình.').waitFor();
    // Now in the list, she is no longer offered.
    await p.getByRole('status').filter({ hasText: 'Không có ai phù hợp' }).waitFor();
    expect(await picker(p).count()).toBe(0);
  });

  it('marks a bad guest e-mail next to the field and moves the focus there', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${meetingId}/edit?tab=participants`);
    await p.getByRole('radiogroup', { name: 'Thêm thành phần' }).getByText('Khách mời').click();
    await p.getByLabel('Họ và tên').fill('Ông Nguyễn Khách');
    const email = p.getByLabel(/^E-mail/);
    await email.fill('khach@');
    await p.getByRole('button', { name: 'Thêm', exact: true }).click();
    await p.getByRole('alert').filter({ hasText: 'Địa chỉ e-mail không hợp lệ.' }).waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    // The message sits with the field, not in a banner at the top of the form.
    const describedBy = await email.getAttribute('aria-describedby');
    expect(await p.locator(`[id="${describedBy}"]`).textContent()).toContain('Địa chỉ e-mail không hợp lệ.');
    expect(await p.getByText('Dữ liệu gửi lên không hợp lệ.').count()).toBe(0);
    await screenshot(p, 'participants-guest-email-tablet');
    await p.setViewportSize(VIEWPORTS.portrait);
    await screenshot(p, 'participants-guest-email-portrait');
    await p.setViewportSize(VIEWPORTS.tablet);

    await email.fill('khach@hanoi.gov.vn');
    expect(await email.getAttribute('aria-invalid')).toBeNull();
    await p.getByRole('button', { name: 'Thêm', exact: true }).click();
    await p.getByText('Đã thêm Ông Nguyễn Khách.').waitFor();
  });
});
