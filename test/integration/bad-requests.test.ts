import { request as httpRequest } from 'node:http';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';

/** pino's numeric levels: 50 is error, 60 fatal. */
const errorLines = (output: string) =>
  output.split('\n').filter((l) => /"level":(50|60)/.test(l) || /\n\s+at /.test(l));

/** A raw request, so that malformed paths reach the server as written. */
function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('requests a client got wrong', () => {
  let dir: string;
  let proc: SpawnedServer;
  let url: string;

  beforeAll(async () => {
    dir = await tempDir('icabinet-bad-');
    proc = spawnServer(testEnv(dir, { LOG_LEVEL: 'info' }));
    url = await proc.url;
  });

  afterAll(async () => {
    await proc.kill();
    await rm(dir, { recursive: true, force: true });
  });

  /** The request answers with one of the statuses, and the log gained no error and no stack. */
  async function expectClean(
    res: Promise<{ status: number; text: string }>,
    statuses: number[],
  ): Promise<{ status: number; text: string }> {
    const before = proc.output().length;
    const r = await res;
    expect(statuses).toContain(r.status);
    // A health check afterwards is the marker that the failed request's log lines were written.
    expect((await raw(url, 'GET', '/api/health')).status).toBe(200);
    expect(errorLines(proc.output().slice(before))).toEqual([]);
    return r;
  }

  it('answers 404 for a missing asset, without an error in the log', async () => {
    await expectClean(raw(url, 'GET', '/assets/khong-co.js'), [404]);
  });

  it('answers 400/404 for an encoded path escape under /assets', async () => {
    await expectClean(raw(url, 'GET', '/assets/..%2f..%2fpackage.json'), [400, 404]);
    await expectClean(raw(url, 'GET', '/assets/%2e%2e/%2e%2e/package.json'), [400, 404]);
    await expectClean(raw(url, 'GET', '/assets/%E0%A4%A'), [400, 404]);
  });

  it('answers 400 for a reply form with too many fields, as a page', async () => {
    const form = Array.from({ length: 30 }, (_, i) => `f${i}=x`).join('&');
    const r = await expectClean(
      raw(
        url,
        'POST',
        '/invite/bat-ky-ma-nao',
        { 'content-type': 'application/x-www-form-urlencoded' },
        form,
      ),
      [400, 413],
    );
    expect(r.text).toMatch(/quá nhiều trường/);
  });

  it('answers 4xx for malformed JSON, bad URL encoding, a huge body and a wrong content type', async () => {
    const json = { 'content-type': 'application/json' };
    await expectClean(raw(url, 'POST', '/api/auth/login', json, '{"username":'), [400]);
    await expectClean(raw(url, 'GET', '/api/documents/%E0%A4%A'), [400, 401, 404]);
    await expectClean(raw(url, 'GET', '/api/users/%zz'), [400, 401, 404]);
    await expectClean(
      raw(url, 'POST', '/api/auth/login', json, `{"username":"${'a'.repeat(2_000_000)}"}`),
      [413],
    );
    await expectClean(
      raw(url, 'POST', '/api/auth/login', { 'content-type': 'text/plain' }, 'username=admin'),
      [400, 415],
    );
    await expectClean(
      raw(url, 'POST', '/api/auth/login', { ...json, 'content-encoding': 'br-bogus' }, '{}'),
      [400, 415],
    );
    await expectClean(
      raw(url, 'POST', '/api/auth/login', { ...json, 'content-encoding': 'gzip' }, 'not gzip'),
      [400],
    );
    await expectClean(
      raw(url, 'POST', '/api/auth/login', { 'content-type': 'application/json; charset=koi9' }, '{}'),
      [415],
    );
  });

  it('answers 4xx for odd paths, queries and multipart bodies', async () => {
    await expectClean(raw(url, 'GET', '/%E0%A4%A'), [200, 400, 404]);
    await expectClean(raw(url, 'GET', '/api/meetings?limit[]=1&offset=x'), [400, 401]);
    await expectClean(raw(url, 'GET', '/api/%'), [400, 404]);
    await expectClean(
      raw(
        url,
        'POST',
        '/invite/abc',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'a=%ZZ&answer=attend',
      ),
      [400, 403, 404],
    );
    await expectClean(
      raw(
        url,
        'POST',
        '/invite/abc',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'x'.repeat(40_000),
      ),
      [400, 404, 413],
    );
  });
});
