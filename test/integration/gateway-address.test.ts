import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Invitation } from '@icabinet/shared';
import { verifyWebhook } from '@icabinet/server/invitations';
import { eventually } from '../utils/eventually.js';
import { createCast, passwordFor, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { startWebhookReceiver, testResolver, type TestWebhook } from '../utils/webhook.js';

/**
 * The SMS/Zalo gateway's address goes through the outgoing webhooks' guard (address-guard.ts),
 * with the same setting (WEBHOOKS_ALLOW_LOOPBACK): a gateway whose name resolves to this machine
 * is refused when an administrator saves it, with the reason in Vietnamese, and nothing is stored;
 * one that resolved to the LAN when saved and to 127.0.0.1 when sending (DNS rebinding) sends
 * nothing, and the invitation's SMS/Zalo channel says why; and the message goes to the address
 * checked (a name only the server's resolver knows is delivered). Names of the test's own
 * (`*.test`, which no DNS server answers) are added through the server's resolver option.
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
/** A member with a phone number on each server: the one the gateway writes to. */
const members = new Map<TestServer, string>();

const SECRET = 'bi-mat-cong-sms-zalo-2026';
const LOOPBACK_REFUSED =
  'Địa chỉ không được trỏ về chính máy này (localhost, 127.0.0.1 hoặc một tên miền trỏ về đó). Dùng địa chỉ của hệ thống nhận sự kiện.';
const receiverPort = () => Number(new URL(hook.url).port);

async function gatewayOf(server: TestServer) {
  const res = await admins
    .get(server)!
    .get<{ settings: { url: string | null }; version: number }>('/api/settings/gateway');
  expect(res.status).toBe(200);
  return res.body;
}

async function saveGateway(server: TestServer, url: string) {
  const { version } = await gatewayOf(server);
  return admins.get(server)!.put<ErrorReply>('/api/settings/gateway', { url, secret: SECRET, version });
}

/** Publishes a meeting with the member and answers its id. */
async function publishOne(server: TestServer, title: string): Promise<string> {
  const secretary = secretaries.get(server)!.client;
  const meeting = await apiMeeting(secretary, { title });
  await apiParticipant(secretary, meeting.id, members.get(server)!);
  await apiStatus(secretary, meeting, 'published');
  return meeting.id;
}

/** The member's invitation's SMS/Zalo channel, as the secretariat sees it. */
async function smsOf(server: TestServer, meetingId: string) {
  const res = await secretaries
    .get(server)!
    .client.get<{ items: Invitation[] }>(`/api/meetings/${meetingId}/invitations`);
  expect(res.status).toBe(200);
  const invitation = res.body.items.find((i) => i.recipientName === 'Lương Thị Thu');
  return invitation?.deliveries.find((d) => d.channel === 'webhook');
}

beforeAll(async () => {
  hook = await startWebhookReceiver();
  strict = await startServer({ resolveHost, env: { REMINDERS: 'off' } });
  loose = await startServer({ resolveHost, env: { REMINDERS: 'off', WEBHOOKS_ALLOW_LOOPBACK: 'true' } });
  for (const server of [strict, loose]) {
    const admin = new ApiClient(server.url);
    expect(await admin.login('admin', server.adminPassword)).toBe(200);
    admins.set(server, admin);
    secretaries.set(server, (await createCast(server.url, admin, ['secretary'])).secretary);
    const member = await admin.post<{ user: { id: string } }>('/api/users', {
      username: 'thu.lt',
      fullName: 'Lương Thị Thu',
      phone: '0912 000 111',
      password: passwordFor('thu.lt'),
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    members.set(server, member.body.user.id);
  }
}, 60_000);

afterAll(async () => {
  await strict?.stop();
  await loose?.stop();
  await hook?.stop();
});

describe('the SMS/Zalo gateway goes through the webhooks’ address guard', () => {
  it('refuses, when saved, a gateway that resolves to this machine or a forbidden range, and stores nothing', async () => {
    names.set('sms.test', '127.0.0.1');
    names.set('sms6.test', '::ffff:127.0.0.1');
    names.set('metadata.test', '169.254.169.254');
    for (const url of [
      `http://sms.test:${receiverPort()}/gateway`,
      `http://sms6.test:${receiverPort()}/gateway`,
      `http://localhost:${receiverPort()}/gateway`,
      hook.url,
    ]) {
      const res = await saveGateway(strict, url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.issues?.[0], url).toMatchObject({ path: 'url', message: LOOPBACK_REFUSED });
    }
    const reserved = await saveGateway(strict, 'http://metadata.test/latest/meta-data');
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.issues?.[0]?.message).toContain('vùng mạng không được phép');
    expect(await gatewayOf(strict)).toMatchObject({ settings: { url: null }, version: 0 });
    const audit = await admins.get(strict)!.get<{ items: AuditEntry[] }>('/api/audit?limit=200');
    expect(audit.body.items.filter((e) => e.action === 'settings.changed')).toEqual([]);
    expect(hook.calls).toHaveLength(0);
  });

  it('sends nothing to a gateway whose name moved to 127.0.0.1 after it was saved on the LAN (DNS rebinding)', async () => {
    names.set('zalo.test', '10.255.0.7');
    // The LAN is where a city's SMS/Zalo gateway lives: allowed.
    const saved = await saveGateway(strict, `http://zalo.test:${receiverPort()}/gateway`);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    names.set('zalo.test', '127.0.0.1');
    const before = hook.calls.length;
    const meetingId = await publishOne(strict, 'Họp giao ban (cổng SMS đổi địa chỉ sau khi lưu)');
    const sms = await eventually(async () => {
      const found = await smsOf(strict, meetingId);
      expect(found?.status).toBe('failed');
      return found!;
    });
    expect(sms.lastError).toContain('Cổng SMS/Zalo bị từ chối, không gửi');
    expect(sms.lastError).toContain(LOOPBACK_REFUSED);
    expect(sms.lastError).toContain('webhook_url_loopback');
    expect(hook.calls.length).toBe(before);
  });

  it('connects to the address it checked: a gateway name only the server’s resolver knows is delivered', async () => {
    names.set('cong-sms.test', '127.0.0.1');
    const saved = await saveGateway(loose, `http://cong-sms.test:${receiverPort()}/gateway`);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const meetingId = await publishOne(loose, 'Họp chuyên đề (cổng SMS theo tên)');
    const call = await eventually(() => {
      const found = hook.calls.find(
        (c) => (JSON.parse(c.body) as { meetingId?: string }).meetingId === meetingId,
      );
      expect(found?.status).toBe(200);
      return found!;
    });
    expect(call.headers.host).toBe(`cong-sms.test:${receiverPort()}`);
    expect(JSON.parse(call.body)).toMatchObject({ to: { name: 'Lương Thị Thu', phone: '0912 000 111' } });
    const ts = String(call.headers['x-icabinet-timestamp']);
    expect(verifyWebhook(SECRET, ts, call.body, String(call.headers['x-icabinet-signature']))).toBe(true);
    await eventually(async () => expect((await smsOf(loose, meetingId))?.status).toBe('sent'));
  });

  it('refuses a gateway at this server’s own port, even where loopback is allowed', async () => {
    names.set('chinh-no.test', '127.0.0.1');
    const res = await saveGateway(loose, `http://chinh-no.test:${loose.port}/api/health`);
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]?.message).toBe('Địa chỉ không được trỏ về chính máy chủ I-Cabinet.');
  });
});
