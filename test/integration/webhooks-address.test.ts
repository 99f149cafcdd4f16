import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Paged, WebhookCreated, WebhookDelivery, WebhookEventBody } from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { startWebhookReceiver, testResolver, type TestWebhook } from '../utils/webhook.js';

/**
 * Issue 15 item 7: the webhook address guard looks at where a name resolves, not at how it is
 * written. Names of the test's own (`*.test`, which no DNS server answers) are added through the
 * server's resolver option, as a city's DNS would answer them: one that resolves to 127.0.0.1 is
 * refused when saved; one that resolved to the LAN when saved and to 127.0.0.1 when sending
 * (DNS rebinding) is refused when sending; and the request goes to the address checked (a name
 * only our resolver knows is delivered: the request never asked the system's DNS).
 */
let hook: TestWebhook;
/** What the city's DNS answers for the test's names; changed by the tests. */
const { names, resolveHost } = testResolver();
/** Loopback receivers refused (production's rule). */
let strict: TestServer;
/** Loopback receivers allowed (WEBHOOKS_ALLOW_LOOPBACK), never the server itself. */
let loose: TestServer;
const admins = new Map<TestServer, ApiClient>();
const secretaries = new Map<TestServer, TestUser>();

const receiverPort = () => Number(new URL(hook.url).port);
const base = { name: 'Hệ thống quản lý văn bản', events: ['meeting.published'] };

async function deliveries(server: TestServer): Promise<WebhookDelivery[]> {
  const res = await admins.get(server)!.get<Paged<WebhookDelivery>>('/api/webhooks/deliveries?limit=200');
  expect(res.status).toBe(200);
  return res.body.items;
}

async function publishOne(server: TestServer, title: string): Promise<string> {
  const meeting = await apiMeeting(secretaries.get(server)!.client, { title });
  await apiStatus(secretaries.get(server)!.client, meeting, 'published');
  return meeting.id;
}

beforeAll(async () => {
  hook = await startWebhookReceiver();
  strict = await startServer({ resolveHost });
  loose = await startServer({ resolveHost, env: { WEBHOOKS_ALLOW_LOOPBACK: 'true' } });
  for (const server of [strict, loose]) {
    const admin = new ApiClient(server.url);
    expect(await admin.login('admin', server.adminPassword)).toBe(200);
    admins.set(server, admin);
    secretaries.set(server, (await createCast(server.url, admin, ['secretary'])).secretary);
  }
}, 60_000);

afterAll(async () => {
  await strict?.stop();
  await loose?.stop();
  await hook?.stop();
});

describe('the webhook address guard resolves names', () => {
  it('refuses, when saved, a name that resolves to 127.0.0.1, and stores nothing', async () => {
    names.set('vanban.test', '127.0.0.1');
    names.set('vanban6.test', '::ffff:127.0.0.1');
    const admin = admins.get(strict)!;
    for (const url of [
      `http://vanban.test:${receiverPort()}/gateway`,
      `http://vanban6.test:${receiverPort()}/gateway`,
      `http://localhost:${receiverPort()}/gateway`,
      hook.url,
    ]) {
      const res = await admin.post<ErrorReply>('/api/webhooks', { ...base, url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.issues?.[0], url).toMatchObject({
        path: 'url',
        message:
          'Địa chỉ không được trỏ về chính máy này (localhost, 127.0.0.1 hoặc một tên miền trỏ về đó). Dùng địa chỉ của hệ thống nhận sự kiện.',
      });
    }
    expect((await admin.get<{ items: unknown[] }>('/api/webhooks')).body.items).toEqual([]);
    const audit = await admin.get<unknown>('/api/audit?limit=200');
    expect(JSON.stringify(audit.body)).not.toContain('webhook.created');
    // Nor changed to such a name later.
    names.set('qlvb.test', '10.255.0.9');
    const made = await admin.post<WebhookCreated>('/api/webhooks', {
      ...base,
      url: `http://qlvb.test:${receiverPort()}/gateway`,
      active: false,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const moved = await admin.patch<ErrorReply>(`/api/webhooks/${made.body.webhook.id}`, {
      url: `http://vanban.test:${receiverPort()}/gateway`,
      version: made.body.webhook.version,
    });
    expect(moved.status).toBe(400);
    const [kept] = (await admin.get<{ items: { url: string; version: number }[] }>('/api/webhooks')).body
      .items;
    expect(kept).toMatchObject({ url: `http://qlvb.test:${receiverPort()}/gateway`, version: 0 });
    expect((await admin.request('DELETE', `/api/webhooks/${made.body.webhook.id}`)).status).toBe(204);
  });

  it('refuses, when sending, a name that moved to 127.0.0.1 after it was saved on the LAN (DNS rebinding)', async () => {
    names.set('dms.test', '10.255.0.1');
    const admin = admins.get(strict)!;
    const res = await admin.post<WebhookCreated>('/api/webhooks', {
      ...base,
      url: `http://dms.test:${receiverPort()}/gateway`,
    });
    // The LAN is where a city's document-management system lives: allowed.
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    names.set('dms.test', '127.0.0.1');
    const before = hook.calls.length;
    const meetingId = await publishOne(strict, 'Họp giao ban (địa chỉ đổi sau khi lưu)');
    const row = await eventually(async () => {
      const found = (await deliveries(strict)).find((d) => d.meetingId === meetingId);
      expect(found?.status).toBe('failed');
      return found!;
    });
    expect(row.lastError).toContain('webhook_url_loopback');
    expect(row.attempts).toBe(0);
    expect(hook.calls.length).toBe(before);
    expect((await admin.request('DELETE', `/api/webhooks/${res.body.webhook.id}`)).status).toBe(204);
  });

  it('connects to the address it checked: a name only the server’s resolver knows is delivered', async () => {
    names.set('nhan-su-kien.test', '127.0.0.1');
    const admin = admins.get(loose)!;
    const res = await admin.post<WebhookCreated>('/api/webhooks', {
      ...base,
      url: `http://nhan-su-kien.test:${receiverPort()}/gateway`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const meetingId = await publishOne(loose, 'Họp chuyên đề (địa chỉ theo tên)');
    const call = await eventually(() => {
      const found = hook.calls.find((c) => (JSON.parse(c.body) as WebhookEventBody).meetingId === meetingId);
      expect(found?.status).toBe(200);
      return found!;
    });
    expect(call.headers.host).toBe(`nhan-su-kien.test:${receiverPort()}`);
    expect(call.headers['x-icabinet-event-id']).toBe((JSON.parse(call.body) as WebhookEventBody).id);
  });

  it('refuses a name that resolves to this server’s own port, even where loopback is allowed', async () => {
    names.set('chinh-no.test', '127.0.0.1');
    const res = await admins.get(loose)!.post<ErrorReply>('/api/webhooks', {
      ...base,
      url: `http://chinh-no.test:${loose.port}/api/health`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]?.message).toBe('Địa chỉ không được trỏ về chính máy chủ I-Cabinet.');
  });
});
