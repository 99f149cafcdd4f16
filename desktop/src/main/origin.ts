/** The custom scheme that serves the bundled web app. */
export const APP_SCHEME = 'app';
/** The one host of that scheme; anything else on `app://` is a 404. */
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Entry page of the bundled web app. */
export const BUNDLE_URL = `${APP_ORIGIN}/`;
/** The web app's first-run server address screen (web/src/features/kiosk/ServerSetupPage). */
export const SETUP_PATH = '/setup';
export const SETUP_URL = `${APP_ORIGIN}${SETUP_PATH}`;

/**
 * `scheme://host[:port]` of a URL, or null when it does not parse. Unlike `URL#origin` this also
 * works for `app://bundle`, whose origin Node reports as "null" because the scheme is not special.
 */
export function originOf(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const { protocol, host } = new URL(url);
  return host ? `${protocol}//${host}` : null;
}

/** Whether `url` belongs to one of the `origins` (as returned by `originOf`). */
export function isOneOf(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}
