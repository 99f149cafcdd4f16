import { Health, ServerUrl } from '@icabinet/shared';

/** How an address typed on the first-run screen was judged; `reason` picks the message shown. */
export type AddressCheck =
  | { ok: true; serverUrl: string; version: string }
  | { ok: false; reason: 'empty' | 'invalid' | 'unreachable' | 'notIcabinet' | 'httpError'; status?: number };

/**
 * The server's root URL from what someone typed on a tablet keyboard: surrounding spaces dropped,
 * `http://` added when no scheme was typed ("192.168.1.10:8080"), and only the origin kept, since
 * the web app and its API always live at the root of their server. Null when it is not an http(s)
 * address the shell would accept (shared `ServerUrl`: no credentials, query or fragment).
 */
export function normalizeAddress(typed: string): string | null {
  const trimmed = typed.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  const parsed = ServerUrl.safeParse(withScheme);
  if (!parsed.success) return null;
  return `${new URL(parsed.data).origin}/`;
}

/** How long the check waits for the server before calling it unreachable. */
export const CHECK_TIMEOUT_MS = 8000;

/**
 * Checks an address before it is saved: GET /api/health must answer the I-Cabinet health JSON.
 * A refused connection, a timeout or a blocked request is "unreachable"; a web server that is not
 * I-Cabinet (an HTML page, a router's login) is "notIcabinet".
 */
export async function checkServerAddress(
  typed: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<AddressCheck> {
  if (typed.trim() === '') return { ok: false, reason: 'empty' };
  const serverUrl = normalizeAddress(typed);
  if (serverUrl === null) return { ok: false, reason: 'invalid' };

  let response: Response;
  try {
    response = await fetchImpl(new URL('api/health', serverUrl).href, {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, reason: 'notIcabinet' };
  }
  const health = Health.safeParse(body);
  if (health.success) return { ok: true, serverUrl, version: health.data.version };
  return response.ok
    ? { ok: false, reason: 'notIcabinet' }
    : { ok: false, reason: 'httpError', status: response.status };
}
