import { afterEach, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { Me, RecoveryCodes, SecondFactorChallenge, SecondFactorSetup } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { ADMIN_PASSWORD, FakeClock, startServer, type TestServer } from '../utils/server.js';
import { CAST, createUser } from '../utils/fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The code an authenticator app shows at the server's (moved) clock. */
const codeAt = (secret: string, clock: FakeClock, offsetMs = 0): Promise<string> =>
  generate({ secret, epoch: Math.floor((clock.now().getTime() + offsetMs) / 1000) });

async function start(env: Record<string, string> = {}) {
  const clock = new FakeClock();
  server = await startServer({
    clock,
    env: { LOGIN_MAX_FAILURES: '5', LOGIN_WINDOW_SECONDS: '900', ...env },
  });
  return { clock, url: server.url };
}

/** Enrols the signed-in client; answers the secret and the recovery codes. */
async function enrol(client: ApiClient, clock: FakeClock) {
  const setup = await client.post<SecondFactorSetup>('/api/me/second-factor/setup');
  expect(setup.status).toBe(200);
  const confirm = await client.post<RecoveryCodes>('/api/me/second-factor/confirm', {
    code: await codeAt(setup.body.secret, clock),
  });
  expect(confirm.status).toBe(200);
  return { secret: setup.body.secret, recoveryCodes: confirm.body.recoveryCodes, setup: setup.body };
}

/** The password step for an enrolled account: a pending token, no cookie. */
async function passwordStep(url: string, username: string, password: string) {
  const client = new ApiClient(url);
  const res = await client.post<SecondFactorChallenge>('/api/auth/login', { username, password });
  expect(res.status).toBe(200);
  expect(res.body.secondFactor).toBe('required');
  expect(client.cookie).toBeUndefined();
  return { client, pendingToken: res.body.pendingToken };
}

const codeStep = (client: ApiClient, pendingToken: string, code: string) =>
  client.post<Me & ErrorReply>('/api/auth/login/second-factor', { pendingToken, code });

describe('two-factor sign-in (TOTP)', () => {
  it('enrols with a QR code, then signs in in two steps; codes of the next window work, a used one does not', async () => {
    const { clock, url } = await start();
    const admin = new ApiClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    const user = await createUser(url, admin, CAST.secretary);

    const before = await user.client.get<Me>('/api/me');
    expect(before.body.secondFactor).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    const { secret, recoveryCodes, setup } = await enrol(user.client, clock);
    expect(setup.otpauthUrl).toContain(`secret=${secret}`);
    expect(setup.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(recoveryCodes).toHaveLength(10);
    const after = await user.client.get<Me>('/api/me');
    expect(after.body.secondFactor).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    // Enrolling again while enrolled is refused and keeps the secret.
    expect((await user.client.post('/api/me/second-factor/setup')).status).toBe(409);

    // Two windows later (the enrolment code's step is used), a code from the phone's next window.
    clock.advance(60_000);
    const first = await passwordStep(url, CAST.secretary.username, user.password);
    const next = await codeAt(secret, clock, 30_000);
    const ok = await codeStep(first.client, first.pendingToken, next);
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe(CAST.secretary.username);
    expect((await first.client.get('/api/me')).status).toBe(200);

    // The same code again (a replay, still inside the accepted windows) is refused.
    const second = await passwordStep(url, CAST.secretary.username, user.password);
    const replay = await codeStep(second.client, second.pendingToken, next);
    expect(replay.status).toBe(400);
    expect(replay.body.error.message).toBe(
      'Mã này đã được dùng. Vui lòng chờ mã mới trên ứng dụng xác thực.',
    );
    expect(second.client.cookie).toBeUndefined();
    // The pending token is still good for a fresh code, from the window after.
    clock.advance(60_000);
    expect((await codeStep(second.client, second.pendingToken, await codeAt(secret, clock))).status).toBe(
      200,
    );
    // ... and is gone once used.
    expect(
      (await codeStep(second.client, second.pendingToken, await codeAt(secret, clock, 30_000))).status,
    ).toBe(401);
  });

  it('accepts each recovery code once, and a code typed in capitals with spaces', async () => {
    const { clock, url } = await start();
    const admin = new ApiClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    const user = await createUser(url, admin, CAST.member);
    const { recoveryCodes } = await enrol(user.client, clock);
    const code = recoveryCodes[3] ?? '';

    const a = await passwordStep(url, CAST.member.username, user.password);
    expect((await codeStep(a.client, a.pendingToken, ` ${code.toUpperCase()} `)).status).toBe(200);
    const me = await a.client.get<Me>('/api/me');
    expect(me.body.secondFactor.recoveryCodesLeft).toBe(9);

    const b = await passwordStep(url, CAST.member.username, user.password);
    const again = await codeStep(b.client, b.pendingToken, code);
    expect(again.status).toBe(400);
    expect(b.client.cookie).toBeUndefined();
    expect((await codeStep(b.client, b.pendingToken, recoveryCodes[4] ?? '')).status).toBe(200);
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const { clock, url } = await start();
    const admin = new ApiClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    const alice = await createUser(url, admin, CAST.member);
    const bob = await createUser(url, admin, CAST.delegate);
    const aliceFactor = await enrol(alice.client, clock);
    const bobFactor = await enrol(bob.client, clock);
    clock.advance(60_000);

    const a = await passwordStep(url, CAST.member.username, alice.password);
    // Bob's valid code with Alice's pending token: wrong for Alice.
    const bobsCode = await codeAt(bobFactor.secret, clock);
    const cross = await codeStep(a.client, a.pendingToken, bobsCode);
    expect(cross.status).toBe(400);
    expect(cross.body.error.issues?.[0]?.path).toBe('code');
    // ... and Bob's code was not spent by it: Bob still signs in with it.
    const b = await passwordStep(url, CAST.delegate.username, bob.password);
    expect((await codeStep(b.client, b.pendingToken, bobsCode)).status).toBe(200);

    // Missing or unknown pending token; malformed code.
    const missing = await new ApiClient(url).post<ErrorReply>('/api/auth/login/second-factor', {
      code: await codeAt(aliceFactor.secret, clock),
    });
    expect(missing.status).toBe(400);
    const unknown = await codeStep(
      new ApiClient(url),
      'khong-co-that',
      await codeAt(aliceFactor.secret, clock),
    );
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('Bước xác thực đã hết hạn. Vui lòng nhập lại mật khẩu.');
    const malformed = await codeStep(a.client, a.pendingToken, '12ab');
    expect(malformed.status).toBe(400);

    // None of that spent Alice's current code or the pending token.
    expect((await codeStep(a.client, a.pendingToken, await codeAt(aliceFactor.secret, clock))).status).toBe(
      200,
    );

    // A pending token ends after five minutes.
    clock.advance(60_000);
    const late = await passwordStep(url, CAST.member.username, alice.password);
    clock.advance(5 * 60_000 + 1000);
    const expired = await codeStep(late.client, late.pendingToken, await codeAt(aliceFactor.secret, clock));
    expect(expired.status).toBe(401);
  });

  it('counts wrong codes in the login throttle, and a correct password does not clear the count', async () => {
    const { clock, url } = await start();
    const admin = new ApiClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    const user = await createUser(url, admin, CAST.member);
    const { secret } = await enrol(user.client, clock);
    clock.advance(60_000);
    const good = await codeAt(secret, clock);
    const wrong = good === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      // A fresh password step each time: it must not reset the failures.
      const step = await passwordStep(url, CAST.member.username, user.password);
      expect((await codeStep(step.client, step.pendingToken, wrong)).status).toBe(400);
    }
    const blocked = await new ApiClient(url).post<ErrorReply>('/api/auth/login', {
      username: CAST.member.username,
      password: user.password,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);

    // After the window the right code works again.
    clock.advance(900_000);
    const later = await passwordStep(url, CAST.member.username, user.password);
    expect((await codeStep(later.client, later.pendingToken, await codeAt(secret, clock))).status).toBe(200);
  });

  it('when required, sends admins and the secretariat to enrolment and lets them do nothing else', async () => {
    const { clock, url } = await start({ TWO_FACTOR_REQUIRED: 'true' });
    const admin = new ApiClient(url);
    expect(await admin.login('admin', ADMIN_PASSWORD)).toBe(200);
    const me = await admin.get<Me>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.secondFactor).toMatchObject({ enabled: false, required: true });
    const refused = await admin.get<ErrorReply>('/api/users');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Bạn cần bật xác thực hai bước trước khi tiếp tục.');
    expect(
      (await admin.post('/api/users', { username: 'x.y', fullName: 'X Y', password: 'Mat-khau-dai-1' }))
        .status,
    ).toBe(403);

    const { secret } = await enrol(admin, clock);
    expect((await admin.get('/api/users')).status).toBe(200);

    // A member is not required to enrol and works at once; a secretary must enrol first.
    const member = await createUser(url, admin, CAST.member);
    expect((await member.client.get('/api/units')).status).toBe(200);
    const secretary = await createUser(url, admin, CAST.secretary);
    expect((await secretary.client.get('/api/units')).status).toBe(403);

    // The admin's next sign-in asks for the code.
    clock.advance(60_000);
    const step = await passwordStep(url, 'admin', ADMIN_PASSWORD);
    expect((await codeStep(step.client, step.pendingToken, await codeAt(secret, clock))).status).toBe(200);
    expect((await step.client.get('/api/users')).status).toBe(200);
  });

  it('lets an administrator reset a second factor (audited); the user signs in with the password alone', async () => {
    const { clock, url } = await start();
    const admin = new ApiClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    const user = await createUser(url, admin, CAST.secretary);
    await enrol(user.client, clock);

    // Only administrators may reset; the user's own session ends with the reset.
    expect((await user.client.request('DELETE', `/api/users/${user.id}/second-factor`)).status).toBe(403);
    const reset = await admin.request('DELETE', `/api/users/${user.id}/second-factor`);
    expect(reset.status).toBe(204);
    expect((await user.client.get('/api/me')).status).toBe(401);
    const again = await admin.request<ErrorReply>('DELETE', `/api/users/${user.id}/second-factor`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('Người dùng này chưa bật xác thực hai bước.');

    const audit = await admin.get<{
      items: { action: string; actorId: string | null; targetId: string | null }[];
    }>('/api/audit?limit=500');
    expect(audit.status).toBe(200);
    const entries = audit.body.items.filter((e) => e.action === 'user.second_factor_reset');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.targetId).toBe(user.id);

    const fresh = new ApiClient(url);
    const res = await fresh.post<Me>('/api/auth/login', {
      username: CAST.secretary.username,
      password: user.password,
    });
    expect(res.status).toBe(200);
    expect(res.body.secondFactor.enabled).toBe(false);
  });
});
