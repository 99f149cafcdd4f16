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
  /** The room's projector (`/meetings/:id/display`). */
  projector: { width: 1920, height: 1080 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/**
 * A smaller tablet in portrait, 768 wide, where a layout that only just fits would break. Not one
 * of the VIEWPORTS every screen is checked at: screenshots only.
 */
export const NARROW = { width: 768, height: 1024 } as const;

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
  // Fail fast: a control that has not appeared in 10 s is a bug, not a slow machine.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot as test-output/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let fonts and transitions settle so screenshots are comparable between runs.
  await page.evaluate(() => document.fonts.ready);
  // From the top: a sticky header over a scrolled page would be drawn mid-way down the image.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/**
 * A screenshot at another size (after the page is drawn again at that width), then back to the
 * size the page had.
 */
export async function screenshotAt(
  page: Page,
  name: string,
  size: { width: number; height: number },
): Promise<string> {
  const before = page.viewportSize();
  await page.setViewportSize(size);
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
  const file = await screenshot(page, name);
  if (before) await page.setViewportSize(before);
  return file;
}

/** A control a finger cannot reliably hit: its label and its size in CSS pixels. */
export interface SmallTarget {
  label: string;
  width: number;
  height: number;
}

/**
 * Visible buttons, links, inputs and selects smaller than `min` px in either direction (44 px is
 * the WCAG 2.5.5 / Apple HIG target). Inline links inside running text are exempt, as WCAG allows.
 */
export function smallTouchTargets(page: Page, min = 44): Promise<SmallTarget[]> {
  return page.evaluate((minSize) => {
    const found: { label: string; width: number; height: number }[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=tab]',
    );
    for (const el of Array.from(controls)) {
      if (el.closest('.visually-hidden, [aria-hidden=true]')) continue;
      if (el.classList.contains('visually-hidden') || el.classList.contains('skip-link')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // A checkbox or radio is hit through its label, which is what must be large enough.
      const input = el instanceof HTMLInputElement && ['checkbox', 'radio'].includes(el.type);
      const target = input ? (el.closest('label') ?? el) : el;
      const rect = target.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // Links inside a sentence are exempt (WCAG 2.5.8 "inline").
      if (el.tagName === 'A' && style.display === 'inline' && el.closest('p')) continue;
      if (rect.width < minSize || rect.height < minSize) {
        const label = (
          el.getAttribute('aria-label') ??
          el.textContent ??
          el.getAttribute('name') ??
          el.tagName
        )
          .trim()
          .slice(0, 60);
        found.push({ label, width: Math.round(rect.width), height: Math.round(rect.height) });
      }
    }
    return found;
  }, min);
}

/** Pairs of visible controls whose boxes overlap (a sign of a layout that broke at this size). */
export function overlappingControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const els = Array.from(
      document.querySelectorAll<HTMLElement>('button, a[href], input:not([type=hidden]), select'),
    )
      .filter((el) => !el.closest('.visually-hidden') && !el.classList.contains('visually-hidden'))
      .filter((el) => !el.classList.contains('skip-link'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0);
    const out: string[] = [];
    for (let i = 0; i < els.length; i++) {
      for (let j = i + 1; j < els.length; j++) {
        const a = els[i]!;
        const b = els[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        // An input with its own button inside (show password) is one control.
        const group = a.el.closest('.input-group');
        if (group && group === b.el.closest('.input-group')) continue;
        // A label wrapping an input is one control.
        if (a.el.closest('label') && a.el.closest('label') === b.el.closest('label')) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 2 && h > 2) {
          const name = (el: HTMLElement) =>
            (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName).trim();
          out.push(`${name(a.el)} ↔ ${name(b.el)}`);
        }
      }
    }
    return out;
  });
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Visible controls that stick out past the left or right edge of the window (cut off). */
export function controlsOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(
      document.querySelectorAll<HTMLElement>('button, a[href], input:not([type=hidden]), select'),
    )
      .filter((el) => !el.closest('.visually-hidden') && !el.classList.contains('visually-hidden'))
      .filter((el) => !el.classList.contains('skip-link'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 1 || r.left < -1);
      })
      .map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName).trim());
  });
}

/**
 * Drags with a finger from one point to another through the DevTools protocol, so the page gets
 * real touch input (and the pointer events Chromium derives from it), not synthetic events.
 */
export async function touchDrag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
  steps = 8,
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const point = (x: number, y: number) => [{ x: Math.round(x), y: Math.round(y), id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from.x, from.y) });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(x, y) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
