import type { Result } from '../protocol/result.js';
import type { DesktopInfo } from './schemas.js';

/**
 * The one narrow API the Electron preload exposes as `window.icabinet`. In a plain browser it is
 * absent, so the web app declares `icabinet?: DesktopBridge` on its own `Window` and checks for it.
 * Every call answers a `Result`, like socket acks: failures carry `invalid_input` or `forbidden`.
 */
export interface DesktopBridge {
  /**
   * Platform, app version, configured server URL (null on first run) and kiosk mode of this
   * tablet. The web app takes its API and socket base from `serverUrl` when its page is not on
   * the server's own origin (the bundled copy on `app://bundle`).
   */
  getInfo(): Promise<Result<DesktopInfo>>;
  /** Opens an https link in the system browser; anything else is refused by the main process. */
  openExternal(url: string): Promise<Result<null>>;
  /**
   * Stores a new server URL and answers the updated info; the caller then navigates to
   * `info.serverUrl`. Only the bundled app (`app://bundle`) may call it, never a server page.
   */
  setServerUrl(url: string): Promise<Result<DesktopInfo>>;
  /**
   * Keeps the window out of screenshots and screen recording while `on` (a confidential document
   * is open); the web app turns it off again when the document closes.
   */
  setContentProtection(on: boolean): Promise<Result<null>>;
  /**
   * The tablet's device credential (the text `saveDeviceCredential` stored), decrypted by the
   * operating system (Electron `safeStorage`); null when none is kept for the configured server.
   */
  readDeviceCredential(): Promise<Result<string | null>>;
  /**
   * Keeps the device credential encrypted by the operating system, bound to the configured server
   * (a tablet repointed to another server forgets it). Fails when the OS offers no encryption.
   */
  saveDeviceCredential(text: string): Promise<Result<null>>;
  /** Forgets the device credential (revoked, or the tablet pairs again). */
  forgetDeviceCredential(): Promise<Result<null>>;
}
