import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../utils/server.js';
import { launchBrowser, newPage, screenshot, scrollsSideways, smallTouchTargets } from '../utils/browser.js';

// The desktop shell's first-run address screen, in Chromium. Electron cannot run here, so the page
// gets a stand-in for the preload's `window.icabinet` (shared DesktopBridge): it keeps the saved
// address in sessionStorage, as the main process keeps it in config.json, and records each save.
// The main-process side (validation, who may save) is unit-tested in desktop/src/main.
const STAND_IN_BRIDGE = () => {
  const key = 'test-shell-server-url';
  const info = () => ({
    platform: 'linux',
    appVersion: '0.1.0',
    serverUrl: sessionStorage.getItem(key),
    kiosk: true,
  });
  const saves = JSON.parse(sessionStorage.getItem('test-shell-saves') ?? '[]') as string[];
  Object.assign(window, {
    icabinet: {
      getInfo: () => Promise.resolve({ ok: true, data: info() }),
      openExternal: () => Promise.resolve({ ok: true, data: null }),
      setContentProtection: () => Promise.resolve({ ok: true, data: null }),
      setServerUrl: (url: string) => {
        saves.push(url);
        sessionStorage.setItem('test-shell-saves', JSON.stringify(saves));
        sessionStorage.setItem(key, url);
        return Promise.resolve({ ok: true, data: info() });
      },
    },
  });
};

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, { baseURL: server.url, locale: 'vi-VN' }));
  await context.addInitScript(STAND_IN_BRIDGE);
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, `FAILED-kiosk-${task.name.slice(0, 40)}`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const saves = (p: Page) =>
  p.evaluate(() => JSON.parse(sessionStorage.getItem('test-shell-saves') ?? '[]') as string[]);
const addressField = (p: Page) => p.getByLabel('Địa chỉ máy chủ');
const submit = (p: Page) => p.getByRole('button', { name: 'Kiểm tra và lưu' });

describe('the tablet app on first run', () => {
  it('opens the server address screen, whatever page was asked for', async () => {
    await page.goto('/meetings');
    await page.getByRole('heading', { name: 'Kết nối máy chủ' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');
    expect(await page.locator('body').innerText()).toContain('Lần đầu sử dụng');
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'kiosk-setup-tablet');
  });

  it('asks for an address and refuses a malformed one, saving nothing', async () => {
    await submit(page).click();
    await page.getByText('Vui lòng nhập địa chỉ máy chủ.').waitFor();

    await addressField(page).fill('http://thuky:matkhau@192.168.1.10');
    await submit(page).click();
    await page.getByText(/Địa chỉ không hợp lệ/).waitFor();
    expect(await saves(page)).toEqual([]);
  });

  it('says the server cannot be reached, saving nothing', async () => {
    await addressField(page).fill('127.0.0.1:1');
    await submit(page).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Không kết nối được máy chủ' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('127.0.0.1:1');
    expect(await saves(page)).toEqual([]);
    await screenshot(page, 'kiosk-setup-unreachable-tablet');
  });

  it('checks a real I-Cabinet server, saves it and opens its sign-in page', async () => {
    await addressField(page).fill(server.url);
    await submit(page).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await saves(page)).toEqual([`${new URL(server.url).origin}/`]);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows the saved address when the secretariat comes back to change it', async () => {
    await page.goto('/setup');
    await page.getByText('Máy tính bảng đang dùng địa chỉ dưới đây').waitFor();
    expect(await addressField(page).inputValue()).toBe(`${new URL(server.url).origin}/`);
  });

  it('fits a portrait tablet', async () => {
    const portrait = await newPage(browser, { baseURL: server.url, viewport: 'portrait', locale: 'vi-VN' });
    try {
      await portrait.context.addInitScript(STAND_IN_BRIDGE);
      await portrait.page.goto('/setup');
      await portrait.page.getByRole('heading', { name: 'Kết nối máy chủ' }).waitFor();
      expect(await scrollsSideways(portrait.page)).toBe(false);
      expect(await smallTouchTargets(portrait.page)).toEqual([]);
      await screenshot(portrait.page, 'kiosk-setup-portrait');
    } finally {
      await portrait.context.close();
    }
  });

  it('tells a browser user the page is for the tablet app only', async () => {
    const plain = await newPage(browser, { baseURL: server.url, locale: 'vi-VN' });
    try {
      await plain.page.goto('/setup');
      await plain.page.getByText(/chỉ dùng trong ứng dụng I-Cabinet/).waitFor();
      expect(await plain.page.getByLabel('Địa chỉ máy chủ').count()).toBe(0);
    } finally {
      await plain.context.close();
    }
  });
});
