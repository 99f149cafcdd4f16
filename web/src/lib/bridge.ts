/**
 * The Electron preload exposes `window.icabinet`; in a plain browser it is absent. The full
 * interface will come from '@icabinet/shared' (shared/src/ipc); until it is exported there,
 * the web app relies only on this minimal, optional shape.
 */
export interface DesktopBridge {
  /** Identifies the desktop shell, e.g. for the footer. */
  readonly platform?: string;
  readonly version?: string;
}

declare global {
  interface Window {
    icabinet?: DesktopBridge;
  }
}

/** The desktop bridge when running inside the Electron tablet app, otherwise null. */
export function desktopBridge(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.icabinet ? window.icabinet : null;
}
