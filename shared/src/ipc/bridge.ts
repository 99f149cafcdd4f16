import type { Result } from '../protocol/result.js';
import type { DesktopInfo } from './schemas.js';

/**
 * The one narrow API the Electron preload exposes as `window.icabinet`. In a plain browser it is
 * absent, so the web app declares `icabinet?: DesktopBridge` on its own `Window` and checks for it.
 * Every call answers a `Result`, like socket acks: failures carry `invalid_input` or `forbidden`.
 */
export interface DesktopBridge {
  /** Platform, app version, configured server URL and kiosk mode of this tablet. */
  getInfo(): Promise<Result<DesktopInfo>>;
  /** Opens an https link in the system browser; anything else is refused by the main process. */
  openExternal(url: string): Promise<Result<null>>;
  /**
   * Stores a new server URL and answers the updated info; the caller then navigates to
   * `info.serverUrl`. Only the bundled app (`app://bundle`) may call it, never a server page.
   */
  setServerUrl(url: string): Promise<Result<DesktopInfo>>;
}
