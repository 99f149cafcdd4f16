import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserWithSecret } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;

beforeEach(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
});
afterEach(async () => {
  await server.stop();
});

/** Prometheus text exposition format 0.0.4, line by line (strict). */
const HELP = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/;
const TYPE = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/;
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|\+Inf|-Inf)( -?[0-9]+)?$/;

/** Parses the text into `name{labels}` → value, failing on any line that is not valid. */
function parseProm(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP')) expect(line).toMatch(HELP);
    else if (line.startsWith('# TYPE')) expect(line).toMatch(TYPE);
    else {
      expect(line).toMatch(SAMPLE);
      const cut = line.lastIndexOf(' ');
      samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
    }
  }
  return samples;
}

describe('GET /api/metrics', () => {
  it('gives an administrator the application metrics in Prometheus text', async () => {
    const meeting = await apiMeeting(admin);
    await apiUpload(server.url, admin, meeting.id, 'to-trinh-de-an-06.pdf');
    const res = await admin.get<string>('/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseProm(res.body);
    expect(samples.get('icabinet_meetings{state="all"}')).toBe(1);
    expect(samples.get('icabinet_meetings{state="in_progress"}')).toBe(0);
    expect(samples.get('icabinet_documents')).toBe(1);
    expect(samples.get('icabinet_jobs{status="queued"}')).toBeGreaterThanOrEqual(0);
    expect(samples.get('icabinet_jobs{status="failed"}')).toBe(0);
    expect(samples.get('icabinet_socket_connections')).toBe(0);
    expect(samples.get('icabinet_http_connections')).toBeGreaterThanOrEqual(1);
    expect(samples.has('icabinet_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(samples.get('icabinet_store_latency_seconds_count{op="documents_count"}')).toBe(1);
  });

  it('refuses anyone who is not signed in (401) or not an administrator (403), in Vietnamese', async () => {
    const anonymous = await new ApiClient(server.url).get<{ error: { message: string } }>('/api/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).not.toBe('');
    const created = await admin.post<UserWithSecret>('/api/users', {
      username: 'tk.binh',
      fullName: 'Trần Khánh Bình',
      password: 'Mat-khau-song-ma-1',
    });
    expect(created.status).toBe(201);
    const member = new ApiClient(server.url);
    expect(await member.login('tk.binh', 'Mat-khau-song-ma-1')).toBe(200);
    const refused = await member.get<{ error: { code: string; message: string } }>('/api/metrics');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặêếềểễệôốồổỗộơớờởỡợưứừửữựđ]/i);
    expect(typeof refused.body).toBe('object');
  });

  it('keeps /api/health public and minimal', async () => {
    const res = await new ApiClient(server.url).get<Record<string, unknown>>('/api/health');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['ok', 'store', 'version']);
  });
});
