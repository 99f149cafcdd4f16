import { describe, expect, it } from 'vitest';
import { createFakeElectron } from './electron.fake.js';
import { applyKioskLock, isLockedShortcut } from './kiosk.lock.js';
import { mainWindowOptions } from './window.factory.js';

function lockedWindow(kiosk = true) {
  const fake = createFakeElectron();
  const window = new fake.electron.BrowserWindow(mainWindowOptions({ preloadPath: '/p.cjs', kiosk }));
  applyKioskLock(fake.Menu, window, kiosk);
  return { fake, window: fake.windows[0]!, contents: fake.windows[0]!.webContents };
}

describe('the kiosk lock', () => {
  it.each([
    ['reload', { key: 'r', control: true }],
    ['hard reload', { key: 'R', control: true, shift: true }],
    ['reload (F5)', { key: 'F5' }],
    ['reload on macOS', { key: 'r', meta: true }],
    ['zoom in', { key: '+', control: true, shift: true }],
    ['zoom in (=)', { key: '=', control: true }],
    ['zoom out', { key: '-', control: true }],
    ['zoom reset', { key: '0', control: true }],
    ['numpad zoom in', { key: '+', code: 'NumpadAdd', control: true }],
    ['DevTools (F12)', { key: 'F12' }],
    ['DevTools', { key: 'I', control: true, shift: true }],
    ['DevTools console', { key: 'J', control: true, shift: true }],
    ['DevTools on macOS', { key: 'i', meta: true, alt: true }],
    ['close the window', { key: 'w', control: true }],
    ['quit', { key: 'q', meta: true }],
  ])('swallows %s', (_what, input) => {
    const { contents } = lockedWindow();

    expect(contents.press(input)).toBe(true);
  });

  it.each([
    ['typing a note', { key: 'r' }],
    ['a capital letter', { key: 'R', shift: true }],
    ['copy', { key: 'c', control: true }],
    ['select all', { key: 'a', control: true }],
    ['the next page', { key: 'PageDown' }],
    ['undo', { key: 'z', control: true }],
  ])('lets %s through to the page', (_what, input) => {
    const { contents } = lockedWindow();

    expect(contents.press(input)).toBe(false);
  });

  it('removes the menu and its accelerators, and turns DevTools off', () => {
    const { fake, window } = lockedWindow();

    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(window.removeMenu).toHaveBeenCalled();
    expect(window.options.webPreferences.devTools).toBe(false);
    expect(window.options.kiosk).toBe(true);
  });

  it('closes DevTools should they open, and undoes a zoom', () => {
    const { contents } = lockedWindow();

    contents.emit('devtools-opened');
    contents.emit('zoom-changed');

    expect(contents.closeDevTools).toHaveBeenCalled();
    expect(contents.setZoomLevel).toHaveBeenCalledWith(0);
    expect(contents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
  });

  it("changes nothing outside kiosk mode (the secretariat's own computer)", () => {
    const { fake, window, contents } = lockedWindow(false);

    expect(fake.Menu.setApplicationMenu).not.toHaveBeenCalled();
    expect(window.removeMenu).not.toHaveBeenCalled();
    expect(window.options.webPreferences.devTools).toBe(true);
    expect(contents.press({ key: 'r', control: true })).toBe(false);
  });

  it('knows a shortcut without a modifier from one with it', () => {
    expect(
      isLockedShortcut({ type: 'keyDown', key: '0', control: false, meta: false, shift: false, alt: false }),
    ).toBe(false);
  });
});
