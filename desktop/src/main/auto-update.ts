import { errorMessage, type Logger } from './logger.js';

/**
 * The part of electron-updater's `autoUpdater` this app uses. index.ts passes the real one; the
 * tests pass a fake (electron-updater needs the Electron runtime to load).
 */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AutoUpdateOptions {
  /** The operator's update server (electron-builder's `generic` provider), or null: no updates. */
  updateUrl: string | null;
  /** Only a packaged app can update itself; a development run never checks. */
  isPackaged: boolean;
  log: Logger;
  /** How often to look again after the check at start. */
  intervalMs?: number;
  setInterval?: (run: () => void, ms: number) => unknown;
}

/** Four hours: a tablet left on over a week picks an update up before the next meeting. */
export const UPDATE_INTERVAL_MS = 4 * 60 * 60 * 1000;

/**
 * Keeps the app up to date from the operator's own server (no public update service: the tablets
 * sit on the committee's network). Updates download in the background and install when the app
 * quits, never by restarting it under a meeting. Answers whether updates are on.
 */
export function startAutoUpdate(updater: UpdaterLike, options: AutoUpdateOptions): boolean {
  const { updateUrl, log } = options;
  if (updateUrl === null || !options.isPackaged) {
    log.info('automatic updates are off', { reason: updateUrl === null ? 'no updateUrl' : 'not packaged' });
    return false;
  }
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL({ provider: 'generic', url: updateUrl });
  updater.on('update-downloaded', (info) => {
    log.info('an update is ready; it installs when the app quits', { version: info.version });
  });
  updater.on('error', (error) => log.warn('the update check failed', { error: errorMessage(error) }));
  const check = () => {
    updater.checkForUpdates().catch((error: unknown) => {
      log.warn('the update check failed', { error: errorMessage(error) });
    });
  };
  check();
  (options.setInterval ?? setInterval)(check, options.intervalMs ?? UPDATE_INTERVAL_MS);
  return true;
}
