import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import type { RecoveryCodes, SecondFactorSetup } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { CAST, createUser } from '../utils/fixtures.js';
import { expectTouchFriendly, ownPassword } from '../utils/e2e.js';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminSecret = '';
const clock = new FakeClock();

/** The code the phone shows now, by the server's (movable) clock. */
const codeNow = (secret: string): Promise<string> =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

beforeAll(async () => {
  server = await startServer({ clock, env: { TWO_FACTOR_REQUIRED: 'true' } });
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, { baseURL: server.url }));
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, `FAILED-${task.name.slice(0, 40)}`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('two-step sign-in, as a secretary uses it', () => {
  it('is sent to enrolment, scans the QR code, gets recovery codes, then signs in with a code', async () => {
    // The administrator must enrol too before creating accounts (the setting covers admins).
    const admin = new ApiClient(server.url);
    expect(await admin.login('admin', server.adminPassword)).toBe(200);
    const adminSetup = await admin.post<SecondFactorSetup>('/api/me/second-factor/setup');
    const adminConfirm = await admin.post<RecoveryCodes>('/api/me/second-factor/confirm', {
      code: await codeNow(adminSetup.body.secret),
    });
    expect(adminConfirm.status).toBe(200);
    adminSecret = adminSetup.body.secret;
    const secretary = await createUser(server.url, admin, CAST.secretary);
    const password = await ownPassword(secretary);

    // First sign-in: password only (not enrolled yet), straight to "Tài khoản" with the banner.
    await page.goto('/login');
    await page.getByLabel('Tên đăng nhập').fill(CAST.secretary.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL('**/account');
    await page.getByText('Vai trò của bạn bắt buộc dùng xác thực hai bước').waitFor();
    // Other pages lead back to enrolment.
    await page.goto('/meetings');
    await page.waitForURL('**/account');

    await page.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
    await page.getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectTouchFriendly(page, 'enrolment');
    await screenshot(page, 'two-factor-enrolment');

    await page.getByLabel('Mã 6 chữ số').fill(await codeNow(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.getByText('Đã bật xác thực hai bước.').waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    await screenshot(page, 'two-factor-recovery-codes');
    await page.getByRole('button', { name: 'Tôi đã lưu các mã khôi phục' }).click();
    await page.getByText(/Còn 10 mã khôi phục chưa dùng/).waitFor();

    // Sign out; the next sign-in asks for the code after the password.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/login');
    clock.advance(60_000);
    await page.getByLabel('Tên đăng nhập').fill(CAST.secretary.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Xác thực hai bước' }).waitFor();

    // A wrong code is explained under the field, in Vietnamese.
    const good = await codeNow(secret);
    await page.getByLabel('Mã xác thực').fill(good === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Mã xác thực không đúng.', { exact: false }).waitFor();
    await expectTouchFriendly(page, 'code step');
    await screenshot(page, 'two-factor-code-step');

    await page.getByLabel('Mã xác thực').fill(good);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe('/login');
  });

  it("lets the administrator see the secretary's sessions, sign them out everywhere and reset the second factor", async () => {
    const admin = await newPage(browser, { baseURL: server.url });
    try {
      const p = admin.page;
      clock.advance(60_000);
      await p.goto('/login');
      await p.getByLabel('Tên đăng nhập').fill('admin');
      await p.getByLabel('Mật khẩu', { exact: true }).fill(server.adminPassword);
      await p.getByRole('button', { name: 'Đăng nhập' }).click();
      await p.getByLabel('Mã xác thực').fill(await codeNow(adminSecret));
      await p.getByRole('button', { name: 'Xác nhận' }).click();
      await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();

      await p.goto('/users');
      await p.getByRole('button', { name: 'Sửa Trần Thị Bích' }).click();
      const dialog = p.getByRole('dialog', { name: 'Sửa thông tin người dùng' });
      const sessions = dialog.getByTestId('user-sessions');
      await sessions
        .getByText(/Địa chỉ .*127\.0\.0\.1.* · hoạt động lần cuối/)
        .first()
        .waitFor();
      // The device is named the way a person says it, not as a raw user agent string.
      await sessions
        .getByText(/^Máy tính: Chrome \d+ · Linux$/)
        .first()
        .waitFor();
      await sessions.getByRole('listitem').first().scrollIntoViewIfNeeded();
      await screenshot(p, 'two-factor-admin-sessions');
      await sessions.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
      await sessions.getByText('Người dùng này không có phiên đăng nhập nào đang mở.').waitFor();
      // The secretary's tab is signed out at its next request.
      await page.reload();
      await page.waitForURL('**/login');

      await dialog.getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click();
      await p
        .getByRole('dialog', { name: 'Đặt lại xác thực hai bước?' })
        .getByRole('button', { name: 'Đặt lại xác thực hai bước' })
        .click();
      await p.getByText('Đã đặt lại xác thực hai bước của Trần Thị Bích.').waitFor();
    } finally {
      await admin.context.close();
    }
  });
});
