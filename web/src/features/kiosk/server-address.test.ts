import { describe, expect, it } from 'vitest';
import { checkServerAddress, normalizeAddress } from './server-address';

// What the machines a secretariat might type the address of answer. (The real server's answer,
// and a port nothing listens on, are checked end to end in test/e2e/kiosk-setup.test.ts.)
const answering =
  (body: string, type: string, status = 200): typeof fetch =>
  () =>
    Promise.resolve(new Response(body, { status, headers: { 'Content-Type': type } }));
const HEALTH = JSON.stringify({ ok: true, store: 'sqlite', version: '0.1.0' });

describe('the first-run server address', () => {
  it.each([
    ['192.168.1.10:8080', 'http://192.168.1.10:8080/'],
    ['  https://hop.hanoi.gov.vn/some/page  ', 'https://hop.hanoi.gov.vn/'],
    ['HTTP://Phonghop.local', 'http://phonghop.local/'],
  ])('reads %j as %s', (typed, expected) => {
    expect(normalizeAddress(typed)).toBe(expected);
  });

  it.each([
    '',
    'ftp://files.example',
    'http://user:pass@server.vn',
    'http://server.vn/?x=1',
    'http://',
    'a b c',
  ])('refuses %j', (typed) => {
    expect(normalizeAddress(typed)).toBeNull();
  });

  it('accepts an I-Cabinet server, asking its health check, and reports its version', async () => {
    const asked: string[] = [];
    const server: typeof fetch = (input) => {
      asked.push(input instanceof Request ? input.url : input.toString());
      return answering(HEALTH, 'application/json')(input);
    };

    await expect(checkServerAddress('10.0.0.5:8080/login', server)).resolves.toEqual({
      ok: true,
      serverUrl: 'http://10.0.0.5:8080/',
      version: '0.1.0',
    });
    expect(asked).toEqual(['http://10.0.0.5:8080/api/health']);
  });

  it('tells a web server that is not I-Cabinet apart from one that cannot be reached', async () => {
    const routerPage = answering('<!doctype html><title>Router</title>', 'text/html');
    const otherJson = answering('{"status":"up"}', 'application/json');
    const refused: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));

    await expect(checkServerAddress('10.0.0.1', routerPage)).resolves.toEqual({
      ok: false,
      reason: 'notIcabinet',
    });
    await expect(checkServerAddress('10.0.0.1', otherJson)).resolves.toEqual({
      ok: false,
      reason: 'notIcabinet',
    });
    await expect(checkServerAddress('10.0.0.1', refused)).resolves.toEqual({
      ok: false,
      reason: 'unreachable',
    });
  });

  it('reports a server error status', async () => {
    const failing = answering('{"error":{"code":"internal","message":"x"}}', 'application/json', 503);

    await expect(checkServerAddress('10.0.0.5', failing)).resolves.toEqual({
      ok: false,
      reason: 'httpError',
      status: 503,
    });
  });

  it('says what is wrong with an empty or malformed address without calling anything', async () => {
    const noFetch: typeof fetch = () => Promise.reject(new Error('must not be called'));
    await expect(checkServerAddress('  ', noFetch)).resolves.toEqual({ ok: false, reason: 'empty' });
    await expect(checkServerAddress('mailto:a@b.vn', noFetch)).resolves.toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
