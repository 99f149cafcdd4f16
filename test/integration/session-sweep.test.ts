import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { ADMIN_PASSWORD, FakeClock, startServer, type TestServer } from '../utils/server.js';

/**
 * A socket that only listens never sends, so nothing re-checks its session on the way: the
 * gateway's periodic sweep (SOCKET_SESSION_SWEEP_SECONDS, short here) must end it on time.
 */
describe('sessions of sockets that only listen', () => {
  let server: TestServer | undefined;
  const sockets: ClientSocket[] = [];

  const start = async (clock: FakeClock, env: Record<string, string>) => {
    server = await startServer({ clock, env: { SOCKET_SESSION_SWEEP_SECONDS: '0.05', ...env } });
    const admin = new ApiClient(server.url);
    expect(await admin.login('admin', ADMIN_PASSWORD)).toBe(200);
    return { server, admin };
  };
  const listen = async (url: string, client: ApiClient) => {
    const s = await connectClient(url, client.cookie);
    sockets.push(s);
    return s;
  };
  const closedWith = (s: ClientSocket) =>
    new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server?.stop();
    server = undefined;
  });

  it('ends a listening socket whose session passed the idle timeout, and keeps one still in time', async () => {
    const clock = new FakeClock();
    const { server: srv, admin } = await start(clock, { SESSION_IDLE_MINUTES: '2' });
    const idle = await createUser(srv.url, admin, { username: 'daibieu.nghe', fullName: 'Đặng Thị Nghe' });
    clock.advance(50_000);
    const fresh = await createUser(srv.url, admin, { username: 'daibieu.moi', fullName: 'Vũ Văn Mới' });
    // The fresh session's socket first: the sweep checks sockets in connection order, so by the
    // time the idle one hears `session:expired` the fresh one has been checked in the same pass.
    const freshSocket = await listen(srv.url, fresh.client);
    const idleSocket = await listen(srv.url, idle.client);
    const expired = nextEvent(idleSocket, 'session:expired');
    const closed = closedWith(idleSocket);

    clock.advance(80_000); // idle: 130 s without activity (limit 120 s); fresh: 80 s
    await expired;
    expect(await closed).toBe('io server disconnect');
    expect(freshSocket.connected).toBe(true);
    // The timed-out session is gone for REST too; the fresh one still works.
    expect((await idle.client.get('/api/me')).status).toBe(401);
    expect((await fresh.client.get('/api/me')).status).toBe(200);
  });

  it('keeps a session whose socket is in use alive past the idle timeout, and ends it once it only listens', async () => {
    const clock = new FakeClock();
    const { server: srv, admin } = await start(clock, { SESSION_IDLE_MINUTES: '2' });
    const user = await createUser(srv.url, admin, { username: 'daibieu.hoat', fullName: 'Lê Văn Hoạt' });
    const socket = await listen(srv.url, user.client);
    // 200 s in all with an event every 50 s: past the idle limit of 120 s, never idle that long.
    // The events' sessions are checked by the sweep, not on their way: it counts them as use.
    for (let i = 0; i < 4; i++) {
      clock.advance(50_000);
      const res = (await socket
        .timeout(5000)
        .emitWithAck('room:join', { meetingId: randomUUID() })) as Result<unknown>;
      expect(res.ok ? null : res.error.code).toBe('not_found');
      await sleep(250); // several sweeps
      expect(socket.connected).toBe(true);
    }
    expect((await user.client.get('/api/me')).status).toBe(200);
    // Only listening from here on: the session times out like any other, and the socket ends.
    const expired = nextEvent(socket, 'session:expired');
    const closed = closedWith(socket);
    clock.advance(130_000);
    await expired;
    expect(await closed).toBe('io server disconnect');
  });

  it('ends a listening socket whose session reached its absolute lifetime', async () => {
    const clock = new FakeClock();
    const { server: srv, admin } = await start(clock, {
      SESSION_IDLE_MINUTES: '120',
      SESSION_ABSOLUTE_HOURS: '1',
    });
    const user = await createUser(srv.url, admin, { username: 'daibieu.dai', fullName: 'Phan Văn Dài' });
    const socket = await listen(srv.url, user.client);
    const expired = nextEvent(socket, 'session:expired');
    const closed = closedWith(socket);
    clock.advance(61 * 60_000);
    await expired;
    expect(await closed).toBe('io server disconnect');
  });
});
