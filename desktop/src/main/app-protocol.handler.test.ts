import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP_BUNDLE_ORIGIN } from '@icabinet/shared';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveInside } from './app-protocol.handler.js';
import { APP_ORIGIN } from './origin.js';

// A fake web build with a secret file next to it: the one thing a traversal would want.
const sandbox = mkdtempSync(path.join(tmpdir(), 'icabinet-app-protocol-'));
const root = path.join(sandbox, 'web-dist');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
writeFileSync(path.join(root, 'assets', 'index-abc123.css'), 'body{}');
writeFileSync(path.join(sandbox, 'secret.txt'), 'TOP SECRET');
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const handle = createAppProtocolHandler({ root, serverUrl: () => 'http://localhost:8080/' });
const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('the app:// protocol', () => {
  it('serves the entry page at the root', async () => {
    const response = await get('app://bundle/');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<div id="root">');
  });

  it('serves a built asset with its content type and a long cache', async () => {
    const response = await get('app://bundle/assets/index-abc123.js');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log("app")');
  });

  it.each(['app://bundle/meetings/42', 'app://bundle/users/nguyen.van.a', 'app://bundle/assets'])(
    'serves index.html for the SPA route %s',
    async (url) => {
      const response = await get(url);

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    },
  );

  it('answers 404 for a missing asset instead of index.html', async () => {
    expect((await get('app://bundle/assets/missing.js')).status).toBe(404);
  });

  // The URL parser (Chromium's, and Node's here) folds `..` and `%2e%2e` segments before the
  // handler sees them, so these stay inside the build: at worst an SPA route gets index.html.
  it.each([
    'app://bundle/../secret.txt',
    'app://bundle/../../etc/passwd',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/%2E%2E/%2e%2E/etc/passwd',
  ])('keeps the dot segments of %s inside the web build', async (url) => {
    const response = await get(url);
    const body = await response.text();

    expect(body).not.toContain('TOP SECRET');
    expect(response.status === 404 || body.includes('<div id="root">')).toBe(true);
  });

  // Encoded separators only become `../` after decoding, past the URL parser: the handler's own
  // resolve-and-check must catch them.
  it.each([
    'app://bundle/..%2fsecret.txt',
    'app://bundle/..%2f..%2fetc%2fpasswd',
    'app://bundle/assets/..%2f..%2fsecret.txt',
    'app://bundle/%2e%2e%2fsecret.txt',
    'app://bundle/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://bundle/..%5csecret.txt',
    'app://bundle/%252e%252e%252fsecret.txt',
    'app://bundle/index.html%00.png',
    'app://bundle/%E0%A4%A',
  ])('answers 404 for the encoded traversal %s', async (url) => {
    const response = await get(url);

    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it.each([
    '..%2fsecret.txt',
    '/..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2fsecret.txt',
    '/a/%2e%2e%2f..%2f..%2fsecret.txt',
  ])('refuses the encoded traversal %s outright', (urlPath) => {
    expect(resolveInside(root, urlPath)).toBeNull();
  });

  it('resolves an ordinary path to the file inside the build', () => {
    expect(resolveInside(root, '/assets/index-abc123.js')).toBe(path.join(root, 'assets', 'index-abc123.js'));
  });

  it('answers 404 for any host other than bundle', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://bundle/', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://bundle/', 'HEAD');

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('sets a strict Content-Security-Policy on every response, errors included', async () => {
    for (const response of [await get('app://bundle/'), await get('app://bundle/assets/missing.js')]) {
      const csp = response.headers.get('content-security-policy') ?? '';

      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('lets the page connect only to itself and the configured server, websockets included', async () => {
    const handler = createAppProtocolHandler({ root, serverUrl: () => 'https://icabinet.hanoi.gov.vn/' });
    const csp = (await handler(new Request('app://bundle/'))).headers.get('content-security-policy');

    expect(csp).toContain("connect-src 'self' https://icabinet.hanoi.gov.vn wss://icabinet.hanoi.gov.vn;");
  });

  it.each([
    ['GET', 'app://bundle/api/me'],
    ['GET', 'app://bundle/api/health'],
    ['POST', 'app://bundle/api/auth/login'],
    ['GET', 'app://bundle/api'],
    ['GET', 'app://bundle/socket.io/?EIO=4&transport=polling'],
  ])('answers %s %s with a JSON 404, never the app page', async (method, url) => {
    const response = await get(url, method);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).not.toBe('');
  });

  it('still serves the app for paths that only start like the API (/apis, /api-docs)', async () => {
    for (const url of ['app://bundle/apis', 'app://bundle/api-docs']) {
      const response = await get(url);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
  });

  it('is the origin the server lets read its health check', () => {
    expect(APP_ORIGIN).toBe(DESKTOP_BUNDLE_ORIGIN);
  });

  it('lets only the address screen check a server that is not configured yet', async () => {
    const firstRun = createAppProtocolHandler({ root, serverUrl: () => null });
    const cspOf = async (url: string) =>
      (await firstRun(new Request(url))).headers.get('content-security-policy') ?? '';

    expect(await cspOf('app://bundle/setup')).toContain("connect-src 'self' http: https:;");
    expect(await cspOf('app://bundle/')).toContain("connect-src 'self';");
    expect(await cspOf('app://bundle/meetings/1')).toContain("connect-src 'self';");
  });

  it('is registered as a standard, secure scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) as unknown,
    });
  });
});
