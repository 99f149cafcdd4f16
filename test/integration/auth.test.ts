import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { ADMIN_PASSWORD, FakeClock, startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let clock: FakeClock;

beforeEach(async () => {
  clock = new FakeClock();
  server = await startServer({ clock, env: { LOGIN_MAX_FAILURES: '10', LOGIN_WINDOW_SECONDS: '900' } });
});
afterEach(async () => {
  await server.stop();
});

describe('health', () => {
  it('reports the SQLite store and the version', async () => {
    const res = await new ApiClient(server.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      store: 'sqlite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
    });
  });

  it("may be read by the desktop shell's address screen (app://bundle), and by no other site", async () => {
    const client = new ApiClient(server.url);
    const fromShell = await client.request('GET', '/api/health', undefined, { origin: 'app://bundle' });
    expect(fromShell.headers.get('access-control-allow-origin')).toBe('app://bundle');
    // No cookies ride along: the answer is public and the shell signs in on the server's own pages.
    expect(fromShell.headers.get('access-control-allow-credentials')).toBeNull();

    const fromSite = await client.request('GET', '/api/health', undefined, {
      origin: 'https://evil.example',
    });
    expect(fromSite.headers.get('access-control-allow-origin')).toBeNull();
    const other = await client.request('GET', '/api/me', undefined, { origin: 'app://bundle' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('sign-in', () => {
  it('signs the admin in with an HTTP-only, SameSite=Strict cookie and answers /api/me', async () => {
    const client = new ApiClient(server.url);
    const res = await client.post<{ user: { username: string; systemRole: string } }>('/api/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'admin', systemRole: 'admin' });
    expect(JSON.stringify(res.body)).not.toContain('passwordHash');
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/icabinet_sid=[\w-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await client.get<{ user: { username: string } }>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('admin');
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    expect(await new ApiClient(server.url).login('  ADMIN ', ADMIN_PASSWORD)).toBe(200);
  });

  it('rotates the session at sign-in so the old cookie stops working', async () => {
    const client = new ApiClient(server.url);
    await client.login('admin', ADMIN_PASSWORD);
    const first = client.cookie;
    await client.login('admin', ADMIN_PASSWORD);
    expect(client.cookie).not.toBe(first);
    const stale = new ApiClient(server.url);
    stale.cookie = first;
    expect((await stale.get('/api/me')).status).toBe(401);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('ends the session at logout', async () => {
    const client = new ApiClient(server.url);
    await client.login('admin', ADMIN_PASSWORD);
    const cookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const again = new ApiClient(server.url);
    again.cookie = cookie;
    expect((await again.get('/api/me')).status).toBe(401);
  });

  it('answers a wrong password with 401 and a Vietnamese message, or English when asked', async () => {
    const vi = await new ApiClient(server.url, 'vi').post<ErrorReply>('/api/auth/login', {
      username: 'admin',
      password: 'sai-mat-khau',
    });
    expect(vi.status).toBe(401);
    expect(vi.body.error).toEqual({
      code: 'unauthorized',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    });
    const en = await new ApiClient(server.url, 'en').post<ErrorReply>('/api/auth/login', {
      username: 'nobody',
      password: 'x',
    });
    expect(en.body.error.message).toBe('Wrong username or password.');
  });

  it.each([
    ['operator objects', { username: { $ne: null }, password: { $ne: null } }],
    ['numbers', { username: 1, password: 2 }],
    ['a missing password', { username: 'admin' }],
    ['extra fields', { username: 'admin', password: ADMIN_PASSWORD, role: 'admin' }],
    ['an array', [ADMIN_PASSWORD]],
  ])('refuses a login body with %s with 400 invalid_input', async (_name, body) => {
    const client = new ApiClient(server.url);
    const res = await client.post<ErrorReply>('/api/auth/login', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(client.cookie).toBeUndefined();
  });

  it('answers malformed JSON with 400 and the JSON error shape', async () => {
    const res = await new ApiClient(server.url).post<ErrorReply>('/api/auth/login', '{"username":', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
  });

  it('throttles an account after repeated failures with 429 and Retry-After, then lets the right password in once the window passes', async () => {
    const client = new ApiClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push(
        (await client.post('/api/auth/login', { username: 'admin', password: `wrong-${i}` })).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const locked = await client.post<ErrorReply>('/api/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(locked.body.error.message).toMatch(/thử lại sau \d+ phút/);

    clock.advance(retryAfter * 1000 + 1000);
    expect(await client.login('admin', ADMIN_PASSWORD)).toBe(200);
  });

  it('throttles one client address trying many accounts', async () => {
    await server.stop();
    server = await startServer({ clock, env: { LOGIN_MAX_FAILURES_PER_IP: '5' } });
    const client = new ApiClient(server.url);
    for (let i = 0; i < 5; i++)
      await client.post('/api/auth/login', { username: `user${i}`, password: 'wrong-password' });
    const res = await client.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(429);
  });

  it('expires a session after 30 idle minutes', async () => {
    const client = new ApiClient(server.url);
    await client.login('admin', ADMIN_PASSWORD);
    clock.advance(29 * 60_000);
    expect((await client.get('/api/me')).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await client.get('/api/me')).status).toBe(200);
    clock.advance(31 * 60_000);
    const res = await client.get<ErrorReply>('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/hết hạn/);
  });

  it('expires a busy session after 12 hours at most', async () => {
    const client = new ApiClient(server.url);
    await client.login('admin', ADMIN_PASSWORD);
    // 35 steps of 20 minutes: 11 h 40 min of steady use.
    for (let step = 0; step < 35; step++) {
      clock.advance(20 * 60_000);
      expect((await client.get('/api/me')).status).toBe(200);
    }
    clock.advance(20 * 60_000);
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('refuses a state-changing request from another site', async () => {
    const client = new ApiClient(server.url);
    const res = await client.post<ErrorReply>(
      '/api/auth/login',
      { username: 'admin', password: ADMIN_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(client.cookie).toBeUndefined();
  });

  it('answers unknown API routes with a JSON 404 and unauthenticated calls with 401', async () => {
    const client = new ApiClient(server.url);
    const missing = await client.get<ErrorReply>('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const me = await client.get<ErrorReply>('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthorized');
  });

  it('lets a user change their own password and ends their other sessions', async () => {
    const tab1 = new ApiClient(server.url);
    const tab2 = new ApiClient(server.url);
    await tab1.login('admin', ADMIN_PASSWORD);
    await tab2.login('admin', ADMIN_PASSWORD);
    const wrong = await tab1.post<ErrorReply>('/api/me/password', {
      currentPassword: 'nope',
      newPassword: 'Mat-khau-moi-2024',
    });
    expect(wrong.status).toBe(400);
    const short = await tab1.post<ErrorReply>('/api/me/password', {
      currentPassword: ADMIN_PASSWORD,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.issues?.[0]?.path).toBe('newPassword');
    expect(
      (
        await tab1.post('/api/me/password', {
          currentPassword: ADMIN_PASSWORD,
          newPassword: 'Mat-khau-moi-2024',
        })
      ).status,
    ).toBe(204);
    expect((await tab1.get('/api/me')).status).toBe(200);
    expect((await tab2.get('/api/me')).status).toBe(401);
    expect(await new ApiClient(server.url).login('admin', 'Mat-khau-moi-2024')).toBe(200);
  });
});
