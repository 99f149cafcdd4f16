import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { startServer, type TestServer } from '../utils/server.js';
import {
  VIEWPORTS,
  controlsOffScreen,
  launchBrowser,
  newPage,
  overlappingControls,
  screenshot,
  scrollsSideways,
  smallTouchTargets,
  type ViewportName,
} from '../utils/browser.js';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: ApiClient;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, { baseURL: server.url }));
  api = new ApiClient(server.url);
  expect(await api.login('admin', server.adminPassword)).toBe(200);
});
// A failing step leaves a picture of what the user saw at that moment.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, `FAILED-${task.name.slice(0, 40)}`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** Signs in through the login form and waits for the signed-in header. */
async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** A link of the main menu (the home page repeats some of them as tiles). */
const menuLink = (p: Page, name: string) =>
  p.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ }).getByRole('link', { name });

const findUser = async (username: string): Promise<User | undefined> =>
  (await api.get<{ items: User[] }>(`/api/users?q=${encodeURIComponent(username)}`)).body.items.find(
    (u) => u.username === username,
  );

const countUsers = async (): Promise<number> =>
  (await api.get<{ total: number }>('/api/users?limit=1')).body.total;

/** Text of the page's main region, for checks on what the user reads. */
const mainText = (p: Page): Promise<string> => p.locator('main').innerText();

describe('the web shell, as the administrator uses it', () => {
  it('shows the sign-in page in Vietnamese although the browser prefers English', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getByLabel('Tên đăng nhập').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Đăng nhập' }).isVisible()).toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(/\b(Sign in|Username|Password)\b/);
    await screenshot(page, 'shell-login-tablet');
  });

  it('tells someone who typed a wrong password, in Vietnamese, and keeps them on the sign-in page', async () => {
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau-roi');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'không đúng' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Tên đăng nhập hoặc mật khẩu không đúng/);
    expect(page.url()).toMatch(/\/login$/);
    // The password is cleared so the next attempt starts clean.
    expect(await page.getByLabel('Mật khẩu', { exact: true }).inputValue()).toBe('');
    await screenshot(page, 'shell-login-error-tablet');
  });

  it('asks for both fields before sending anything', async () => {
    await page.getByLabel('Tên đăng nhập').fill('');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await page.getByText('Vui lòng nhập thông tin này.').count()).toBe(2);
  });

  it('signs the administrator in and shows their name in the header', async () => {
    await signIn(page, 'admin', server.adminPassword);
    const header = page.locator('header.app-header');
    expect(await header.innerText()).toContain('Quản trị hệ thống');
    await page.getByRole('heading', { name: /Xin chào, Quản trị hệ thống/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    for (const item of ['Trang chủ', 'Người dùng', 'Đơn vị', 'Nhật ký hệ thống']) {
      expect(await nav.getByRole('link', { name: item }).isVisible()).toBe(true);
    }
    await screenshot(page, 'shell-home-tablet');
  });

  it('switches the interface to English and back to Vietnamese, remembering the choice', async () => {
    const english = page.getByRole('button', { name: 'English' }).first();
    await english.click();
    await menuLink(page, 'Users').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await english.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await screenshot(page, 'shell-home-en-tablet');
    await page.reload();
    await menuLink(page, 'Users').waitFor();

    await page.getByRole('button', { name: 'Tiếng Việt' }).first().click();
    await menuLink(page, 'Người dùng').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('body').innerText()).not.toMatch(/\b(Users|Sign out|Home)\b/);
  });

  it('creates a user and shows the temporary password exactly once', async () => {
    await menuLink(page, 'Người dùng').click();
    await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.getByLabel('Họ và tên').fill('Nguyễn Thị Hồng Nhung');
    await dialog.getByLabel('Tên đăng nhập').fill('nhung.nth');
    await dialog.getByLabel('Chức vụ').fill('Chuyên viên Văn phòng UBND');
    await screenshot(page, 'shell-user-create-tablet');
    await dialog.getByRole('button', { name: 'Thêm người dùng' }).click();

    const secret = page.getByRole('dialog', { name: 'Đã tạo tài khoản' });
    await secret.waitFor();
    const password = (await secret.locator('code').innerText()).trim();
    expect(password).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(await secret.innerText()).toMatch(/chỉ hiển thị một lần/);
    await screenshot(page, 'shell-user-secret-tablet');
    await secret.getByRole('button', { name: 'Tôi đã lưu mật khẩu' }).click();
    await secret.waitFor({ state: 'detached' });

    // Once closed, the password is nowhere on the page any more.
    expect(await page.locator('body').innerText()).not.toContain(password);
    expect(await mainText(page)).toContain('Nguyễn Thị Hồng Nhung');
    const user = await findUser('nhung.nth');
    expect(user).toMatchObject({ fullName: 'Nguyễn Thị Hồng Nhung', mustChangePassword: true });
    const client = new ApiClient(server.url);
    expect(await client.login('nhung.nth', password)).toBe(200);
    // Signing in changes the record (last sign-in), so the list is reloaded before editing it.
    await page.reload();
    await page
      .getByRole('cell', { name: /Nguyễn Thị Hồng Nhung/ })
      .first()
      .waitFor();
  });

  it('reloads the list with a clear notice when the user changed while the dialog was open', async () => {
    await page.getByRole('button', { name: 'Sửa Nguyễn Thị Hồng Nhung' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin người dùng' });
    const user = await findUser('nhung.nth');
    expect(
      (await api.patch(`/api/users/${user?.id ?? ''}`, { phone: '0912 000 111', version: user?.version }))
        .status,
    ).toBe(200);
    await dialog.getByLabel('Chức vụ').fill('Bị ghi đè');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('alert').filter({ hasText: 'vừa được người khác thay đổi' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect((await findUser('nhung.nth'))?.title).toBe('Chuyên viên Văn phòng UBND');
  });

  it('edits the user and shows the change in the list', async () => {
    await page.getByRole('button', { name: 'Sửa Nguyễn Thị Hồng Nhung' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin người dùng' });
    const title = dialog.getByLabel('Chức vụ');
    expect(await title.inputValue()).toBe('Chuyên viên Văn phòng UBND');
    await title.fill('Phó Chánh Văn phòng UBND Thành phố');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã lưu thông tin của Nguyễn Thị Hồng Nhung' })
      .waitFor();
    await page.getByText('Phó Chánh Văn phòng UBND Thành phố').waitFor();
    expect((await findUser('nhung.nth'))?.title).toBe('Phó Chánh Văn phòng UBND Thành phố');
  });

  it('deactivates the user after a confirmation and marks the row as locked', async () => {
    await page.getByRole('button', { name: 'Sửa Nguyễn Thị Hồng Nhung' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin người dùng' });
    await dialog.getByRole('button', { name: 'Khóa' }).click();
    const confirm = page.getByRole('dialog', { name: 'Khóa tài khoản?' });
    expect(await confirm.innerText()).toContain('Nguyễn Thị Hồng Nhung');
    await screenshot(page, 'shell-user-deactivate-tablet');
    await confirm.getByRole('button', { name: 'Khóa' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã khóa tài khoản Nguyễn Thị Hồng Nhung' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Nguyễn Thị Hồng Nhung' });
    await row.getByText('Đã khóa').waitFor();
    expect((await findUser('nhung.nth'))?.active).toBe(false);
    const client = new ApiClient(server.url);
    expect(await client.login('nhung.nth', 'anything-at-all-1')).not.toBe(200);
  });

  it('resets a password and shows the new temporary password once', async () => {
    const before = await findUser('nhung.nth');
    await page.getByRole('button', { name: 'Sửa Nguyễn Thị Hồng Nhung' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa thông tin người dùng' });
    await dialog.getByRole('button', { name: 'Mở khóa' }).waitFor();
    await dialog.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    const confirm = page.getByRole('dialog', { name: 'Đặt lại mật khẩu?' });
    await confirm.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    const secret = page.getByRole('dialog', { name: 'Mật khẩu tạm thời mới' });
    const password = (await secret.locator('code').innerText()).trim();
    expect(password).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    await secret.getByRole('button', { name: 'Tôi đã lưu mật khẩu' }).click();
    await secret.waitFor({ state: 'detached' });
    expect(await page.locator('body').innerText()).not.toContain(password);
    const after = await findUser('nhung.nth');
    expect(after?.mustChangePassword).toBe(true);
    expect(after?.version).toBeGreaterThan(before?.version ?? Infinity);
  });

  it('creates a unit and lists it', async () => {
    await menuLink(page, 'Đơn vị').click();
    await page.getByRole('heading', { name: 'Đơn vị', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Chưa có đơn vị nào' }).waitFor();
    await screenshot(page, 'shell-units-empty-tablet');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Thêm đơn vị' });
    await dialog.getByLabel('Mã đơn vị').fill('STTTT');
    await dialog.getByLabel('Tên đơn vị').fill('Sở Thông tin và Truyền thông');
    await dialog.getByRole('button', { name: /Thêm đơn vị|Lưu/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'Sở Thông tin và Truyền thông' });
    await row.waitFor();
    expect(await row.innerText()).toContain('STTTT');
    const units = await api.get<{ items: { code: string; name: string }[] }>('/api/units');
    expect(units.body.items).toContainEqual(
      expect.objectContaining({ code: 'STTTT', name: 'Sở Thông tin và Truyền thông' }),
    );
    await screenshot(page, 'shell-units-tablet');
  });

  it('imports users with Vietnamese names from a CSV file', async () => {
    await menuLink(page, 'Người dùng').click();
    await page.getByRole('button', { name: 'Nhập từ CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nhập người dùng từ tệp CSV' });
    const csv =
      '\uFEFFTên đăng nhập;Họ và tên;Chức vụ;Đơn vị;Email;Điện thoại;Vai trò\r\n' +
      'gd.tttt;Đỗ Việt Hùng;Giám đốc Sở Thông tin và Truyền thông;STTTT;hung.dv@example.vn;0912345678;thành viên\r\n' +
      'tk.uy;Lưu Thị Thuý Ái;Thư ký;;;;thư ký\r\n';
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: 'can-bo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await dialog.getByText('can-bo.csv').waitFor();
    await dialog.getByRole('button', { name: 'Nhập danh sách' }).click();
    const done = page.getByRole('dialog', { name: 'Nhập thành công' });
    await done.getByText('Đã nhập 2 người dùng.').waitFor();
    expect(await done.innerText()).toContain('Đỗ Việt Hùng');
    expect(await done.innerText()).toContain('Lưu Thị Thuý Ái');
    await screenshot(page, 'shell-import-done-tablet');
    await done.getByRole('button', { name: 'Đóng' }).last().click();
    await page
      .getByRole('cell', { name: /Đỗ Việt Hùng/ })
      .first()
      .waitFor();
    expect(await findUser('gd.tttt')).toMatchObject({ fullName: 'Đỗ Việt Hùng', systemRole: 'member' });
    expect(await findUser('tk.uy')).toMatchObject({ fullName: 'Lưu Thị Thuý Ái', systemRole: 'secretary' });
  });

  it('shows every bad line of a CSV file with its number and imports nothing', async () => {
    const before = await countUsers();
    await page.getByRole('button', { name: 'Nhập từ CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nhập người dùng từ tệp CSV' });
    const csv =
      'username,fullName,email\r\n' +
      'ok.mot,Nguyễn Văn Một,\r\n' +
      'bad.mail,Phạm Văn Bốn,khong-phai-email\r\n' +
      ',Thiếu Tên Đăng Nhập,\r\n';
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: 'loi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await dialog.getByRole('button', { name: 'Nhập danh sách' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('Tệp có lỗi — chưa người dùng nào được nhập').waitFor();
    // One row per problem: the line, the column as the file spells it, and what is wrong (said once).
    const rows = (await alert.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s*\t\s*/g, ' | '));
    expect(rows[0]).toBe('Dòng | Cột | Lỗi');
    expect(rows).toContainEqual(expect.stringMatching(/^3 \| email \| Địa chỉ e-mail/));
    expect(rows).toContainEqual(expect.stringMatching(/^4 \| username \| Giá trị quá ngắn/));
    expect(rows.filter((r) => /Dòng \d|cột "/.test(r))).toEqual([]);
    expect(rows.some((r) => r.startsWith('2 |'))).toBe(false);
    await screenshot(page, 'shell-import-errors-tablet');
    expect(await countUsers()).toBe(before);
    expect(await findUser('ok.mot')).toBeUndefined();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
  });

  it('lists the administrator’s sign-in on the audit page', async () => {
    await menuLink(page, 'Nhật ký hệ thống').click();
    await page.getByRole('heading', { name: 'Nhật ký hệ thống', level: 1 }).waitFor();
    const adminSignIn = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'Đăng nhập', exact: true }) })
      .filter({ hasText: 'Quản trị hệ thống' });
    await adminSignIn.first().waitFor();
    expect(await adminSignIn.first().innerText()).toContain('127.0.0.1');
    await page.getByRole('row').filter({ hasText: 'Đăng nhập không thành công' }).first().waitFor();
    await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
    await page.getByText(/Chuỗi nhật ký toàn vẹn/).waitFor();
    await screenshot(page, 'shell-audit-tablet');
  });
});

describe('the web shell at each screen size', () => {
  const PAGES = [
    { path: '/', name: 'home', heading: /Xin chào/ },
    { path: '/users', name: 'users', heading: 'Người dùng' },
    { path: '/units', name: 'units', heading: 'Đơn vị' },
    { path: '/audit', name: 'audit', heading: 'Nhật ký hệ thống' },
    { path: '/account', name: 'account', heading: 'Tài khoản của tôi' },
  ] as const;

  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    it(`lays out every page at ${viewport} size with finger-sized controls and nothing overlapping`, async () => {
      const sized = await newPage(browser, { viewport, baseURL: server.url });
      try {
        const p = sized.page;
        await p.goto('/login');
        await p.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
        expect(await smallTouchTargets(p)).toEqual([]);
        expect(await scrollsSideways(p)).toBe(false);
        await screenshot(p, `shell-login-${viewport}`);
        await signIn(p, 'admin', server.adminPassword);
        for (const target of PAGES) {
          await p.goto(target.path);
          await p.getByRole('heading', { name: target.heading, level: 1 }).waitFor();
          await p.getByText('Đang tải…').waitFor({ state: 'detached' });
          await screenshot(p, `shell-${target.name}-${viewport}`);
          expect({ page: target.name, small: await smallTouchTargets(p) }).toEqual({
            page: target.name,
            small: [],
          });
          expect({ page: target.name, overlaps: await overlappingControls(p) }).toEqual({
            page: target.name,
            overlaps: [],
          });
          expect({ page: target.name, cutOff: await controlsOffScreen(p) }).toEqual({
            page: target.name,
            cutOff: [],
          });
          expect({ page: target.name, sideways: await scrollsSideways(p) }).toEqual({
            page: target.name,
            sideways: false,
          });
        }
      } finally {
        await sized.context.close();
      }
    });
  }
});
