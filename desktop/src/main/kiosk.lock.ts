import type { BrowserWindowLike, KeyInput, MenuLike } from './electron-types.js';

/**
 * Shortcuts a delegate must not have on a kiosk tablet: reload (a reload in the middle of a vote
 * drops the room), browser zoom (the reader has its own pinch zoom, which the presenter follows),
 * DevTools, and closing the window or quitting.
 */
export function isLockedShortcut(input: KeyInput): boolean {
  const key = input.key.toLowerCase();
  if (key === 'f5' || key === 'f12' || key === 'browserrefresh') return true;
  const mod = input.control || input.meta;
  if (!mod) return false;
  if (['r', '+', '=', '-', '_', '0', 'w', 'q'].includes(key)) return true;
  // Numpad zoom keys report their code, not always the printed key.
  if (input.code === 'NumpadAdd' || input.code === 'NumpadSubtract' || input.code === 'Numpad0') return true;
  // DevTools: Ctrl+Shift+I/J/C, and ⌥⌘I/J/C on macOS.
  return (input.shift || input.alt) && ['i', 'j', 'c'].includes(key);
}

/**
 * Locks the main window of a kiosk tablet (DESIGN §7): no application menu (and so none of its
 * accelerators), no menu bar, the locked shortcuts swallowed before the page sees them, DevTools
 * closed should they open anyway (devTools is also off in the window's webPreferences), and page
 * zoom held at 100 %: ctrl+wheel and the browser's pinch zoom are undone or disabled. Outside kiosk
 * mode (the secretariat's own machine) nothing changes.
 */
export function applyKioskLock(menu: MenuLike, window: BrowserWindowLike, kiosk: boolean): void {
  if (!kiosk) return;
  menu.setApplicationMenu(null);
  window.removeMenu();
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    if (isLockedShortcut(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('zoom-changed', () => contents.setZoomLevel(0));
  void contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
}
