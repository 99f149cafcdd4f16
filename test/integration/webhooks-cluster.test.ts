import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting, Paged, WebhookCreated, WebhookDelivery, WebhookEventBody } from '@icabinet/shared';
import { verifyWebhook } from '@icabinet/server/invitations';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';
import { startWebhookReceiver, type TestWebhook } from '../utils/webhook.js';

/**
 * Issue 15 item 7: outgoing webhooks from several server processes. Two built server processes
 * (`server/dist`, as `npm start` runs them) on one SQLite data folder and one real redis-server
 * both emit events of the same two meetings, one after the other, alternating. A real HTTP
 * receiver answers the first attempts 503, then recovers (each answer a little slow, as a real
 * system's is). It must get every event exactly once by its id, and for each meeting in the order
 * the events were emitted: no call for an event arrives before every earlier event of its
 * meeting was accepted, and none after the event itself was. Then a process killed while its
 * receiver holds the call: its claim runs out and another process sends that event again (at
 * least once, same id), then the next.
 */
const FAILURES = 6;
const ANSWER_MS = 60;

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
  event: WebhookEventBody;
  status: number;
}

let redis: TestRedis;
const procs: SpawnedServer[] = [];
const urls: string[] = [];
let receiver: Server;
let receiverUrl: string;
const hits: Hit[] = [];
/** Event ids answered 2xx, per meeting, in the order answered. */
const accepted = new Map<string, string[]>();
/** What broke order or once-only, seen as the calls arrived. */
const violations: string[] = [];
/** Per meeting, the events in the order they were emitted (filled as the test emits them). */
const emitted = new Map<string, string[]>();
let secretary: TestUser;
let admin: ApiClient;
let crashHook: TestWebhook | undefined;
let webhook: WebhookCreated;

/** What identifies an event of the test (ids are the server's): its type and the meeting's place. */
const keyOf = (e: WebhookEventBody) =>
  `${e.type}:${String((e.data['meeting'] as Meeting | undefined)?.location ?? '')}`;

function startReceiver(): Promise<void> {
  let failuresLeft = FAILURES;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as WebhookEventBody;
      const meetingId = event.meetingId ?? '-';
      const done = accepted.get(meetingId) ?? [];
      const order = emitted.get(meetingId) ?? [];
      const key = keyOf(event);
      if (done.includes(key)) violations.push(`${key} of ${meetingId} came again after it was accepted`);
      const missing = order.slice(0, order.indexOf(key)).filter((k) => !done.includes(k));
      if (missing.length > 0)
        violations.push(`${key} of ${meetingId} came before ${missing.join(', ')} was accepted`);
      const status = failuresLeft-- > 0 ? 503 : 200;
      hits.push({ headers: req.headers, body, event, status });
      setTimeout(() => {
        if (status === 200) accepted.set(meetingId, [...(accepted.get(meetingId) ?? []), key]);
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      }, ANSWER_MS);
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () => {
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/su-kien`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  redis = await startRedis();
  await startReceiver();
  const dataDir = await tempDir();
  const env = testEnv(dataDir, { REDIS_URL: redis.url, WEBHOOKS_ALLOW_LOOPBACK: 'true' });
  // The first process makes the database; the second starts on it.
  for (let i = 0; i < 2; i++) {
    const proc = spawnServer(env);
    procs.push(proc);
    urls.push(await proc.url);
  }
  admin = new ApiClient(urls[0]!);
  expect(await admin.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
  secretary = (await createCast(urls[0]!, admin, ['secretary'])).secretary;
  const res = await admin.post<WebhookCreated>('/api/webhooks', {
    name: 'Hệ thống quản lý văn bản',
    url: receiverUrl,
    events: ['meeting.published', 'meeting.changed', 'meeting.cancelled'],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  webhook = res.body;
}, 60_000);

afterAll(async () => {
  for (const p of procs) await p.kill();
  await crashHook?.stop();
  await redis?.stop();
  await new Promise<void>((resolve) => {
    receiver?.closeAllConnections();
    if (receiver) receiver.close(() => resolve());
    else resolve();
  });
});

describe('webhooks from two server processes on one store', () => {
  it('a receiver that fails then recovers gets each event once, in the order emitted per meeting', async () => {
    // The same secretary's session, through either process.
    const clients = urls.map((url) => {
      const c = new ApiClient(url);
      c.cookie = secretary.client.cookie;
      return c;
    });
    const via = (i: number) => clients[i % 2]!;
    const note = (meetingId: string, key: string) =>
      emitted.set(meetingId, [...(emitted.get(meetingId) ?? []), key]);

    const meetings: Meeting[] = [];
    for (const title of ['Họp giao ban quý IV', 'Họp chuyên đề chuyển đổi số']) {
      const m = await apiMeeting(secretary.client, { title, location: 'Phòng 1' });
      meetings.push(m);
    }
    // Each step on the other process than the one before, the two meetings interleaved.
    let step = 0;
    for (const m of meetings) {
      note(m.id, 'meeting.published:Phòng 1');
      await apiStatus(via(step++), m, 'published');
    }
    for (const place of ['Phòng 2', 'Phòng 3', 'Phòng 4']) {
      for (const m of meetings) {
        const client = via(step++);
        const current = await client.get<{ meeting: Meeting }>(`/api/meetings/${m.id}`);
        note(m.id, `meeting.changed:${place}`);
        const res = await client.patch(`/api/meetings/${m.id}`, {
          version: current.body.meeting.version,
          location: place,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    }
    for (const m of meetings) {
      note(m.id, 'meeting.cancelled:Phòng 4');
      await apiStatus(via(step++), m, 'cancelled', 'Lãnh đạo đi công tác');
    }

    const total = [...emitted.values()].reduce((n, list) => n + list.length, 0);
    expect(total).toBe(10);
    await eventually(
      () => expect([...accepted.values()].reduce((n, list) => n + list.length, 0)).toBe(total),
      40_000,
    );
    // Every delivery settled in the shared store (read through the other process): nothing left
    // to go out again.
    const other = new ApiClient(urls[1]!);
    other.cookie = admin.cookie;
    await eventually(async () => {
      const log = await other.get<Paged<WebhookDelivery>>('/api/webhooks/deliveries?limit=200');
      expect(log.body.items.map((d) => d.status)).toEqual(Array<string>(total).fill('delivered'));
    }, 20_000);
    // A moment for any late second copy to arrive.
    await new Promise((r) => setTimeout(r, 1500));

    expect(hits.filter((h) => h.status === 503)).toHaveLength(FAILURES);
    expect(violations).toEqual([]);
    for (const m of meetings) expect(accepted.get(m.id), m.title).toEqual(emitted.get(m.id));
    const ok = hits.filter((h) => h.status === 200);
    expect(ok).toHaveLength(total);
    expect(new Set(ok.map((h) => h.event.id)).size).toBe(total);
    for (const h of hits) {
      // The id a receiver drops a second copy by, and the signature, on every call.
      expect(h.headers['x-icabinet-event-id']).toBe(h.event.id);
      expect(
        verifyWebhook(
          webhook.secret,
          String(h.headers['x-icabinet-timestamp']),
          h.body,
          String(h.headers['x-icabinet-signature']),
        ),
      ).toBe(true);
    }
  }, 90_000);

  it('a process that dies while posting leaves its claim to expire; another process sends the event again, then the next', async () => {
    crashHook = await startWebhookReceiver();
    const dataDir = await tempDir();
    // A short time limit, so that the dead process's claim (time limit + 15 s) runs out soon.
    const env = testEnv(dataDir, {
      REDIS_URL: redis.url,
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    const a = spawnServer(env);
    procs.push(a);
    const adminA = new ApiClient(await a.url);
    expect(await adminA.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
    const sec = (await createCast(adminA.baseUrl, adminA, ['secretary'])).secretary;
    const made = await adminA.post<WebhookCreated>('/api/webhooks', {
      name: 'Hệ thống quản lý văn bản',
      url: crashHook.url,
      events: ['meeting.published', 'meeting.changed'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);

    // Process A posts the first event; the receiver holds the call; A dies before any answer.
    crashHook.answer('hang');
    const meeting = await apiMeeting(sec.client, { title: 'Họp xử lý sự cố', location: 'Phòng 1' });
    await apiStatus(sec.client, meeting, 'published');
    await crashHook.waitFor(1);
    await a.kill('SIGKILL');
    crashHook.answer(200);

    // Process B, on the same store, tells the next event of the meeting: it waits for A's claim
    // to run out, sends the first event again (same id), then the second.
    const b = spawnServer(env);
    procs.push(b);
    const onB = new ApiClient(await b.url);
    onB.cookie = sec.client.cookie;
    const current = await onB.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`);
    const moved = await onB.patch(`/api/meetings/${meeting.id}`, {
      version: current.body.meeting.version,
      location: 'Phòng 2',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const ok = () =>
      crashHook!.calls.filter((c) => c.status === 200).map((c) => JSON.parse(c.body) as WebhookEventBody);
    await eventually(() => expect(ok()).toHaveLength(2), 45_000);
    const first = JSON.parse(crashHook.calls[0]!.body) as WebhookEventBody;
    expect(first.type).toBe('meeting.published');
    // At least once: the event A was posting came again, with the same id a receiver drops it by.
    expect(ok().map((e) => e.type)).toEqual(['meeting.published', 'meeting.changed']);
    expect(ok()[0]!.id).toBe(first.id);
    expect(crashHook.calls[1]!.headers['x-icabinet-event-id']).toBe(first.id);
    const adminB = new ApiClient(onB.baseUrl);
    adminB.cookie = adminA.cookie;
    const rows = (await adminB.get<Paged<WebhookDelivery>>('/api/webhooks/deliveries?limit=10')).body.items;
    expect(rows.map((d) => d.status)).toEqual(['delivered', 'delivered']);
  }, 90_000);
});
