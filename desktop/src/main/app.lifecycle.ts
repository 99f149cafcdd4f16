import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.handler.js';
import { startAutoUpdate, type UpdaterLike } from './auto-update.js';
import { configPath, insecureOriginToTrust, openConfigStore, peekServerUrl } from './config.store.js';
import { credentialPath, openCredentialStore } from './credential.store.js';
import type { BrowserWindowLike, ElectronLike } from './electron-types.js';
import { openVettedExternal } from './external-link.policy.js';
import { registerDesktopIpc } from './ipc/desktop.ipc.js';
import { errorMessage, type Logger } from './logger.js';
import { attachNavigationGuards } from './navigation.guard.js';
import { APP_ORIGIN, APP_SCHEME, originOf } from './origin.js';
import { applyKioskLock } from './kiosk.lock.js';
import { restrictPermissions } from './permissions.policy.js';
import { createMainWindow, loadServerOrBundle } from './window.factory.js';

export interface DesktopPaths {
  /** Absolute path of dist/preload.cjs. */
  preload: string;
  /** Folder of the bundled web build served on app://bundle. */
  webRoot: string;
}

export interface DesktopOptions {
  paths: DesktopPaths;
  platform: string;
  log: Logger;
  /** electron-updater's autoUpdater; absent where it cannot load (tests, development). */
  updater?: UpdaterLike;
}

/**
 * Starts the desktop app: one instance per user, every webContents locked down, then on ready the
 * settings, the app:// protocol, the IPC handlers and the main window on the configured server.
 * Answers a promise that settles once the window has loaded (tests await it).
 */
export function startDesktop(electron: ElectronLike, options: DesktopOptions): Promise<void> {
  const { app, protocol, shell } = electron;
  const { log } = options;

  // Schemes must be registered before `ready`, so this runs first and synchronously.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // The offline pack's service worker needs a secure context: a server reached over plain http on
  // the committee's network is treated as one (its address was checked and saved by the secretariat;
  // a new address takes effect at the next start).
  const trusted = insecureOriginToTrust(peekServerUrl(configPath(app.getPath('userData'))));
  if (trusted !== null) app.commandLine.appendSwitch('unsafely-treat-insecure-origin-as-secure', trusted);

  if (!app.requestSingleInstanceLock()) {
    // A second launch (double click on the tablet) hands over to the running instance.
    app.quit();
    return Promise.resolve();
  }

  let mainWindow: BrowserWindowLike | null = null;
  let serverUrl = (): string | null => null;
  const openExternal = (url: string) => openVettedExternal(shell, url, log);

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Meeting-room tablets have no dock or tray to come back from: closing the window ends the app,
  // on macOS too.
  app.on('window-all-closed', () => app.quit());

  // Guards go on every webContents at creation, before any page can run, not only the main one.
  app.on('web-contents-created', (_event, contents) => {
    attachNavigationGuards(contents, {
      allowedOrigins: () => {
        const server = serverUrl();
        const origin = server === null ? null : originOf(server);
        return origin === null ? [APP_ORIGIN] : [APP_ORIGIN, origin];
      },
      openExternal,
      log,
    });
  });

  return app
    .whenReady()
    .then(async () => {
      const config = await openConfigStore(configPath(app.getPath('userData')), log);
      serverUrl = () => config.current().serverUrl;

      restrictPermissions(electron.session.defaultSession);
      protocol.handle(
        APP_SCHEME,
        createAppProtocolHandler({
          root: options.paths.webRoot,
          serverUrl: () => config.current().serverUrl,
        }),
      );
      registerDesktopIpc({
        ipcMain: electron.ipcMain,
        platform: options.platform,
        appVersion: app.getVersion(),
        config: () => config.current(),
        setServerUrl: (url) => config.setServerUrl(url),
        setContentProtection: (on) => mainWindow?.setContentProtection(on),
        openExternal,
        credential: openCredentialStore(credentialPath(app.getPath('userData')), electron.safeStorage, log),
        log,
      });

      mainWindow = createMainWindow(electron.BrowserWindow, {
        preloadPath: options.paths.preload,
        kiosk: config.current().kiosk,
      });
      applyKioskLock(electron.Menu, mainWindow, config.current().kiosk);
      const from = await loadServerOrBundle(mainWindow, config.current().serverUrl, log);
      log.info('main window loaded', { from, serverUrl: config.current().serverUrl });
      if (options.updater) {
        startAutoUpdate(options.updater, {
          updateUrl: config.current().updateUrl,
          isPackaged: app.isPackaged,
          log,
        });
      }
    })
    .catch((error: unknown) => {
      log.error('the desktop app could not start', { error: errorMessage(error) });
      app.quit();
    });
}
