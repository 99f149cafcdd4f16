import { describe, expect, it } from 'vitest';
import { createFakeElectron } from './electron.fake.js';
import { silentLogger } from './logger.js';
import { createMainWindow, loadServerOrBundle, mainWindowOptions } from './window.factory.js';

describe('the main window', () => {
  const options = mainWindowOptions({ preloadPath: '/app/dist/preload.cjs', kiosk: false });

  it('isolates the page from the preload and sandboxes the renderer', () => {
    expect(options.webPreferences.contextIsolation).toBe(true);
    expect(options.webPreferences.sandbox).toBe(true);
  });

  it('gives the page no Node.js, in the page, its workers or its frames', () => {
    expect(options.webPreferences.nodeIntegration).toBe(false);
    expect(options.webPreferences.nodeIntegrationInWorker).toBe(false);
    expect(options.webPreferences.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses insecure content, <webview> and experimental features', () => {
    expect(options.webPreferences).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the preload that exposes the bridge', () => {
    expect(options.webPreferences.preload).toBe('/app/dist/preload.cjs');
  });

  it('runs in kiosk mode when the tablet is configured for it', () => {
    expect(mainWindowOptions({ preloadPath: '/p.cjs', kiosk: true }).kiosk).toBe(true);
    expect(options.kiosk).toBe(false);
  });

  it('stays hidden until its first paint', () => {
    const fake = createFakeElectron();
    const window = createMainWindow(fake.electron.BrowserWindow, { preloadPath: '/p.cjs', kiosk: false });

    expect(fake.windows[0]?.options.show).toBe(false);
    expect(window.show).toHaveBeenCalled();
  });

  it('loads the configured server', async () => {
    const fake = createFakeElectron();
    const window = createMainWindow(fake.electron.BrowserWindow, { preloadPath: '/p.cjs', kiosk: false });

    await expect(loadServerOrBundle(window, 'http://localhost:8080/', silentLogger)).resolves.toBe('server');
    expect(fake.windows[0]?.loaded).toEqual(['http://localhost:8080/']);
  });

  it('shows the bundled app when the server cannot be reached', async () => {
    const fake = createFakeElectron({
      loadURL: (url) =>
        url.startsWith('http:')
          ? Promise.reject(
              Object.assign(new Error('ERR_CONNECTION_REFUSED (-102)'), { code: 'ERR_CONNECTION_REFUSED' }),
            )
          : Promise.resolve(),
    });
    const window = createMainWindow(fake.electron.BrowserWindow, { preloadPath: '/p.cjs', kiosk: false });

    await expect(loadServerOrBundle(window, 'http://localhost:8080/', silentLogger)).resolves.toBe('bundle');
    expect(fake.windows[0]?.loaded).toEqual(['http://localhost:8080/', 'app://bundle/']);
  });

  it('does not fall back when the first load was only replaced by another navigation', async () => {
    const fake = createFakeElectron({
      loadURL: () => Promise.reject(Object.assign(new Error('ERR_ABORTED (-3)'), { code: 'ERR_ABORTED' })),
    });
    const window = createMainWindow(fake.electron.BrowserWindow, { preloadPath: '/p.cjs', kiosk: false });

    await expect(loadServerOrBundle(window, 'http://localhost:8080/', silentLogger)).resolves.toBe('server');
    expect(fake.windows[0]?.loaded).toEqual(['http://localhost:8080/']);
  });
});
