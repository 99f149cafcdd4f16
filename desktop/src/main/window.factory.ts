import type {
  BrowserWindowConstructorLike,
  BrowserWindowLike,
  BrowserWindowOptionsLike,
} from './electron-types.js';
import { errorMessage, type Logger } from './logger.js';
import { BUNDLE_URL, SETUP_URL } from './origin.js';

export interface MainWindowSettings {
  /** Absolute path of dist/preload.cjs. */
  preloadPath: string;
  kiosk: boolean;
}

/**
 * Options of the main window: the renderer is isolated and sandboxed with no Node, and the only
 * door to the main process is the preload's bridge. (The `remote` module is gone since Electron 14.)
 */
export function mainWindowOptions(settings: MainWindowSettings): BrowserWindowOptionsLike {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false, // shown on ready-to-show, so a tablet never flashes an empty white window
    kiosk: settings.kiosk,
    title: 'I-Cabinet',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: settings.preloadPath,
      devTools: !settings.kiosk,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Creates the main window, hidden until its first paint. */
export function createMainWindow(
  BrowserWindow: BrowserWindowConstructorLike,
  settings: MainWindowSettings,
): BrowserWindowLike {
  const window = new BrowserWindow(mainWindowOptions(settings));
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Where the main window ended up. */
export type LoadedFrom = 'server' | 'bundle' | 'setup';

/**
 * Loads the configured server; when it cannot be reached, shows the bundled copy of the web app
 * (`app://bundle/`) so the tablet still starts and the server URL can be corrected there. With no
 * server configured yet (first run) it opens the bundle's address screen.
 */
export async function loadServerOrBundle(
  window: BrowserWindowLike,
  serverUrl: string | null,
  log: Logger,
): Promise<LoadedFrom> {
  if (serverUrl === null) {
    await window.loadURL(SETUP_URL);
    return 'setup';
  }
  try {
    await window.loadURL(serverUrl);
    return 'server';
  } catch (error) {
    // ERR_ABORTED means another navigation replaced this one (e.g. a redirect), not a dead server.
    if (isAborted(error)) return 'server';
    log.warn('the server cannot be reached; showing the bundled app', {
      serverUrl,
      error: errorMessage(error),
    });
    await window.loadURL(BUNDLE_URL);
    return 'bundle';
  }
}

function isAborted(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ERR_ABORTED';
}
