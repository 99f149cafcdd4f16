import { originOf } from './origin.js';

/**
 * The Content-Security-Policy of every `app://` response. Scripts, styles and workers only from
 * the bundle itself (no inline script, no eval); the only network peer is the configured server,
 * over http(s) and its websocket twin for Socket.IO. blob: covers pdf.js page images.
 */
export function contentSecurityPolicy(serverUrl: string): string {
  const server = originOf(serverUrl);
  const connect = ["'self'"];
  if (server !== null) connect.push(server, server.replace(/^http/, 'ws'));
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
