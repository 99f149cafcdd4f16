import path from 'node:path';
import { startDesktop } from './app.lifecycle.js';
import type { ElectronLike } from './electron-types.js';
import type { UpdaterLike } from './auto-update.js';
import { createLogger, errorMessage } from './logger.js';

// `electron` is resolved by the Electron runtime, and its package (with its types) is an optional
// dependency that some build machines cannot install; so it is required untyped here and used
// through the small ElectronLike interface. esbuild keeps it external.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as ElectronLike;

// Packaged, web/dist is copied into app.asar as web/ (electron-builder.yml); in development the
// app runs from desktop/ and reads the sibling workspace's build.
const webRoot = electron.app.isPackaged
  ? path.join(electron.app.getAppPath(), 'web')
  : path.resolve(electron.app.getAppPath(), '..', 'web', 'dist');

const log = createLogger();

// electron-updater loads Electron itself, so it is required here only, in the real runtime.
let updater: UpdaterLike | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  updater = (require('electron-updater') as { autoUpdater: UpdaterLike }).autoUpdater;
} catch (error) {
  log.warn('electron-updater could not load; no automatic updates', { error: errorMessage(error) });
}

void startDesktop(electron, {
  paths: { preload: path.join(__dirname, 'preload.cjs'), webRoot },
  platform: process.platform,
  log,
  updater,
});
