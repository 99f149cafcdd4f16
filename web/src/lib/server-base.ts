import type { DesktopInfo } from '@icabinet/shared';
import { desktopBridge, type DesktopBridge } from './bridge';

/**
 * Where the API and the socket live, as an origin ('' = this page's own origin).
 *
 * In a browser, and in the desktop shell once it shows the server's own pages, the web app is
 * served by the server and every call is same-origin. Only the copy bundled in the Electron app
 * (`app://bundle`: first run, or the server could not be reached at start) runs elsewhere; there
 * the server is the one the shell was configured with, read from the bridge at start-up.
 */
let base = '';

/** The API and socket origin, '' when it is the page's own. */
export function serverBase(): string {
  return base;
}

/** The base for a configured server seen from a page at `pageOrigin`: '' when they are the same. */
export function baseFor(serverUrl: string | null, pageOrigin: string): string {
  if (serverUrl === null || !URL.canParse(serverUrl)) return '';
  const origin = new URL(serverUrl).origin;
  return origin === pageOrigin ? '' : origin;
}

/**
 * Reads the desktop shell's settings once, before the first render, and points the API client and
 * the socket at its server. Answers the shell's info, or null in a plain browser (or when the
 * shell does not answer, in which case the page's own origin stays the base).
 */
export async function initServerBase(
  bridge: DesktopBridge | null = desktopBridge(),
  pageOrigin: string = window.location.origin,
): Promise<DesktopInfo | null> {
  base = '';
  if (bridge === null) return null;
  try {
    const result = await bridge.getInfo();
    if (!result.ok) return null;
    base = baseFor(result.data.serverUrl, pageOrigin);
    return result.data;
  } catch {
    return null;
  }
}
