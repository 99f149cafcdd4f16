import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { createMeeting, createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { FIXTURES, startServer, type TestServer } from '../utils/server.js';

describe('document file requests: ranges and conditions', () => {
  let server: TestServer;
  let secretary: { id: string; client: ApiClient };
  let url: string;
  let original: Buffer;
  let etag: string;

  const get = async (headers: Record<string, string> = {}, query = '') => {
    const res = await fetch(`${server.url}${url}${query}`, {
      headers: { cookie: secretary.client.cookie ?? '', 'accept-language': 'vi', ...headers },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  /** A request without fetch()'s additions (it sends Cache-Control: no-cache with If-None-Match). */
  const raw = (method: string, headers: Record<string, string> = {}) => {
    const u = new URL(`${server.url}${url}?download=1`);
    return new Promise<{ status: number; length: string | undefined; body: number }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method,
          headers: { cookie: secretary.client.cookie ?? '', ...headers },
        },
        (r) => {
          let n = 0;
          r.on('data', (c: Buffer) => (n += c.length));
          r.on('end', () =>
            resolve({ status: r.statusCode ?? 0, length: r.headers['content-length'], body: n }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  };

  beforeAll(async () => {
    server = await startServer();
    const admin = new ApiClient(server.url);
    expect(await admin.login(server.adminUsername, server.adminPassword)).toBe(200);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.range',
      fullName: 'Phạm Thu Trang',
      systemRole: 'secretary',
    });
    const meetingId = await createMeeting(server.running, secretary.id, [
      { userId: secretary.id, role: 'secretary' },
    ]);
    original = await readFile(path.join(FIXTURES, 'pdfs', 'real', 'inks.pdf'));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(original)], { type: 'application/pdf' }), 'inks.pdf');
    const res = await fetch(`${server.url}/api/meetings/${meetingId}/documents`, {
      method: 'POST',
      headers: { cookie: secretary.client.cookie ?? '' },
      body: form,
    });
    const doc = ((await res.json()) as { items: MeetingDocument[] }).items[0]!;
    url = `/api/documents/${doc.id}/file`;
    // The download is the original, never a rewritten copy.
    etag = (await get({}, '?download=1')).headers.get('etag')!;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers several ranges with the whole file', async () => {
    const res = await get({ range: 'bytes=0-9,20-29' }, '?download=1');
    expect(res.status).toBe(200);
    expect(res.bytes.equals(original)).toBe(true);
  });

  it('ignores a malformed Range and sends the whole file', async () => {
    for (const range of ['bytes=abc', 'items=0-10', 'bytes=10-5x']) {
      const res = await get({ range }, '?download=1');
      expect(res.status, range).toBe(200);
      expect(res.bytes.equals(original)).toBe(true);
    }
  });

  it('answers a range that starts past the end with 416 and a message', async () => {
    const past = await get({ range: `bytes=${original.length + 10}-${original.length + 20}` }, '?download=1');
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${original.length}`);
    expect((JSON.parse(past.bytes.toString('utf8')) as ErrorReply).error.message).toBeTruthy();
  });

  it('clamps a range that runs past the end', async () => {
    const res = await get(
      { range: `bytes=${original.length - 10}-${original.length + 1000}` },
      '?download=1',
    );
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(
      `bytes ${original.length - 10}-${original.length - 1}/${original.length}`,
    );
    expect(res.bytes.equals(original.subarray(original.length - 10))).toBe(true);
  });

  it('honours If-Range only with the current tag', async () => {
    const fresh = await get({ range: 'bytes=0-4', 'if-range': etag }, '?download=1');
    expect(fresh.status).toBe(206);
    expect(fresh.bytes.toString('latin1')).toBe('%PDF-');
    const stale = await get({ range: 'bytes=0-4', 'if-range': '"cu-roi"' }, '?download=1');
    expect(stale.status).toBe(200);
    expect(stale.bytes.equals(original)).toBe(true);
  });

  it('answers If-Match with another tag with 412, and a browser revalidation with 304', async () => {
    const mismatch = await get({ 'if-match': '"khac"' }, '?download=1');
    expect(mismatch.status).toBe(412);
    expect((JSON.parse(mismatch.bytes.toString('utf8')) as ErrorReply).error.message).toMatch(/thay đổi/);
    expect((await raw('GET', { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await raw('GET', { 'if-none-match': '"khac"' })).status).toBe(200);
  });

  it('answers HEAD with the length and no body', async () => {
    expect(await raw('HEAD')).toEqual({ status: 200, length: String(original.length), body: 0 });
  });
});
