import type { Page } from 'playwright-core';
import { screenshot, VIEWPORTS, type ViewportName } from './browser.js';
import { expectTouchFriendly } from './e2e.js';

/**
 * Screenshots the document viewer at a size (after the page is drawn again at the new width),
 * checks finger-sized controls and a layout that fits, and goes back to the tablet size.
 */
export async function lookAtViewer(p: Page, name: string, viewport: ViewportName = 'tablet'): Promise<void> {
  await p.setViewportSize(VIEWPORTS[viewport]);
  // Two frames: the resize observer has fired and React has started drawing at the new width
  // (which clears data-rendered); then wait until that drawing is done.
  await p.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
  await p.locator('.pdf-page[data-rendered]').first().waitFor();
  await screenshot(p, `${name}-${viewport}`);
  await expectTouchFriendly(p, `${name}-${viewport}`);
  await p.setViewportSize(VIEWPORTS.tablet);
}

/**
 * Opens a document in the reading viewer (at a page, when given with the document's page count)
 * and waits until the page is drawn and both annotation layers are synced.
 */
export async function openViewer(
  p: Page,
  documentId: string,
  at?: { page: number; pages: number },
): Promise<void> {
  await p.goto(`/documents/${documentId}${at ? `?page=${at.page}` : ''}`);
  if (at) await p.getByText(`Trang ${at.page} / ${at.pages}`).waitFor();
  await p.locator('.pdf-page[data-rendered]').first().waitFor();
  await p.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
}

/** Picks an annotation tool (or layer) by its Vietnamese label. */
export async function pickTool(p: Page, name: string): Promise<void> {
  await p.getByRole('radio', { name, exact: true }).click();
}

/** The page's box on screen, scrolled so that the point `fy` (0..1) down the page is mid-screen. */
export async function pageBox(
  p: Page,
  fy = 0.5,
): Promise<{ x: number; y: number; width: number; height: number }> {
  await p.evaluate((f) => {
    const r = document.querySelector('.ann-layer')!.getBoundingClientRect();
    window.scrollBy(0, r.top + r.height * f - window.innerHeight / 2);
  }, fy);
  const box = await p.locator('.ann-layer').boundingBox();
  if (!box) throw new Error('no page on screen');
  return box;
}
