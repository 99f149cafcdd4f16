import type { DesktopBridge } from '@icabinet/shared';

export type { DesktopBridge } from '@icabinet/shared';

/**
 * The Electron preload exposes `window.icabinet` (shared/src/ipc: `getInfo`, `openExternal`,
 * `setServerUrl`); in a plain browser it is absent.
 */
declare global {
  interface Window {
    icabinet?: DesktopBridge;
  }
}

/** The desktop bridge when running inside the Electron tablet app, otherwise null. */
export function desktopBridge(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.icabinet ? window.icabinet : null;
}
