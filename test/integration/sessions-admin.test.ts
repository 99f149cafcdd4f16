import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { ADMIN_PASSWORD, FakeClock, startServer, type TestServer } from '../utils/server.js';
import { CAST, createUser } from '../utils/fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('sessions an administrator can see and end', () => {
  it('lists device, address and last activity per session, ends one, then signs the user out everywhere', async () => {
    const clock = new FakeClock();
    server = await startServer({ clock });
    const admin = new ApiClient(server.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const user = await createUser(server.url, admin, CAST.member);
    // A second device: the tablet.
    const tablet = new ApiClient(server.url);
    expect(
      (
        await tablet.post(
          '/api/auth/login',
          { username: CAST.member.username, password: user.password },
          {
            'user-agent': 'I-Cabinet Tablet/2.0',
          },
        )
      ).status,
    ).toBe(200);
    clock.advance(2 * 60_000);
    expect((await tablet.get('/api/me')).status).toBe(200); // activity on the tablet

    const list = await admin.get<{ items: SessionInfo[] }>(`/api/users/${user.id}/sessions`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const [latest, other] = list.body.items;
    expect(latest?.userAgent).toBe('I-Cabinet Tablet/2.0');
    expect(latest?.ip).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(latest?.lastSeenAt ?? '')).toBeGreaterThan(Date.parse(other?.lastSeenAt ?? ''));
    expect(list.body.items.every((s) => !s.current)).toBe(true);

    // End the tablet's session only.
    expect((await admin.request('DELETE', `/api/users/${user.id}/sessions/${latest?.id ?? ''}`)).status).toBe(
      204,
    );
    expect((await tablet.get('/api/me')).status).toBe(401);
    expect((await user.client.get('/api/me')).status).toBe(200);
    // Ending it again, or another user's session through this user, is a clear 404.
    const again = await admin.request<ErrorReply>(
      'DELETE',
      `/api/users/${user.id}/sessions/${latest?.id ?? ''}`,
    );
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('Phiên đăng nhập này không còn (có thể đã kết thúc).');
    const adminSessions = await admin.get<{ items: SessionInfo[] }>(
      `/api/users/${(await admin.get<{ user: { id: string } }>('/api/me')).body.user.id}/sessions`,
    );
    const adminOwn = adminSessions.body.items.find((s) => s.current);
    expect(adminOwn).toBeDefined();
    expect(
      (await admin.request('DELETE', `/api/users/${user.id}/sessions/${adminOwn?.id ?? ''}`)).status,
    ).toBe(404);
    expect((await admin.get('/api/me')).status).toBe(200);

    // Sign out everywhere.
    const all = await admin.request<{ ended: number }>('DELETE', `/api/users/${user.id}/sessions`);
    expect(all.status).toBe(200);
    expect(all.body.ended).toBe(1);
    expect((await user.client.get('/api/me')).status).toBe(401);
    expect((await admin.get<{ items: SessionInfo[] }>(`/api/users/${user.id}/sessions`)).body.items).toEqual(
      [],
    );

    // Not for the secretariat; audited.
    const secretary = await createUser(server.url, admin, CAST.secretary);
    expect((await secretary.client.get(`/api/users/${user.id}/sessions`)).status).toBe(403);
    const audit = await admin.get<{ items: { action: string; targetId: string | null }[] }>(
      '/api/audit?limit=500',
    );
    expect(
      audit.body.items.filter((e) => e.action === 'user.sessions_ended' && e.targetId === user.id),
    ).toHaveLength(2);
  });
});
