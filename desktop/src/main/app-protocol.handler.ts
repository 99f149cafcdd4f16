import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SchemePrivileges } from './electron-types.js';
import { contentSecurityPolicy } from './csp.policy.js';
import { APP_HOST, APP_SCHEME, SETUP_PATH } from './origin.js';

/**
 * How `app://` is registered. `standard` gives it an origin and relative URLs, `secure` makes it a
 * secure context and `supportFetchAPI` lets pdf.js fetch its worker and cmaps. It must NOT bypass
 * CSP, and it gets no service workers or CORS: it is a local, read-only file server.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    corsEnabled: false,
    stream: false,
  } satisfies SchemePrivileges,
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

export interface AppProtocolOptions {
  /** Folder of the built web app (web/dist); nothing outside it is ever served. */
  root: string;
  /** The configured server URL (null before first run), read per request: it changes at runtime. */
  serverUrl(): string | null;
}

/**
 * Paths the server answers, never the bundle. The web app sends its API calls and its socket to
 * the configured server itself (its base comes from the bridge, see web/src/lib/server-base.ts);
 * should one still reach `app://bundle` it gets a JSON 404 the API client understands, never the
 * app's index.html, which a client would otherwise take for a strange answer of the server.
 *
 * Not proxied on purpose: signed-in traffic must stay on the server's own origin, where the
 * SameSite=Strict session cookie, Socket.IO's websocket and the offline pack's service worker
 * live; a proxy in the main process would need a second cookie jar and could not carry
 * websockets. The bundle only needs the public health check of the address screen.
 */
export function isServerPath(pathname: string): boolean {
  return /^\/(api|socket\.io)(\/|$)/.test(pathname);
}

/** The JSON 404 of a server path asked of the bundle, in the API's error shape. */
function serverPathNotFound(headers: Record<string, string>, method: string): Response {
  const body = {
    error: {
      code: 'not_found',
      message: 'Ứng dụng trên máy tính bảng không trả lời API; hãy gọi máy chủ đã cấu hình.',
    },
  };
  return new Response(method === 'HEAD' ? null : JSON.stringify(body), {
    status: 404,
    headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * The `protocol.handle('app', …)` handler: serves files of the web build with a strict CSP,
 * answers index.html for SPA routes, a JSON 404 for server paths (`/api`, `/socket.io`), and 404s
 * anything that resolves outside `root`.
 */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const root = path.resolve(options.root);

  return async (request) => {
    const url = URL.canParse(request.url) ? new URL(request.url) : null;
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy(options.serverUrl(), {
        anyServer: url?.pathname === SETUP_PATH,
      }),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const status = (code: number) => new Response(null, { status: code, headers });

    if (url !== null && url.host === APP_HOST && isServerPath(url.pathname)) {
      return serverPathNotFound(headers, request.method);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405);
    if (url === null || url.host !== APP_HOST) return status(404);

    const file = resolveInside(root, url.pathname);
    if (file === null) return status(404);

    // A missing path that does not name a static asset is an SPA route (/meetings/42): the web
    // router handles it. A missing asset (/assets/x.js) stays a 404 so a broken build shows.
    const isAsset = CONTENT_TYPES[path.extname(file).toLowerCase()] !== undefined;
    const target = (await isFile(file)) ? file : isAsset ? null : path.join(root, 'index.html');
    if (target === null || !(await isFile(target))) return status(404);

    const body = request.method === 'HEAD' ? null : await readFile(target);
    return new Response(body, {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': CONTENT_TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream',
        // index.html names the hashed assets of one build; it must never outlive that build.
        'Cache-Control': target.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      },
    });
  };
}

/**
 * The absolute file a URL path names under `root`, or null when it would leave `root`. The URL
 * parser already folds `..` and `%2e%2e`, but encoded slashes (`..%2f`, `..%5c`) only turn into
 * separators after decoding, so the decoded path is resolved and checked again.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0')) return null;
  const resolved = path.resolve(root, `.${path.sep}${decoded}`);
  const relative = path.relative(root, resolved);
  const escapes = relative.split(path.sep)[0] === '..' || path.isAbsolute(relative);
  return escapes ? null : resolved;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
