import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docSharedRoom, meetingRoom, type PresenceSnapshot, type Result } from '@icabinet/shared';
import { addInk, LayerClient } from '../utils/annotations.js';
import { createUser, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { inRoom, isRoomMarker, recordUntilMarker, roomMarker } from '../utils/live.js';
import { apiUpload } from '../utils/meetings.js';
import { publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

/**
 * Changes of rights take effect on open sockets at once (issue 11): a demoted secretary, a
 * delegate removed from a meeting, a password changed on another device, a meeting made
 * confidential, a participant whose role no longer opens a document.
 */
let server: TestServer;
let admin: ApiClient;
let secretary: TestUser;
let chair: TestUser;
let alice: TestUser;
let bob: TestUser;
const open: ClientSocket[] = [];

const connect = async (u: { client: ApiClient }) => {
  const s = await connectClient(server.url, u.client.cookie);
  open.push(s);
  return s;
};
const ack = <T>(p: Promise<unknown>) => p as Promise<Result<T>>;
const join = (s: ClientSocket, meetingId: string) =>
  ack<PresenceSnapshot>(s.timeout(5000).emitWithAck('meeting:join', { meetingId }));
const leave = (s: ClientSocket, meetingId: string) =>
  ack<null>(s.timeout(5000).emitWithAck('meeting:leave', { meetingId }));
const watch = (s: ClientSocket, meetingId: string) =>
  ack<null>(s.timeout(5000).emitWithAck('invitations:watch', { meetingId }));
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const stroke = () => {
  const scratch = new Y.Doc();
  addInk(scratch, 1, [10, 10, 20, 20]);
  return Y.encodeStateAsUpdate(scratch);
};
const setUser = async (id: string, patch: Record<string, unknown>) => {
  const got = await admin.get<{ user: { version: number } }>(`/api/users/${id}`);
  const res = await admin.patch(`/api/users/${id}`, { ...patch, version: got.body.user.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

beforeAll(async () => {
  server = await startServer({ env: { SOCKET_EVENTS_PER_SECOND: '500', SOCKET_EVENT_BURST: '500' } });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  secretary = await createUser(server.url, admin, {
    username: 'thuky.live',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  chair = await createUser(server.url, admin, { username: 'chutich.live', fullName: 'Nguyễn Văn An' });
  alice = await createUser(server.url, admin, { username: 'daibieu.live.a', fullName: 'Trần Thị Bình' });
  bob = await createUser(server.url, admin, { username: 'daibieu.live.b', fullName: 'Lê Văn Cường' });
}, 60_000);
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server?.stop();
});

describe('rights that change while a socket is open', () => {
  it('takes a demoted secretary’s organiser rights away from the open socket at once', async () => {
    const sec = await createUser(server.url, admin, {
      username: 'thuky.hacap',
      fullName: 'Đỗ Thị Hạ',
      systemRole: 'secretary',
    });
    // Another secretary's meeting: a secretary of the office organises it by their system role alone.
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }], {
      document: true,
    });
    const s = await connect(sec);
    expect(codeOf(await watch(s, meeting.id))).toBe('ok');
    expect(codeOf(await join(s, meeting.id))).toBe('ok');
    const layer = new LayerClient(meeting.documentId!, 'shared');
    expect((await layer.connect(s)).canWrite).toBe(true);

    await setUser(sec.id, { systemRole: 'member' });

    // REST and the open socket agree at once: no 15-second grace on the old role.
    expect((await sec.client.get(`/api/meetings/${meeting.id}`)).status).toBe(403);
    expect(codeOf(await watch(s, meeting.id))).toBe('forbidden');
    const presenter = await roomCommand(s, meeting.id, {
      type: 'presenter.set',
      participantId: meeting.participantIds[0]!,
    });
    expect(codeOf(presenter)).not.toBe('ok');
    const write = await layer.send(stroke());
    expect(codeOf(write)).not.toBe('ok');
    expect(await inRoom(server, `meeting:${meeting.id}:invitations`, s)).toBe(false);
    expect(await inRoom(server, meetingRoom(meeting.id), s)).toBe(false);
    expect(await inRoom(server, docSharedRoom(meeting.documentId!), s)).toBe(false);
    expect(s.connected).toBe(true);
  });

  it('stops a removed delegate’s socket from hearing the meeting’s room and document layers', async () => {
    const meeting = await publishedMeeting(
      secretary.client,
      chair.id,
      [{ userId: alice.id }, { userId: bob.id }],
      {
        document: true,
      },
    );
    const documentId = meeting.documentId!;
    const b = await connect(bob);
    expect(codeOf(await join(b, meeting.id))).toBe('ok');
    await ack(b.timeout(5000).emitWithAck('room:join', { meetingId: meeting.id }));
    const bobLayer = new LayerClient(documentId, 'shared');
    await bobLayer.connect(b);
    const c = await connect(chair);
    const chairLayer = new LayerClient(documentId, 'shared');
    await chairLayer.connect(c);
    await ack(c.timeout(5000).emitWithAck('room:join', { meetingId: meeting.id }));

    const removed = await secretary.client.request(
      'DELETE',
      `/api/meetings/${meeting.id}/participants/${meeting.participantIds[1]}`,
    );
    expect(removed.status).toBe(204);

    const docs = recordUntilMarker(
      server,
      b,
      'doc:updated',
      { documentId: 'marker', layer: 'shared', update: new Uint8Array([0, 0]) },
      (p) => p.documentId === 'marker',
    );
    const room = recordUntilMarker(server, b, 'room:changed', roomMarker, isRoomMarker);
    addInk(chairLayer.doc, 2, [30, 30, 40, 40]);
    await chairLayer.settle();
    expect(chairLayer.errors).toEqual([]);
    expect(codeOf(await roomCommand(c, meeting.id, { type: 'room.start' }))).toBe('ok');
    expect(await docs.settle()).toEqual([]);
    expect(await room.settle()).toEqual([]);
    expect(codeOf(await bobLayer.send(stroke()))).not.toBe('ok');
    expect(await inRoom(server, meetingRoom(meeting.id), b)).toBe(false);
    expect(await inRoom(server, docSharedRoom(documentId), b)).toBe(false);
  });

  it('refuses a removed presenter’s page turn at once, though the turns before it came from the cache', async () => {
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }], {
      document: true,
    });
    const c = await connect(chair);
    await ack(c.timeout(5000).emitWithAck('room:join', { meetingId: meeting.id }));
    for (const command of [
      { type: 'room.start' },
      { type: 'document.open', documentId: meeting.documentId!, page: 1 },
      { type: 'presenter.set', participantId: meeting.participantIds[0]! },
    ] as const)
      expect(codeOf(await roomCommand(c, meeting.id, command))).toBe('ok');
    const a = await connect(alice);
    await ack(a.timeout(5000).emitWithAck('room:join', { meetingId: meeting.id }));
    // Several turns: the presenter's standing and the shown document are cached after the first.
    for (const page of [2, 3, 4])
      expect(codeOf(await roomCommand(a, meeting.id, { type: 'page.goto', page }))).toBe('ok');

    const removed = await secretary.client.request(
      'DELETE',
      `/api/meetings/${meeting.id}/participants/${meeting.participantIds[0]}`,
    );
    expect(removed.status).toBe(204);
    // The very next turn, well within the cache's lifetime, is refused.
    expect(codeOf(await roomCommand(a, meeting.id, { type: 'page.goto', page: 5 }))).toBe('forbidden');
    expect(codeOf(await roomCommand(c, meeting.id, { type: 'page.goto', page: 6 }))).toBe('ok');
  });

  it('refuses a page turn of a document reclassified for named readers at once', async () => {
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }], {
      document: true,
    });
    const c = await connect(chair);
    await ack(c.timeout(5000).emitWithAck('room:join', { meetingId: meeting.id }));
    for (const command of [
      { type: 'room.start' },
      { type: 'document.open', documentId: meeting.documentId!, page: 1 },
      { type: 'page.goto', page: 2 },
      { type: 'page.goto', page: 3 },
    ] as const)
      expect(codeOf(await roomCommand(c, meeting.id, command))).toBe('ok');
    const got = await secretary.client.get<{ document: { version: number } }>(
      `/api/documents/${meeting.documentId}`,
    );
    const changed = await secretary.client.patch(`/api/documents/${meeting.documentId}`, {
      classification: { openBy: 'organisers' },
      version: got.body.document.version,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const turn = await roomCommand(c, meeting.id, { type: 'page.goto', page: 4 });
    expect(turn.ok ? 'ok' : turn.error.code).toBe('forbidden');
  });

  it('disconnects the sockets of sessions a password change on another device ended, and keeps its own', async () => {
    const user = await createUser(server.url, admin, { username: 'doi.matkhau', fullName: 'Vũ Văn Đổi' });
    const other = await connect(user);
    const here = new ApiClient(server.url);
    expect(await here.login('doi.matkhau', user.password)).toBe(200);
    const own = await connect({ client: here });
    const expired = nextEvent(other, 'session:expired');
    const closed = new Promise<string>((resolve) => other.once('disconnect', (r) => resolve(r)));
    const changed = await here.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: 'Mat-khau-moi-cua-Doi-2026',
    });
    expect(changed.status).toBe(204);
    await expired;
    expect(await closed).toBe('io server disconnect');
    expect(own.connected).toBe(true);
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: user.id }]);
    expect(codeOf(await join(own, meeting.id))).toBe('ok');
  });

  it('takes a non-participant secretary out of a meeting made confidential, layers included', async () => {
    const other = await createUser(server.url, admin, {
      username: 'thuky.khac',
      fullName: 'Lý Thị Khác',
      systemRole: 'secretary',
    });
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }], {
      document: true,
    });
    const s = await connect(other);
    expect(codeOf(await join(s, meeting.id))).toBe('ok');
    await new LayerClient(meeting.documentId!, 'shared').connect(s);
    const a = await connect(alice);
    expect(codeOf(await join(a, meeting.id))).toBe('ok');
    const gone = nextEvent(a, 'presence:changed');

    const got = await secretary.client.get<{ meeting: { version: number } }>(`/api/meetings/${meeting.id}`);
    const res = await secretary.client.patch(`/api/meetings/${meeting.id}`, {
      version: got.body.meeting.version,
      confidentiality: 'confidential',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expect(await inRoom(server, meetingRoom(meeting.id), s)).toBe(false);
    expect(await inRoom(server, docSharedRoom(meeting.documentId!), s)).toBe(false);
    const [change] = await gone;
    expect(change).toMatchObject({ status: 'offline', user: { userId: other.id } });
    // Alice is a participant: she stays.
    expect(await inRoom(server, meetingRoom(meeting.id), a)).toBe(true);
  });

  it('takes a participant whose role no longer opens an organisers-only document out of its layer', async () => {
    const meeting = await publishedMeeting(secretary.client, chair.id, [
      { userId: alice.id },
      { userId: bob.id },
    ]);
    const pid = meeting.participantIds[1]!;
    const promote = (role: string) =>
      secretary.client.patch(`/api/meetings/${meeting.id}/participants/${pid}`, { role });
    expect((await promote('secretary')).status).toBe(200);
    const doc = await apiUpload(server.url, secretary.client, meeting.id, 'bao-cao-chuyen-doi-so-2024.pdf', {
      openBy: 'organisers',
    });
    const b = await connect(bob);
    await new LayerClient(doc.id, 'private').connect(b);
    await new LayerClient(doc.id, 'shared').connect(b);
    expect(await inRoom(server, docSharedRoom(doc.id), b)).toBe(true);

    expect((await promote('delegate')).status).toBe(200);
    expect(await inRoom(server, docSharedRoom(doc.id), b)).toBe(false);
    expect(await inRoom(server, `doc:${doc.id}:u:${bob.id}`, b)).toBe(false);
  });
});

describe('several views of one tab following a meeting', () => {
  it('keeps the socket in the meeting while another view still follows it', async () => {
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: alice.id }]);
    const editor = await connect(secretary);
    const other = await connect(alice);
    expect(codeOf(await join(other, meeting.id))).toBe('ok');
    // The editor and its agenda tab each join; the tab unmounts and leaves.
    expect(codeOf(await join(editor, meeting.id))).toBe('ok');
    expect(codeOf(await join(editor, meeting.id))).toBe('ok');
    expect(codeOf(await leave(editor, meeting.id))).toBe('ok');

    const changed = nextEvent(editor, 'meeting:changed');
    const got = await secretary.client.get<{ meeting: { version: number } }>(`/api/meetings/${meeting.id}`);
    const res = await secretary.client.patch(`/api/meetings/${meeting.id}`, {
      version: got.body.meeting.version,
      location: 'Phòng họp số 2',
    });
    expect(res.status).toBe(200);
    expect((await changed)[0]).toMatchObject({ meetingId: meeting.id });
    const present = await join(other, meeting.id);
    expect(present.ok && present.data.users.map((u) => u.userId)).toContain(secretary.id);

    // The last view leaves: now the others hear that the secretary went offline.
    const offline = nextEvent(other, 'presence:changed');
    expect(codeOf(await leave(editor, meeting.id))).toBe('ok');
    expect((await offline)[0]).toMatchObject({ status: 'offline', user: { userId: secretary.id } });
  });
});
