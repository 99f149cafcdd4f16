import type { WebContentsLike } from './electron-types.js';
import { isOneOf } from './origin.js';
import type { Logger } from './logger.js';

export interface NavigationPolicy {
  /** Origins the window may show: the bundled app and the configured server (changes at runtime). */
  allowedOrigins(): readonly string[];
  /** Hands a link to the system browser after vetting it; answers whether it did. */
  openExternal(url: string): boolean;
  log: Logger;
}

/**
 * Locks a webContents to the app: navigation, redirects and frame navigations only within the
 * allowed origins (other https links go to the system browser instead), no new windows, no
 * <webview>. Attached to every webContents.
 */
export function attachNavigationGuards(contents: WebContentsLike, policy: NavigationPolicy): void {
  contents.on('will-navigate', (event) => {
    if (isOneOf(event.url, policy.allowedOrigins())) return;
    event.preventDefault();
    // A plain <a href> to an outside site lands here; opening it outside keeps the meeting on screen.
    if (!policy.openExternal(event.url)) {
      policy.log.warn('blocked a navigation away from the app', { url: event.url.slice(0, 200) });
    }
  });

  // A server-side redirect (302 to another site) does not fire will-navigate; a navigation of an
  // iframe fires only will-frame-navigate. Both are held to the same origins; neither is handed to
  // the system browser, since the page did not ask for a link to be opened.
  contents.on('will-redirect', (event) => {
    if (isOneOf(event.url, policy.allowedOrigins())) return;
    event.preventDefault();
    policy.log.warn('blocked a redirect away from the app', { url: event.url.slice(0, 200) });
  });
  contents.on('will-frame-navigate', (event) => {
    // The top frame is judged (and an outside link sent to the browser) by will-navigate.
    if (event.isMainFrame || isOneOf(event.url, policy.allowedOrigins())) return;
    event.preventDefault();
    policy.log.warn('blocked a frame navigation away from the app', { url: event.url.slice(0, 200) });
  });

  contents.setWindowOpenHandler(({ url }) => {
    policy.openExternal(url);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
