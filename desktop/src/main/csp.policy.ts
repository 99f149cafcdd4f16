import { originOf } from './origin.js';

export interface CspOptions {
  /**
   * The first-run address screen (`/setup`) checks an address the secretariat types before it is
   * saved, so its page may reach any http(s) server; every other page only the configured one.
   */
  anyServer?: boolean;
}

/**
 * The Content-Security-Policy of every `app://` response. Scripts, styles and workers only from
 * the bundle itself (no inline script, no eval); the only network peer is the configured server,
 * over http(s) and its websocket twin for Socket.IO. blob: covers pdf.js page images.
 */
export function contentSecurityPolicy(serverUrl: string | null, options: CspOptions = {}): string {
  const server = serverUrl === null ? null : originOf(serverUrl);
  const connect = ["'self'"];
  if (options.anyServer === true) connect.push('http:', 'https:');
  else if (server !== null) connect.push(server, server.replace(/^http/, 'ws'));
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
