import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiTokenCreated,
  Invitation,
  Meeting,
  Paged,
  SignedDocumentEntry,
  WebhookCreated,
  WebhookDelivery,
  WebhookEventBody,
} from '@icabinet/shared';
import { verifyWebhook } from '@icabinet/server/invitations';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiStatus, apiUpload } from '../utils/meetings.js';
import { FakeClock, FIXTURES, ROOT, startServer, tempDir, type TestServer } from '../utils/server.js';
import { startWebhookReceiver, type TestWebhook } from '../utils/webhook.js';

/**
 * Issue 15 items 6–7: API tokens, outgoing webhooks received by a real HTTP receiver on
 * 127.0.0.1 that checks each signature, the signed documents pulled with a read token, and the
 * invitations' settings changed in the app (the environment only gives the defaults).
 */
const run = promisify(execFile);
const clock = new FakeClock();
let server: TestServer;
let second: TestServer | undefined;
let admin: ApiClient;
let cast: Record<'secretary' | 'delegate', TestUser>;
let hook: TestWebhook;
let webhook: WebhookCreated;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asToken = (base: string, token: string, method: string, p: string, body?: unknown) =>
  new ApiClient(base).request<unknown>(method, p, body, bearer(token));

async function makeToken(name: string, scopes: string[]): Promise<ApiTokenCreated> {
  const res = await admin.post<ApiTokenCreated>('/api/api-tokens', { name, scopes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function deliveries(query = ''): Promise<WebhookDelivery[]> {
  const res = await admin.get<Paged<WebhookDelivery>>(`/api/webhooks/deliveries?limit=200${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

/** The calls the receiver accepted (2xx), as events, in the order they arrived. */
const accepted = () =>
  hook.calls
    .filter((c) => c.status >= 200 && c.status < 300)
    .map((c) => JSON.parse(c.body) as WebhookEventBody);

beforeAll(async () => {
  hook = await startWebhookReceiver();
  server = await startServer({
    clock,
    env: { WEBHOOKS_ALLOW_LOOPBACK: 'true', DEPUTY_AUTO_APPROVE: 'false' },
  });
  admin = new ApiClient(server.url);
  expect(await admin.login('admin', server.adminPassword)).toBe(200);
  cast = await createCast(server.url, admin, ['secretary', 'delegate']);
  const res = await admin.post<WebhookCreated>('/api/webhooks', {
    name: 'Hệ thống quản lý văn bản',
    url: hook.url,
    events: ['meeting.published', 'meeting.changed', 'meeting.cancelled', 'minutes.signed'],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  webhook = res.body;
}, 60_000);

afterAll(async () => {
  await second?.stop();
  await server?.stop();
  await hook?.stop();
});

describe('outgoing webhooks', () => {
  it('shows the signing secret once and never again', async () => {
    expect(webhook.secret).toMatch(/^whsec_/);
    const list = await admin.get<{ items: unknown[] }>('/api/webhooks');
    expect(JSON.stringify(list.body)).not.toContain(webhook.secret);
    const audit = await admin.get<unknown>('/api/audit?limit=200');
    expect(JSON.stringify(audit.body)).not.toContain(webhook.secret);
  });

  it('posts a published meeting to the receiver, HMAC-signed with the webhook secret', async () => {
    const meeting = await apiMeeting(cast.secretary.client, { title: 'Họp giao ban tháng 12' });
    await apiStatus(cast.secretary.client, meeting, 'published');
    const got = await eventually(() => {
      const event = accepted().find((e) => e.meetingId === meeting.id);
      expect(event).toBeDefined();
      return event!;
    });
    expect(got).toMatchObject({ type: 'meeting.published', meetingId: meeting.id });
    expect((got.data['meeting'] as Meeting).title).toBe('Họp giao ban tháng 12');
    const call = hook.calls.find((c) => c.body.includes(got.id))!;
    const ts = String(call.headers['x-icabinet-timestamp']);
    const signature = String(call.headers['x-icabinet-signature']);
    expect(verifyWebhook(webhook.secret, ts, call.body, signature)).toBe(true);
    // The event's id in a header too: what a receiver drops a second copy by.
    expect(call.headers['x-icabinet-event-id']).toBe(got.id);
    // A forged body or another secret does not pass.
    expect(verifyWebhook(webhook.secret, ts, call.body.replace('12', '11'), signature)).toBe(false);
    expect(verifyWebhook('whsec_another-secret-entirely', ts, call.body, signature)).toBe(false);
    // The log shows it delivered, first attempt.
    const row = (await deliveries()).find((d) => d.eventId === got.id)!;
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null });
  });

  it('a receiver that fails then recovers gets each event once, in order per meeting', async () => {
    const jobs = server.running.app.services.invitations.jobs;
    hook.answer(500);
    const before = hook.calls.length;
    const meeting = await apiMeeting(cast.secretary.client, { title: 'Họp chuyên đề chuyển đổi số' });
    await apiStatus(cast.secretary.client, meeting, 'published');
    const current = await cast.secretary.client.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`);
    const moved = await cast.secretary.client.patch(`/api/meetings/${meeting.id}`, {
      version: current.body.meeting.version,
      location: 'Phòng họp số 2, tầng 5',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await apiStatus(cast.secretary.client, meeting, 'cancelled', 'Lãnh đạo đi công tác');
    // The receiver is down: the first event was tried and refused, nothing accepted.
    await hook.waitFor(before + 1);
    const mine = () => accepted().filter((e) => e.meetingId === meeting.id);
    expect(mine()).toEqual([]);
    await eventually(async () => {
      const rows = (await deliveries()).filter((d) => d.meetingId === meeting.id);
      expect(rows).toHaveLength(3);
      expect(rows.every((d) => d.status === 'pending' && (d.lastStatus === 500 || d.attempts === 0))).toBe(
        true,
      );
      expect(rows.some((d) => d.lastError === 'HTTP 500 Internal Server Error')).toBe(true);
    });

    // It recovers; the retries (backoff on the server's clock) go out in order. Each job sends the
    // deliveries of the meeting up to its own, one after another: waited for in full before the
    // clock is moved again (moving it 4 × 11 min would end the administrator's session).
    hook.answer(200);
    for (let i = 0; i < 4 && mine().length < 3; i++) {
      clock.advance(11 * 60_000);
      jobs.wake();
      await eventually(() => expect(mine()).toHaveLength(3), 5000).catch(() => undefined);
    }
    await eventually(() => expect(mine()).toHaveLength(3));
    await jobs.drain();
    expect(mine().map((e) => e.type)).toEqual(['meeting.published', 'meeting.changed', 'meeting.cancelled']);
    expect(new Set(mine().map((e) => e.id)).size).toBe(3);
    expect((mine()[1]!.data['changes'] as string[]).join(' ')).toContain('Phòng họp số 2');
    for (const call of hook.calls.filter((c) => c.body.includes(meeting.id)))
      expect(
        verifyWebhook(
          webhook.secret,
          String(call.headers['x-icabinet-timestamp']),
          call.body,
          String(call.headers['x-icabinet-signature']),
        ),
      ).toBe(true);
    const rows = (await deliveries()).filter((d) => d.meetingId === meeting.id);
    expect(rows.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(Math.max(...rows.map((d) => d.attempts))).toBeGreaterThan(1);
  });

  it('re-sends a delivery from the log: the same event again', async () => {
    const [last] = await deliveries('&status=delivered');
    const count = accepted().filter((e) => e.id === last!.eventId).length;
    const res = await admin.post<{ delivery: WebhookDelivery }>(
      `/api/webhooks/deliveries/${last!.id}/resend`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.delivery.status).toBe('pending');
    await eventually(() => expect(accepted().filter((e) => e.id === last!.eventId)).toHaveLength(count + 1));
  });

  it('refuses an address that is not http(s), or that points at the server itself', async () => {
    const base = { name: 'Sai địa chỉ', events: ['meeting.published'] };
    const refused = async (url: string, message: string) => {
      const res = await admin.post<ErrorReply>('/api/webhooks', { ...base, url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.issues?.[0], url).toMatchObject({ path: 'url' });
      expect(res.body.error.issues?.[0]?.message, url).toContain(message);
    };
    for (const url of ['ftp://vanban.hanoi.gov.vn/su-kien', 'javascript:alert(1)', 'http://'])
      await refused(url, 'Địa chỉ phải là http:// hoặc https:// hợp lệ');
    for (const url of ['http://user:pw@example.org/x', 'https://token@vanban.hanoi.gov.vn/su-kien'])
      await refused(url, 'không được chứa tên đăng nhập hay mật khẩu');
    for (const url of ['http://vanban.hanoi.gov.vn:70000/x', 'http://vanban.hanoi.gov.vn:0/x'])
      await refused(url, 'Cổng trong địa chỉ phải là số từ 1 đến 65535');
    // A name that resolves nowhere (`.invalid` never does): nobody could receive it.
    await refused('https://khong-co-may-nay.invalid/su-kien', 'Không tìm thấy máy chủ có tên này');
    // Link-local (a cloud's metadata service) and the unspecified address, loopback allowed or not.
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://0.0.0.0:9/x', 'http://[fe80::1]/x'])
      await refused(url, 'vùng mạng không được phép');
    // Loopback receivers are allowed here (WEBHOOKS_ALLOW_LOOPBACK), never the server itself.
    for (const url of [
      `${server.url}/api/health`,
      `http://localhost:${server.port}/x`,
      `http://[::ffff:127.0.0.1]:${server.port}/x`,
      `http://127.0.0.2:${server.port}/x`,
    ]) {
      const res = await admin.post<ErrorReply>('/api/webhooks', { ...base, url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.issues?.[0]?.message).toBe('Địa chỉ không được trỏ về chính máy chủ I-Cabinet.');
    }
    const unknownEvent = await admin.post<ErrorReply>('/api/webhooks', {
      ...base,
      url: hook.url,
      events: ['meeting.deleted'],
    });
    expect(unknownEvent.status).toBe(400);
    expect((await admin.get<{ items: unknown[] }>('/api/webhooks')).body.items).toHaveLength(1);
  });
});

describe('API tokens', () => {
  it('refuses a token with a scope that does not exist', async () => {
    for (const scopes of [['documents:write'], ['admin'], []]) {
      const res = await admin.post<ErrorReply>('/api/api-tokens', { name: 'Hệ thống văn bản', scopes });
      expect(res.status, JSON.stringify(scopes)).toBe(400);
    }
    const wrong = await admin.post<ErrorReply>('/api/api-tokens', { name: 'X', scopes: ['documents:write'] });
    expect(wrong.body.error.issues?.[0]?.message).toContain('meetings:read, documents:read');
    expect((await admin.get<{ items: unknown[] }>('/api/api-tokens')).body.items).toHaveLength(0);
  });

  it('shows a token once, keeps only its hash, and never writes it to the audit log', async () => {
    const created = await makeToken('Hệ thống quản lý văn bản', ['documents:read']);
    expect(created.secret).toMatch(/^icab_[A-Za-z0-9_-]{43}$/);
    expect(created.secret.startsWith(created.token.prefix)).toBe(true);
    const list = await admin.get<unknown>('/api/api-tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    const audit = await admin.get<unknown>('/api/audit?limit=200');
    expect(JSON.stringify(audit.body)).toContain('api_token.created');
    expect(JSON.stringify(audit.body)).not.toContain(created.secret);
  });

  it('a read token reads but cannot write; a token never opens the administrators’ routes', async () => {
    const { secret } = await makeToken('Giám sát', ['webhooks:read']);
    const read = await asToken(server.url, secret, 'GET', '/api/webhooks/deliveries');
    expect(read.status).toBe(200);
    const [one] = (read.body as Paged<WebhookDelivery>).items;
    const write = await asToken(server.url, secret, 'POST', `/api/webhooks/deliveries/${one!.id}/resend`);
    expect(write.status).toBe(403);
    expect((write.body as ErrorReply).error.message).toContain('không có quyền');
    expect(
      (
        await asToken(server.url, secret, 'POST', '/api/api-tokens', {
          name: 'x',
          scopes: ['webhooks:write'],
        })
      ).status,
    ).toBe(401);
    expect((await asToken(server.url, secret, 'GET', '/api/webhooks')).status).toBe(401);
    expect((await asToken(server.url, 'icab_not-a-token', 'GET', '/api/webhooks/deliveries')).status).toBe(
      401,
    );
    // A write token writes (re-sends) and reads.
    const writer = await makeToken('Trục tích hợp', ['webhooks:write']);
    expect((await asToken(server.url, writer.secret, 'GET', '/api/webhooks/deliveries')).status).toBe(200);
    const resent = await asToken(
      server.url,
      writer.secret,
      'POST',
      `/api/webhooks/deliveries/${one!.id}/resend`,
    );
    expect(resent.status).toBe(200);
  });

  it('a revoked token is refused at once, in this process and in another one on the same data', async () => {
    second = await startServer({ dataDir: server.dataDir, env: { WEBHOOKS_ALLOW_LOOPBACK: 'true' } });
    const { token, secret } = await makeToken('Cổng dữ liệu mở', ['meetings:read']);
    for (const base of [server.url, second.url])
      expect((await asToken(base, secret, 'GET', '/api/integration/meetings')).status).toBe(200);
    const revoked = await admin.request<{ token: { revokedAt: string | null } }>(
      'DELETE',
      `/api/api-tokens/${token.id}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedAt).not.toBeNull();
    for (const base of [server.url, second.url]) {
      const res = await asToken(base, secret, 'GET', '/api/integration/meetings');
      expect(res.status, base).toBe(401);
      expect((res.body as ErrorReply).error.message).toBe('API token không hợp lệ hoặc đã bị thu hồi.');
    }
  });
});

describe('the document-management system pulls the signed documents of a meeting', () => {
  it('lists them and downloads each byte for byte with a read token', async () => {
    const meeting = await apiMeeting(cast.secretary.client, { title: 'Họp tổng kết năm 2026' });
    await apiStatus(cast.secretary.client, meeting, 'published');
    const doc = await apiUpload(
      server.url,
      cast.secretary.client,
      meeting.id,
      'bao-cao-chuyen-doi-so-2024.pdf',
    );
    // What the minutes module tells once the minutes are signed (its PDF in the meeting's library).
    await server.running.app.services.integrations.webhooks.publish('minutes.signed', meeting.id, {
      documentId: doc.id,
    });
    const { secret } = await makeToken('Hệ thống quản lý văn bản (kéo văn bản)', ['documents:read']);
    const list = await asToken(
      server.url,
      secret,
      'GET',
      `/api/integration/meetings/${meeting.id}/signed-documents`,
    );
    expect(list.status).toBe(200);
    const items = (list.body as { items: SignedDocumentEntry[] }).items;
    expect(items).toEqual([
      expect.objectContaining({ id: doc.id, kind: 'minutes', fileName: 'bao-cao-chuyen-doi-so-2024.pdf' }),
    ]);
    const file = await fetch(server.url + items[0]!.href, { headers: bearer(secret) });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/pdf');
    const expected = await readFile(path.join(FIXTURES, 'pdfs', 'vn', 'bao-cao-chuyen-doi-so-2024.pdf'));
    expect(Buffer.from(await file.arrayBuffer()).equals(expected)).toBe(true);
    // The README's script does the same for a new user: every signed document into a folder.
    const out = await tempDir('icabinet-pull-');
    try {
      const { stdout } = await run(
        process.execPath,
        [path.join(ROOT, 'scripts', 'pull-signed-documents.mjs'), meeting.id, out],
        {
          env: { PATH: process.env.PATH ?? '', ICABINET_URL: server.url, ICABINET_TOKEN: secret },
        },
      );
      expect(stdout).toContain('1 tệp mới');
      const pulled = await readFile(path.join(out, meeting.id, 'minutes-bao-cao-chuyen-doi-so-2024.pdf'));
      expect(pulled.equals(expected)).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    // Another document of the meeting was never signed: not served here.
    const other = await apiUpload(
      server.url,
      cast.secretary.client,
      meeting.id,
      'bao-cao-mo-hinh-quan-huyen-cds.pdf',
    );
    const notSigned = await fetch(
      `${server.url}/api/integration/meetings/${meeting.id}/signed-documents/${other.id}/file`,
      { headers: bearer(secret) },
    );
    expect(notSigned.status).toBe(404);
    // A token without documents:read, and a draft meeting, get nothing.
    const { secret: other2 } = await makeToken('Chỉ đọc cuộc họp', ['meetings:read']);
    expect(
      (await asToken(server.url, other2, 'GET', `/api/integration/meetings/${meeting.id}/signed-documents`))
        .status,
    ).toBe(403);
    const draft = await apiMeeting(cast.secretary.client, { title: 'Dự thảo' });
    expect(
      (await asToken(server.url, secret, 'GET', `/api/integration/meetings/${draft.id}/signed-documents`))
        .status,
    ).toBe(404);
    // The minutes.signed event went out to the webhook too.
    await eventually(() =>
      expect(accepted().some((e) => e.type === 'minutes.signed' && e.meetingId === meeting.id)).toBe(true),
    );
  });
});

describe('settings in the app win over the environment', () => {
  it('deputy auto-approval: off by the environment, on once an administrator saves it', async () => {
    const before = await admin.get<{ settings: { autoApprove: boolean }; source: string; version: number }>(
      '/api/settings/deputies',
    );
    expect(before.body).toMatchObject({ settings: { autoApprove: false }, source: 'env', version: 0 });
    const saved = await admin.put<{ settings: { autoApprove: boolean }; source: string }>(
      '/api/settings/deputies',
      {
        autoApprove: true,
        version: 0,
      },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ settings: { autoApprove: true }, source: 'app' });
    const stale = await admin.put('/api/settings/deputies', { autoApprove: false, version: 0 });
    expect(stale.status).toBe(409);

    const meeting = await apiMeeting(cast.secretary.client, { title: 'Họp về ngân sách' });
    await apiParticipant(cast.secretary.client, meeting.id, cast.delegate.id);
    await apiStatus(cast.secretary.client, meeting, 'published');
    const inv = await eventually(async () => {
      const mine = await cast.delegate.client.get<{ items: Invitation[] }>('/api/invitations/mine');
      const found = mine.body.items.find((i) => i.meetingId === meeting.id);
      expect(found).toBeDefined();
      return found!;
    });
    const replied = await cast.delegate.client.post<{ invitation: Invitation }>(
      `/api/invitations/${inv.id}/reply`,
      {
        answer: 'deputy',
        deputy: { fullName: 'Trần Văn Phó' },
      },
    );
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.invitation.status).toBe('deputy_approved');
  });

  it('the SMS/Zalo gateway: set in the app with a secret that is never shown again', async () => {
    const before = await admin.get<{ settings: { url: string | null; hasSecret: boolean }; source: string }>(
      '/api/settings/gateway',
    );
    expect(before.body).toMatchObject({ settings: { url: null, hasSecret: false }, source: 'env' });
    const noSecret = await admin.put<ErrorReply>('/api/settings/gateway', { url: hook.url, version: 0 });
    expect(noSecret.status).toBe(400);
    const secret = 'bi-mat-cong-sms-zalo-2026';
    const saved = await admin.put<unknown>('/api/settings/gateway', { url: hook.url, secret, version: 0 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ settings: { url: hook.url, hasSecret: true }, source: 'app' });
    expect(JSON.stringify(saved.body)).not.toContain(secret);
    const audit = await admin.get<unknown>('/api/audit?limit=200');
    expect(JSON.stringify(audit.body)).not.toContain(secret);
  });
});
