import { DESKTOP_BRIDGE_KEY } from '@icabinet/shared';
import { createDesktopBridge, type IpcRendererLike } from './bridge.js';

interface PreloadElectronLike {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: IpcRendererLike;
}

// A sandboxed preload has a reduced require() that knows 'electron' and a few builtins only; the
// rest of this file's imports are bundled by esbuild. See main/index.ts for why it is untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectronLike;

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, createDesktopBridge(ipcRenderer));
