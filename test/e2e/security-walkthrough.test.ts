import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { ApiClient } from '../utils/http.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { CAST, createUser } from '../utils/fixtures.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient } from '../utils/socket.js';

let server: TestServer;
let browser: Browser;
let admin: { context: BrowserContext; page: Page };
let secretary: { context: BrowserContext; page: Page };
const clock = new FakeClock();

/** The code the secretary's phone shows now, by the server's (movable) clock. */
const codeNow = (secret: string): Promise<string> =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

beforeAll(async () => {
  server = await startServer({ clock });
  browser = await launchBrowser();
  admin = await newPage(browser, { baseURL: server.url });
  secretary = await newPage(browser, { baseURL: server.url });
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail')
    await screenshot(admin.page, `FAILED-security-${task.name.slice(0, 30)}`);
});
afterAll(async () => {
  await admin?.context.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('issue 19 done-when: two-step sign-in for the secretariat and the audit of a meeting', () => {
  let secretaryPassword = '';

  it('the administrator turns two-step sign-in on for the secretariat on the security page', async () => {
    const api = new ApiClient(server.url);
    await api.login('admin', server.adminPassword);
    const sec = await createUser(server.url, api, CAST.secretary);
    secretaryPassword = await ownPassword(sec);

    const p = admin.page;
    await signIn(p, { username: 'admin', password: server.adminPassword });
    await p.goto('/users');
    await p.getByRole('link', { name: 'Cài đặt hệ thống' }).click();
    await p.getByRole('heading', { name: 'Cài đặt hệ thống' }).waitFor();
    await p.getByText('Đang dùng cài đặt mặc định.').waitFor();
    // Out of range: refused with the rule, nothing saved.
    await p.getByLabel('Độ dài tối thiểu (ký tự)').fill('8');
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p.getByText('Độ dài tối thiểu phải từ 10 đến 64 ký tự.').waitFor();
    await p.getByLabel('Độ dài tối thiểu (ký tự)').fill('12');
    await p.getByLabel('Văn phòng (thư ký)').check();
    await expectTouchFriendly(p, 'security settings');
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p.getByText('Đã lưu cài đặt bảo mật.').waitFor();
    await p.getByText(/Thay đổi lần cuối/).waitFor();
    await screenshot(p, 'security-settings');
    await p.setViewportSize({ width: 800, height: 1280 });
    await screenshot(p, 'security-settings-portrait');
    await p.setViewportSize({ width: 1280, height: 800 });
  });

  it('a secretary is sent to enrol, sees the password hint, enrols and signs in with a code', async () => {
    const p = secretary.page;
    await p.goto('/login');
    await p.getByLabel('Tên đăng nhập').fill(CAST.secretary.username);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(secretaryPassword);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.waitForURL('**/account');
    await p.getByText('Vai trò của bạn bắt buộc dùng xác thực hai bước').waitFor();

    // The hint names the rule a weak password breaks, with the administrator's new minimum.
    await p.getByLabel('Mật khẩu mới', { exact: true }).fill('matkhau2024');
    const hint = p.getByTestId('password-strength');
    await hint.getByText('Độ mạnh mật khẩu: Yếu').waitFor();
    await hint.getByText(/Cần ít nhất 12 ký tự/).waitFor();
    await p.getByLabel('Mật khẩu mới', { exact: true }).fill('Song-Hong-chay-ra-bien-Dong');
    await hint.getByText('Độ mạnh mật khẩu: Mạnh').waitFor();
    await screenshot(p, 'security-password-hint');
    await p.getByLabel('Mật khẩu mới', { exact: true }).fill('');

    await p.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
    const secret = (await p.getByTestId('totp-secret').innerText()).trim();
    await p.getByLabel('Mã 6 chữ số').fill(await codeNow(secret));
    await p.getByRole('button', { name: 'Xác nhận' }).click();
    await p.getByTestId('recovery-codes').getByText('Đã bật xác thực hai bước.').waitFor();
    await p.getByRole('button', { name: 'Tôi đã lưu các mã khôi phục' }).click();
    await p.getByRole('button', { name: 'Đăng xuất' }).click();
    await p.waitForURL('**/login');

    clock.advance(60_000);
    await p.getByLabel('Tên đăng nhập').fill(CAST.secretary.username);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(secretaryPassword);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.getByLabel('Mã xác thực').fill(await codeNow(secret));
    await p.getByRole('button', { name: 'Xác nhận' }).click();
    await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await p.goto('/meetings');
    expect(new URL(p.url()).pathname).toBe('/meetings');
  });

  it('the audit page shows the meeting’s document and room actions, filters and exports them', async () => {
    // The meeting: prepared with a document, published, then held in the room from the chair's socket.
    const api = new ApiClient(server.url);
    await api.login('admin', server.adminPassword);
    const adminId = (await api.get<{ user: { id: string } }>('/api/me')).body.user.id;
    const delegate = await createUser(server.url, api, CAST.delegate);
    const meeting = await publishedMeeting(api, adminId, [{ userId: delegate.id }], { document: true });
    const socket = await connectClient(server.url, api.cookie);
    await joinRoom(socket, meeting.id);
    expect((await roomCommand(socket, meeting.id, { type: 'room.start' })).ok).toBe(true);
    expect((await roomCommand(socket, meeting.id, { type: 'room.end' })).ok).toBe(true);
    socket.close();

    const p = admin.page;
    await p.goto('/audit');
    await p.getByRole('heading', { name: 'Nhật ký hệ thống' }).waitFor();
    const table = p.getByRole('table', { name: 'Nhật ký hệ thống' });
    await table.getByText('Tải lên tài liệu').first().waitFor();
    await table.getByText('Bắt đầu phiên họp').waitFor();
    await table.getByText('Thay đổi cài đặt hệ thống').waitFor();
    await screenshot(p, 'security-audit-all');

    await p.getByLabel('Lọc theo thao tác').selectOption('room');
    await p.getByText('2 bản ghi phù hợp').waitFor();
    await table.getByText('Kết thúc phiên họp').waitFor();
    expect(await table.getByText('Tải lên tài liệu').count()).toBe(0);
    await p.getByLabel('Lọc theo thao tác').selectOption('document');
    await p.getByText('1 bản ghi phù hợp').waitFor();
    await p.getByLabel('Lọc theo thao tác').selectOption('');
    await p.getByLabel('Tìm trong nội dung').fill('bao-cao-chuyen-doi-so');
    await p.getByText('1 bản ghi phù hợp').waitFor();
    await p.getByLabel('Tìm trong nội dung').fill('');
    await p
      .getByLabel('Người thực hiện')
      .selectOption({ label: `${CAST.secretary.fullName} (${CAST.secretary.username})` });
    await table.getByText('Bật xác thực hai bước').waitFor();
    await expectTouchFriendly(p, 'audit filters');
    await screenshot(p, 'security-audit-filtered');
    await p.setViewportSize({ width: 800, height: 1280 });
    await screenshot(p, 'security-audit-filtered-portrait');
    await p.setViewportSize({ width: 1280, height: 800 });

    await p.getByLabel('Người thực hiện').selectOption('');
    await p.getByLabel('Lọc theo thao tác').selectOption('room');
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('link', { name: 'Xuất CSV' }).click(),
    ]);
    const csv = (await readFile(await download.path(), 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(download.suggestedFilename()).toMatch(/^nhat-ky-he-thong-.*\.csv$/);
    expect(csv[0]).toBe(
      'Số thứ tự,Thời gian,Thao tác,Người thực hiện,Loại đối tượng,Đối tượng,Địa chỉ IP,Chi tiết,Mã băm',
    );
    expect(csv.slice(1).map((line) => line.split(',')[2])).toEqual(['room.ended', 'room.started']);
    // The export is itself in the log.
    await p.getByLabel('Lọc theo thao tác').selectOption('export');
    await table.getByText('Xuất nhật ký hệ thống (CSV)').waitFor();
    await p.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
    await p.getByText(/Chuỗi nhật ký toàn vẹn/).waitFor();
  });
});
