import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where end-to-end screenshots go (git-ignored). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'e2e');

/** The screens I-Cabinet is designed for. */
export const VIEWPORTS = {
  /** 10-inch tablet held in landscape, the meeting-room device. */
  tablet: { width: 1280, height: 800 },
  /** The same tablet in portrait. */
  portrait: { width: 800, height: 1280 },
  desktop: { width: 1600, height: 1000 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

// Flags that keep the system Chromium quiet and deterministic in CI: no sandbox (containers),
// no background traffic or component updates, no QUIC (some test hosts drop UDP).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches the system Chromium (never a downloaded one): CHROMIUM_PATH or /usr/bin/chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}

/**
 * A fresh browser profile (no cookies, no saved language) with a viewport. The browser locale
 * defaults to English on purpose: the app must still start in Vietnamese.
 */
export async function newPage(
  browser: Browser,
  opts: { viewport?: ViewportName; locale?: string; baseURL?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[opts.viewport ?? 'tablet'],
    locale: opts.locale ?? 'en-US',
    timezoneId: 'Asia/Ho_Chi_Minh',
    hasTouch: true,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
  });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot as test-output/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let fonts and transitions settle so screenshots are comparable between runs.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
