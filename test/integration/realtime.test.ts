import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION, wireParser, type PresenceChanged } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createMeeting, createUser, passwordFor } from '../utils/fixtures.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let chair: { id: string; client: ApiClient };
let delegate: { id: string; client: ApiClient };
let outsider: { id: string; client: ApiClient };
let meetingId: string;
const open: ClientSocket[] = [];

const connect = async (client: ApiClient) => {
  const s = await connectClient(server.url, client.cookie);
  open.push(s);
  return s;
};

beforeAll(async () => {
  server = await startServer({
    env: { SOCKET_MAX_PAYLOAD_BYTES: '65536', SOCKET_EVENTS_PER_SECOND: '20', SOCKET_EVENT_BURST: '30' },
  });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  chair = await createUser(server.url, admin, { username: 'chutich', fullName: 'Nguyễn Văn An' });
  delegate = await createUser(server.url, admin, { username: 'gd.yt', fullName: 'Đặng Minh Châu' });
  outsider = await createUser(server.url, admin, { username: 'ngoai', fullName: 'Người Ngoài' });
  meetingId = await createMeeting(server.running, chair.id, [
    { userId: chair.id, role: 'chair' },
    { userId: delegate.id, role: 'delegate' },
  ]);
});
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server.stop();
});

describe('socket handshake', () => {
  it('refuses a connection without a session with unauthorized', async () => {
    await expect(connectClient(server.url, undefined)).rejects.toMatchObject({ message: 'unauthorized' });
  });

  it('refuses a forged session cookie with unauthorized', async () => {
    await expect(
      connectClient(server.url, 'icabinet_sid=forged-token-forged-token-forged-token-1234'),
    ).rejects.toMatchObject({
      message: 'unauthorized',
    });
  });

  it('tells an out-of-date client to update', async () => {
    const err = await connectClient(server.url, chair.client.cookie, { protocolVersion: 0 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ message: 'unsupported_protocol', data: { code: 'unsupported_protocol' } });
  });

  it('closes only the connection that sends a binary frame it cannot read', async () => {
    const broken = await connect(chair.client);
    const other = await connect(delegate.client);
    const closed = new Promise<string>((resolve) => broken.once('disconnect', (reason) => resolve(reason)));
    // A frame of bytes that is not a MessagePack packet (the engine passes it straight to the parser).
    broken.io.engine.write(new Uint8Array([0xc1, 0xff, 0x00, 0x13]));
    expect(await closed).toBe('transport close');
    expect(await other.emitWithAck('meeting:join', { meetingId })).toMatchObject({ ok: true });
  });

  it('refuses a client of the previous protocol (the stock Socket.IO parser)', async () => {
    const err = await connectClient(server.url, chair.client.cookie, { protocolVersion: 1 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ message: 'unsupported_protocol', data: { code: 'unsupported_protocol' } });
  });

  it('refuses a handshake from another site', async () => {
    const socket = ioClient(server.url, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      parser: wireParser,
      extraHeaders: { cookie: chair.client.cookie ?? '', origin: 'https://evil.example' },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(err).toBeInstanceOf(Error);
    expect(socket.connected).toBe(false);
  });
});

describe('presence', () => {
  it('acks a snapshot of who is online and tells the others when someone joins and leaves', async () => {
    const chairSocket = await connect(chair.client);
    const first = await chairSocket.emitWithAck('meeting:join', { meetingId });
    expect(first).toEqual({
      ok: true,
      data: { meetingId, users: [{ userId: chair.id, fullName: 'Nguyễn Văn An', devices: 1 }] },
    });

    const joined = nextEvent(chairSocket, 'presence:changed');
    const delegateSocket = await connect(delegate.client);
    const second = await delegateSocket.emitWithAck('meeting:join', { meetingId });
    expect(second.ok && second.data.users.map((u) => u.fullName)).toEqual([
      'Đặng Minh Châu',
      'Nguyễn Văn An',
    ]);
    const [change] = await joined;
    expect(change).toEqual<PresenceChanged>({
      meetingId,
      status: 'online',
      user: { userId: delegate.id, fullName: 'Đặng Minh Châu', devices: 1 },
    });

    const left = nextEvent(chairSocket, 'presence:changed');
    delegateSocket.close();
    const [gone] = await left;
    expect(gone).toMatchObject({ status: 'offline', user: { userId: delegate.id } });
  });

  it('counts a second device of the same person without announcing them twice', async () => {
    const chairSocket = await connect(chair.client);
    await chairSocket.emitWithAck('meeting:join', { meetingId });
    const seen: PresenceChanged[] = [];
    chairSocket.on('presence:changed', (p) => seen.push(p));
    const tablet = await connect(delegate.client);
    const laptop = await connect(delegate.client);
    await tablet.emitWithAck('meeting:join', { meetingId });
    const snap = await laptop.emitWithAck('meeting:join', { meetingId });
    expect(snap.ok && snap.data.users.find((u) => u.userId === delegate.id)?.devices).toBe(2);
    // A round trip guarantees any broadcast sent before it has arrived.
    await chairSocket.emitWithAck('meeting:join', { meetingId });
    expect(seen.filter((p) => p.status === 'online')).toHaveLength(1);
  });

  it('refuses someone who is not a participant, and an unknown meeting, without joining the room', async () => {
    const socket = await connect(outsider.client);
    const res = await socket.emitWithAck('meeting:join', { meetingId });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const missing = await socket.emitWithAck('meeting:join', {
      meetingId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const chairSocket = await connect(chair.client);
    const snap = await chairSocket.emitWithAck('meeting:join', { meetingId });
    expect(snap.ok && snap.data.users.map((u) => u.userId)).not.toContain(outsider.id);
  });
});

describe('bad socket input', () => {
  it.each([
    ['a missing meeting id', {}],
    ['a meeting id that is not a UUID', { meetingId: '../../etc' }],
    ['an operator object', { meetingId: { $ne: null } }],
    ['extra fields', { meetingId: '00000000-0000-4000-8000-000000000000', admin: true }],
    ['a string', 'meeting'],
  ])('answers %s with invalid_input and keeps serving others', async (_name, payload) => {
    const bad = await connect(delegate.client);
    const good = await connect(chair.client);
    const res = await bad.emitWithAck('meeting:join', payload as never);
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Dữ liệu gửi lên không hợp lệ.' },
    });
    expect(bad.connected).toBe(true);
    expect(await good.emitWithAck('meeting:join', { meetingId })).toMatchObject({ ok: true });
  });

  it('closes only the socket that sends a frame over the size limit', async () => {
    const big = await connect(delegate.client);
    const other = await connect(chair.client);
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('meeting:join', { meetingId: 'x'.repeat(200_000) }, () => undefined);
    expect(await closed).toMatch(/transport/);
    expect(other.connected).toBe(true);
    expect(await other.emitWithAck('meeting:join', { meetingId })).toMatchObject({ ok: true });
  });

  it('rate-limits a flooding user without slowing anyone else', async () => {
    const flooder = await connect(delegate.client);
    const calm = await connect(chair.client);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => flooder.emitWithAck('meeting:join', { meetingId })),
    );
    const limited = results.filter((r) => !r.ok && r.error.code === 'rate_limited').length;
    expect(limited).toBeGreaterThan(50);
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(0);
    expect(await calm.emitWithAck('meeting:join', { meetingId })).toMatchObject({ ok: true });
  });
});

const addParticipant = (userId: string) =>
  server.running.store.participants.add({
    id: crypto.randomUUID(),
    meetingId,
    userId,
    guest: null,
    role: 'delegate',
    votingRight: true,
    seat: null,
    deputyForId: null,
    createdAt: new Date().toISOString(),
  });

describe('connection state recovery', () => {
  it('brings a dropped socket back into its meeting without a new join', async () => {
    // A fresh participant, so earlier tests' rate-limit budgets do not matter here.
    const owner = await createUser(server.url, admin, {
      username: 'may.tinh.bang',
      fullName: 'Trịnh Văn Long',
    });
    await addParticipant(owner.id);
    const tablet = ioClient(server.url, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      parser: wireParser,
      extraHeaders: { cookie: owner.client.cookie ?? '' },
      transports: ['websocket'],
      reconnectionDelay: 50,
      forceNew: true,
    });
    open.push(tablet);
    await new Promise<void>((resolve) => tablet.once('session:ready', () => resolve()));
    expect(await tablet.emitWithAck('meeting:join', { meetingId })).toMatchObject({ ok: true });
    const ready = new Promise<{ recovered: boolean }>((resolve) => tablet.once('session:ready', resolve));
    // Drop the transport as a Wi-Fi loss would; the client reconnects by itself.
    tablet.io.engine.close();
    expect(await ready).toMatchObject({ recovered: true });
    expect(tablet.recovered).toBe(true);
    // The recovered socket is still in the meeting room: it hears the next arrival.
    const heard = new Promise<unknown>((resolve) => tablet.once('presence:changed', resolve));
    const late = await createUser(server.url, admin, { username: 'den.muon', fullName: 'Lý Văn Tuấn' });
    await addParticipant(late.id);
    const lateSocket = await connect(late.client);
    await lateSocket.emitWithAck('meeting:join', { meetingId });
    expect(await heard).toMatchObject({ status: 'online', user: { fullName: 'Lý Văn Tuấn' } });
  });
});

describe('session end', () => {
  it('disconnects the sockets of a session when it logs out', async () => {
    const client = new ApiClient(server.url);
    await client.login('gd.yt', passwordFor('gd.yt'));
    const socket = await connect(client);
    const expired = nextEvent(socket, 'session:expired');
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await client.post('/api/auth/logout');
    await expired;
    expect(await closed).toBe('io server disconnect');
    expect(socket.connected).toBe(false);
  });
});
