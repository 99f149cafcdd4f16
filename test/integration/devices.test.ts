import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Device, DeviceHome, Me, Result } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiMeeting, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand } from '../utils/room.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';
import { claimPairing, deviceHeader, pairDevice, pairedTablet, startPairing } from '../utils/devices.js';

const ROOM = 'Phòng họp số 1, tầng 3';
const clock = new FakeClock();
let server: TestServer;
let admin: ApiClient;
let cast: Record<'secretary' | 'chair' | 'member' | 'delegate', TestUser>;
let meetingId: string;
const open: ClientSocket[] = [];

const tablet = () => new ApiClient(server.url);
const home = (token: string, lang: 'vi' | 'en' = 'vi') =>
  new ApiClient(server.url, lang).request<DeviceHome & ErrorReply>(
    'GET',
    '/api/device/home',
    undefined,
    deviceHeader(token),
  );
const pinLogin = (client: ApiClient, token: string, userId: string, pin: string) =>
  client.post<Me & ErrorReply>('/api/device/pin-login', { userId, pin }, deviceHeader(token));
const socketOf = async (token: string) => {
  const s = await connectClient(server.url, undefined, { deviceToken: token });
  open.push(s);
  return s;
};
const emit = (s: ClientSocket, event: string, payload: unknown) =>
  s.timeout(5000).emitWithAck(event as 'meeting:join', payload as never) as Promise<Result<unknown>>;
const STATUS = {
  appVersion: '0.1.0',
  battery: { level: 0.42, charging: false },
  network: { online: true, type: 'wifi' },
  pack: { meetingId: null, state: 'ready', progress: 1 },
};

beforeAll(async () => {
  // No grace after the meeting's end: its PIN sessions end at once.
  server = await startServer({ clock, env: { DEVICE_SIGNOUT_GRACE_SECONDS: '0' } });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair', 'member', 'delegate']);
  const meeting = await apiMeeting(cast.secretary.client, { location: ROOM, ...slot(0.01) });
  meetingId = meeting.id;
  for (const [user, role, seat] of [
    [cast.chair, 'chair', 'Ghế chủ tọa'],
    [cast.member, 'delegate', 'Ghế 05'],
    [cast.delegate, 'delegate', 'Ghế 06'],
  ] as const) {
    const res = await cast.secretary.client.post(`/api/meetings/${meetingId}/participants`, {
      userId: user.id,
      role,
      seat,
    });
    expect(res.status).toBe(201);
  }
  await apiStatus(cast.secretary.client, meeting, 'published');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(async () => {
  await server?.stop();
});

describe('pairing a tablet', () => {
  it('pairs a code to a room and seat, and the tablet opens on its room with the seat’s delegate', async () => {
    const t = tablet();
    const started = await startPairing(t);
    expect(started.code).toMatch(/^[A-Z2-9]{6}$/);
    expect((await claimPairing(t, started)).body).toMatchObject({ status: 'waiting' });

    const paired = await pairDevice(cast.secretary.client, started.code.toLowerCase(), ` ${ROOM} `, 'ghế 05');
    expect(paired.status).toBe(201);
    expect(paired.body.device).toMatchObject({ room: ROOM, seatLabel: 'ghế 05', claimedAt: null });
    expect(paired.body.device.delegate).toEqual({ id: cast.member.id, fullName: 'Đặng Minh Châu' });

    const claim = await claimPairing(t, started);
    expect(claim.body.status).toBe('paired');
    const token = claim.body.status === 'paired' ? claim.body.token : '';
    const opened = await home(token);
    expect(opened.status).toBe(200);
    expect(opened.body.meeting).toMatchObject({ id: meetingId, status: 'published' });
    expect(opened.body.delegate).toMatchObject({ id: cast.member.id, hasPin: false });
  });

  it('refuses a reused code: on the fleet page and when the tablet claims it again', async () => {
    const t = tablet();
    const started = await startPairing(t);
    expect((await pairDevice(cast.secretary.client, started.code, ROOM, 'Ghế 07')).status).toBe(201);
    const again = await pairDevice(cast.secretary.client, started.code, ROOM, 'Ghế 08');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'Mã ghép nối này đã được dùng. Trên máy tính bảng, hãy lấy mã mới.',
    );
    expect((await claimPairing(t, started)).body.status).toBe('paired');
    const reclaimed = await claimPairing(t, started);
    expect(reclaimed.status).toBe(409);
    expect(reclaimed.body.error.code).toBe('invalid_state');
    // Only one tablet was made from the code.
    const list = await cast.secretary.client.get<{ items: Device[] }>('/api/devices');
    expect(list.body.items.filter((d) => d.seatLabel === 'Ghế 08')).toEqual([]);
  });

  it('refuses an expired code, a malformed one and an unknown one, in the caller’s language', async () => {
    const started = await startPairing(tablet());
    clock.advance(11 * 60_000);
    const expired = await pairDevice(cast.secretary.client, started.code, ROOM, 'Ghế 09');
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toBe('Mã ghép nối đã hết hạn. Trên máy tính bảng, hãy lấy mã mới.');
    // The tablet's poll says so too, so it asks for a new code.
    const polled = await claimPairing(tablet(), started);
    expect(polled.status).toBe(409);
    expect(polled.body.error.message).toBe(expired.body.error.message);
    expect((await claimPairing(tablet(), { ...started, claimSecret: 'x'.repeat(43) })).status).toBe(404);

    const malformed = await pairDevice(cast.secretary.client, '12-34', ROOM, 'Ghế 09');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues).toEqual([
      { path: 'code', message: 'Mã ghép nối gồm 6 ký tự chữ và số.' },
    ]);
    const english = new ApiClient(server.url, 'en');
    english.cookie = cast.secretary.client.cookie;
    const unknown = await pairDevice(english, 'ABCDEF', ROOM, 'Ghế 09');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'There is no such pairing code. Check the code shown on the tablet.',
    );
  });

  it('lets only the secretariat and administrators pair, list and revoke', async () => {
    const started = await startPairing(tablet());
    expect((await pairDevice(cast.member.client, started.code, ROOM, 'Ghế 10')).status).toBe(403);
    expect((await cast.member.client.get('/api/devices')).status).toBe(403);
    expect((await tablet().get('/api/devices')).status).toBe(401);
    expect((await pairDevice(admin, started.code, ROOM, 'Ghế 10')).status).toBe(201);
  });
});

describe('PIN sign-in on a paired tablet', () => {
  let seat05: string;
  let seat06: string;

  beforeAll(async () => {
    seat05 = (await pairedTablet(tablet(), cast.secretary.client, ROOM, 'Ghế 05')).token;
    seat06 = (await pairedTablet(tablet(), cast.secretary.client, ROOM, 'Ghế 06')).token;
  });

  it('refuses a PIN of the wrong form and a wrong password when setting it, keeping no PIN', async () => {
    const bad = await cast.member.client.request<ErrorReply>('PUT', '/api/me/pin', {
      pin: '12a4',
      currentPassword: cast.member.password,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0]).toEqual({ path: 'pin', message: 'Mã PIN gồm 4 đến 8 chữ số.' });
    const wrong = await cast.member.client.request<ErrorReply>('PUT', '/api/me/pin', {
      pin: '2468',
      currentPassword: 'not-my-password',
    });
    expect(wrong.status).toBe(400);
    expect((await home(seat05)).body.delegate?.hasPin).toBe(false);
    const notSet = await pinLogin(tablet(), seat05, cast.member.id, '2468');
    expect(notSet.status).toBe(409);
  });

  it('signs the seat’s delegate in with their PIN: an ordinary session', async () => {
    const set = await cast.delegate.client.request('PUT', '/api/me/pin', {
      pin: '135790',
      currentPassword: cast.delegate.password,
    });
    expect(set.status).toBe(204);
    const t = tablet();
    const res = await pinLogin(t, seat06, cast.delegate.id, '135790');
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(cast.delegate.id);
    expect((await t.get<Me>('/api/me')).body.user.username).toBe('gd.tttt');
  });

  it('refuses a delegate signing in on a seat that is not theirs, and audits it', async () => {
    const res = await pinLogin(tablet(), seat05, cast.delegate.id, '135790');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Chỗ ngồi này không dành cho bạn trong cuộc họp hiện tại.');
  });

  it('throttles wrong PINs: five tries, then a lockout that names the wait, audited', async () => {
    await cast.member.client.request('PUT', '/api/me/pin', {
      pin: '2468',
      currentPassword: cast.member.password,
    });
    const t = tablet();
    const messages: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await pinLogin(t, seat05, cast.member.id, '1111');
      expect(res.status).toBe(401);
      messages.push(res.body.error.message);
    }
    expect(messages).toEqual([
      'Mã PIN không đúng. Còn 4 lần thử.',
      'Mã PIN không đúng. Còn 3 lần thử.',
      'Mã PIN không đúng. Còn 2 lần thử.',
      'Mã PIN không đúng. Còn 1 lần thử.',
    ]);
    const fifth = await pinLogin(t, seat05, cast.member.id, '1111');
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.message).toBe('Nhập sai mã PIN quá nhiều lần. Vui lòng thử lại sau 15 phút.');
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Locked: even the right PIN opens nothing now.
    const right = await pinLogin(t, seat05, cast.member.id, '2468');
    expect(right.status).toBe(429);
    expect(t.cookie).toBeUndefined();

    const audit = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=device.pin_failed&limit=50');
    const failed = audit.body.items.filter((e) => e.action === 'device.pin_failed');
    expect(failed.filter((e) => e.targetId === cast.member.id && e.data.reason === 'wrong_pin')).toHaveLength(
      5,
    );
    expect(failed.some((e) => e.targetId === cast.delegate.id && e.data.reason === 'not_their_seat')).toBe(
      true,
    );
    // The PIN tried is written nowhere. Hashes and random ids are left out of the search: a
    // hex digest holds "1111" by chance about once in a few hundred entries.
    const written = failed.map(({ data: { deviceId: _d, meetingId: _m, ...data }, at, action, ip }) => ({
      at,
      action,
      ip,
      data,
    }));
    expect(JSON.stringify(written)).not.toContain('1111');
    expect(failed.every((e) => !Object.keys(e.data).some((k) => /pin/i.test(k)))).toBe(true);
  });

  it('refuses a malformed PIN at sign-in without counting it', async () => {
    const res = await pinLogin(tablet(), seat06, cast.delegate.id, '12');
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]?.message).toBe('Mã PIN gồm 4 đến 8 chữ số.');
  });
});

describe('a paired tablet’s socket, the fleet page and the end of the meeting', () => {
  it('reports its state live to the fleet page and may send nothing else', async () => {
    const { token, device } = await pairedTablet(tablet(), cast.secretary.client, ROOM, 'Ghế 11');
    const fleet = await connectClient(server.url, cast.secretary.client.cookie);
    open.push(fleet);
    const watched = (await emit(fleet, 'fleet:watch', {})) as Result<{ items: Device[] }>;
    expect(watched.ok && watched.data.items.some((d) => d.id === device.id)).toBe(true);

    const connected = nextEvent(fleet, 'fleet:changed');
    const s = await socketOf(token);
    expect((await connected)[0].device).toMatchObject({ id: device.id, connected: true });

    const reported = nextEvent(fleet, 'fleet:changed');
    expect(await emit(s, 'device:status', STATUS)).toEqual({ ok: true, data: null });
    const [{ device: live }] = await reported;
    expect(live.status).toEqual(STATUS);
    expect(live.lastSeenAt).not.toBeNull();

    const bad = await emit(s, 'device:status', { ...STATUS, battery: { level: 7, charging: 'yes' } });
    expect(bad.ok).toBe(false);
    const room = await emit(s, 'room:join', { meetingId });
    expect(room).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fromMember = await connectClient(server.url, cast.member.client.cookie);
    open.push(fromMember);
    expect(await emit(fromMember, 'device:status', STATUS)).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Chỉ máy tính bảng phòng họp đã ghép nối mới gửi được trạng thái.',
      },
    });
    expect(await emit(fromMember, 'fleet:watch', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses a revoked tablet at once: its socket closes, its credential opens nothing', async () => {
    const { token, device } = await pairedTablet(tablet(), cast.secretary.client, ROOM, 'Ghế 12');
    const s = await socketOf(token);
    const expired = nextEvent(s, 'session:expired');
    const revoked = await cast.secretary.client.request<{ device: Device }>(
      'DELETE',
      `/api/devices/${device.id}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.device.revokedAt).not.toBeNull();
    await expired;
    const res = await home(token);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe(
      'Máy tính bảng này đã bị thu hồi. Hãy liên hệ bộ phận thư ký để ghép nối lại.',
    );
    await expect(connectClient(server.url, undefined, { deviceToken: token })).rejects.toMatchObject({
      message: 'unauthorized',
    });
    expect((await home('not-a-token')).status).toBe(401);
  });

  it('ends the PIN sessions of the meeting and tells the room’s tablets to wipe when the room ends', async () => {
    const { token } = await pairedTablet(tablet(), cast.secretary.client, ROOM, 'Ghế 06');
    const t = tablet();
    expect((await pinLogin(t, token, cast.delegate.id, '135790')).status).toBe(200);
    const s = await socketOf(token);
    const chair = await connectClient(server.url, cast.chair.client.cookie);
    open.push(chair);
    await joinRoom(chair, meetingId);
    expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
    const ended = nextEvent(s, 'device:meeting-ended');
    expect((await roomCommand(chair, meetingId, { type: 'room.end' })).ok).toBe(true);
    expect((await ended)[0]).toEqual({ meetingId, confidentiality: 'internal' });
    await eventually(async () => expect((await t.get('/api/me')).status).toBe(401));
    // The chair signed in with a password keeps the session.
    expect((await cast.chair.client.get('/api/me')).status).toBe(200);
  });
});
