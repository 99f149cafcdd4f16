import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiItem, apiParticipant, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand } from '../utils/room.js';
import { connectClient } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let first: { context: BrowserContext; page: Page };
let second: { context: BrowserContext; page: Page };
let meetingId = '';

const doc = (p: Page) => p.locator('.minutes-doc');
/** The minutes' text as written (other editors' carets and name tags left out). */
const docText = (p: Page) =>
  doc(p).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.minutes-caret').forEach((caret) => caret.remove());
    return copy.innerText;
  });
const status = (p: Page, text: string) =>
  p.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout: 30_000 });

/** Puts the caret at the end of the minutes and starts a new paragraph. */
async function typeAtEnd(p: Page, text: string): Promise<void> {
  await doc(p).click();
  await p.keyboard.press('Control+End');
  await p.keyboard.press('Enter');
  await p.keyboard.type(text, { delay: 15 });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const sec = await createUser(server.url, admin, {
    username: 'bb.ha',
    fullName: 'Nguyễn Thu Hà',
    systemRole: 'secretary',
  });
  const sec2 = await createUser(server.url, admin, { username: 'bb.tuan', fullName: 'Phạm Minh Tuấn' });
  const chair = await createUser(server.url, admin, { username: 'bb.thanh', fullName: 'Trần Sỹ Thanh' });
  const created = await sec.client.post<{ meeting: { id: string } }>('/api/meetings', {
    title: 'Phiên họp UBND Thành phố thường kỳ tháng 12',
    location: 'Phòng họp số 1, 79 Đinh Tiên Hoàng',
    ...slot(0, 3),
    chairId: chair.id,
  });
  meetingId = created.body.meeting.id;
  await apiParticipant(sec.client, meetingId, sec2.id, 'secretary');
  await apiItem(sec.client, meetingId, {
    title: 'Báo cáo tình hình kinh tế - xã hội năm 2026',
    plannedMinutes: 30,
  });
  await apiStatus(sec.client, { id: meetingId }, 'published');
  // The room is held: the chair starts it, is checked in, and ends it.
  const c = await connectClient(server.url, chair.client.cookie);
  await joinRoom(c, meetingId);
  for (const type of ['room.start', 'attendance.checkin', 'room.end'] as const) {
    const res = await roomCommand(c, meetingId, { type });
    if (!res.ok) throw new Error(`${type}: ${JSON.stringify(res.error)}`);
  }
  c.close();
  first = await newPage(browser, { baseURL: server.url });
  second = await newPage(browser, { baseURL: server.url });
  await signIn(first.page, { username: 'bb.ha', password: await ownPassword(sec) });
  await signIn(second.page, { username: 'bb.tuan', password: await ownPassword(sec2) });
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (first) await screenshot(first.page, `FAILED-minutes-first-${name}`);
  if (second) await screenshot(second.page, `FAILED-minutes-second-${name}`);
});

afterAll(async () => {
  await first?.context.close();
  await second?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('minutes written together in two browsers', () => {
  it('opens the prefilled minutes from the meeting page', async () => {
    const p = first.page;
    await p.goto(`/meetings/${meetingId}/edit`);
    await p.getByRole('link', { name: 'Biên bản' }).click();
    await p.getByRole('heading', { name: 'Biên bản cuộc họp' }).waitFor();
    await doc(p).getByText('BIÊN BẢN CUỘC HỌP').waitFor();
    const text = await docText(p);
    expect(text).toContain('Địa điểm: Phòng họp số 1, 79 Đinh Tiên Hoàng');
    expect(text).toContain('Chủ trì: Trần Sỹ Thanh');
    expect(text).toContain('Có mặt (1)');
    expect(text).toContain('Báo cáo tình hình kinh tế - xã hội năm 2026');
    expect(await p.locator('.minutes-doc table').count()).toBe(1);
    await status(p, 'Đã lưu');
    await screenshot(p, 'minutes-prefilled');
    await expectTouchFriendly(p, 'minutes editor');
  });

  it('lets two secretaries type at once; both screens converge and show each other', async () => {
    const a = first.page;
    const b = second.page;
    await b.goto(`/meetings/${meetingId}/minutes`);
    await doc(b).getByText('BIÊN BẢN CUỘC HỌP').waitFor();
    // Each opens a paragraph of their own first (two carets in one paragraph interleave their
    // letters, as in any shared editor), then both type at once.
    await typeAtEnd(a, 'Chủ tọa');
    await doc(b).getByText('Chủ tọa', { exact: true }).waitFor();
    await typeAtEnd(b, 'Giao');
    await doc(a).getByText('Giao', { exact: true }).waitFor();
    await Promise.all([
      a.keyboard.type(' kết luận: thống nhất thông qua báo cáo.', { delay: 15 }),
      b.keyboard.type(' Sở Tài chính tổng hợp số liệu quý IV.', { delay: 15 }),
    ]);
    for (const p of [a, b]) {
      await doc(p).getByText('Chủ tọa kết luận: thống nhất thông qua báo cáo.').waitFor();
      await doc(p).getByText('Giao Sở Tài chính tổng hợp số liệu quý IV.').waitFor();
      await status(p, 'Đã lưu');
    }
    await expect.poll(async () => (await docText(a)) === (await docText(b))).toBe(true);
    // Each sees the other's name among the editors and at their caret.
    await a.locator('.minutes-presence__chip', { hasText: 'Phạm Minh Tuấn' }).waitFor();
    await b.locator('.minutes-presence__chip', { hasText: 'Nguyễn Thu Hà' }).waitFor();
    await a.locator('.minutes-caret__name', { hasText: 'Phạm Minh Tuấn' }).waitFor();
    await a.getByRole('button', { name: 'Đậm' }).click();
    await a.keyboard.type(' Đúng hạn.', { delay: 15 });
    await doc(b).locator('strong', { hasText: 'Đúng hạn.' }).waitFor();
    await screenshot(a, 'minutes-two-editors-first');
    await screenshot(b, 'minutes-two-editors-second');
  });

  it('keeps what a secretary writes offline and merges it when the network returns', async () => {
    const a = first.page;
    const b = second.page;
    await second.context.setOffline(true);
    await status(b, 'Mất kết nối');
    await typeAtEnd(b, 'Ghi chú khi mất mạng: hoàn thiện trước 15/12.');
    await typeAtEnd(a, 'Văn phòng gửi biên bản cho các đại biểu.');
    await doc(a).getByText('Văn phòng gửi biên bản cho các đại biểu.').waitFor();
    expect(await docText(a)).not.toContain('Ghi chú khi mất mạng');
    await second.context.setOffline(false);
    await status(b, 'Đã lưu');
    await doc(a).getByText('Ghi chú khi mất mạng: hoàn thiện trước 15/12.').waitFor({ timeout: 20_000 });
    await doc(b).getByText('Văn phòng gửi biên bản cho các đại biểu.').waitFor();
    await expect.poll(async () => (await docText(a)) === (await docText(b))).toBe(true);
  });

  it('saves versions, compares them, and locks the minutes so nobody can edit', async () => {
    const a = first.page;
    const b = second.page;
    await a.getByRole('button', { name: 'Lưu phiên bản' }).click();
    const dialog = a.getByRole('dialog', { name: 'Lưu phiên bản' });
    await dialog.getByLabel('Tên phiên bản').fill('Dự thảo lần 1');
    await dialog.getByRole('button', { name: 'Lưu phiên bản' }).click();
    await a.getByText('Đã lưu phiên bản “Dự thảo lần 1”.').waitFor();
    await typeAtEnd(a, 'Bổ sung sau dự thảo lần 1.');
    await status(a, 'Đã lưu');
    await a.getByRole('button', { name: 'Khóa biên bản' }).click();
    await a
      .getByRole('dialog', { name: 'Khóa biên bản để ký?' })
      .getByRole('button', { name: 'Khóa biên bản' })
      .click();
    await a.getByText('Biên bản đã khóa để ký (Nguyễn Thu Hà').waitFor();
    // The other secretary's editor turns read-only at once.
    await b.getByText('Biên bản đã khóa để ký (Nguyễn Thu Hà').waitFor();
    await expect.poll(() => doc(b).getAttribute('contenteditable')).toBe('false');
    await screenshot(b, 'minutes-locked');

    await a.getByRole('tab', { name: /^Phiên bản/ }).click();
    await a.getByRole('group', { name: 'Bản cũ hơn' }).getByText('Dự thảo lần 1').click();
    await a.getByRole('group', { name: 'Bản mới hơn' }).getByText('Bản khóa để ký').click();
    const diff = a.getByTestId('minutes-diff');
    await diff.locator('ins', { hasText: 'Bổ' }).first().waitFor();
    const inserted = (await diff.locator('ins').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
    expect(inserted).toContain('Bổ sung sau dự thảo lần 1.');
    expect(await diff.locator('del').count()).toBe(0);
    await screenshot(a, 'minutes-compare');
    await expectTouchFriendly(a, 'minutes versions');
  });

  it('tells a secretary whose offline edits met the lock that they were not saved', async () => {
    const a = first.page;
    const b = second.page;
    await a.getByRole('tab', { name: 'Soạn thảo' }).click();
    await a.getByRole('button', { name: 'Mở lại để sửa' }).click();
    await a
      .getByRole('dialog', { name: 'Mở lại biên bản?' })
      .getByRole('button', { name: 'Mở lại để sửa' })
      .click();
    await a.getByText('Đã mở lại biên bản.').waitFor();
    await expect.poll(() => doc(b).getAttribute('contenteditable')).toBe('true');

    // The tablet loses the network and keeps writing; meanwhile the minutes are locked.
    await second.context.setOffline(true);
    await status(b, 'Mất kết nối');
    await typeAtEnd(b, 'Viết khi mất mạng, sau đó biên bản bị khóa.');
    await a.getByRole('button', { name: 'Khóa biên bản' }).click();
    await a
      .getByRole('dialog', { name: 'Khóa biên bản để ký?' })
      .getByRole('button', { name: 'Khóa biên bản' })
      .click();
    await a.getByText('Biên bản đã khóa để ký (Nguyễn Thu Hà').waitFor();

    // Back online: the edits were not taken, and the editor says so in Vietnamese.
    await second.context.setOffline(false);
    await b
      .getByTestId('minutes-unsent-refused')
      .getByText('khi mất kết nối CHƯA được lưu', { exact: false })
      .waitFor({ timeout: 30_000 });
    await a.reload();
    await doc(a).getByText('BIÊN BẢN CUỘC HỌP').waitFor();
    expect(await docText(a)).not.toContain('Viết khi mất mạng, sau đó biên bản bị khóa.');
    await screenshot(b, 'minutes-offline-edits-refused');
  });
});
