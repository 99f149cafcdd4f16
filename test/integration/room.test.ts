import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Meeting,
  ParticipantView,
  Result,
  RoomChanged,
  RoomPointer,
  RoomSnapshot,
} from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import {
  collectChanges,
  joinRoom,
  publishedMeeting,
  roomCommand,
  sendDeputy,
  syncRoom,
} from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';
import { eventually } from '../utils/eventually.js';
import { isRoomMarker, markerAfter, roomMarker } from '../utils/live.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Person {
  id: string;
  client: ApiClient;
}

describe('the live meeting room', () => {
  let server: TestServer;
  let secretary: Person;
  let chair: Person;
  const delegates: Person[] = [];
  let observer: Person;
  let outsider: Person;
  let meeting: Awaited<ReturnType<typeof publishedMeeting>>;
  let other: Awaited<ReturnType<typeof publishedMeeting>>;
  const sockets: ClientSocket[] = [];

  const connect = async (p: Person, lang: 'vi' | 'en' = 'vi') => {
    const s = await connectClient(server.url, p.client.cookie, { lang });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startServer();
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.room',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    chair = await createUser(server.url, admin, { username: 'chutich', fullName: 'Nguyễn Văn An' });
    for (const [i, name] of ['Trần Thị Bình', 'Lê Văn Cường', 'Đỗ Minh Dũng', 'Vũ Thị Hoa'].entries())
      delegates.push(await createUser(server.url, admin, { username: `daibieu${i + 1}`, fullName: name }));
    observer = await createUser(server.url, admin, { username: 'quansat', fullName: 'Hoàng Văn Quan' });
    outsider = await createUser(server.url, admin, { username: 'ngoai', fullName: 'Người Ngoài' });
    meeting = await publishedMeeting(
      secretary.client,
      chair.id,
      [...delegates.map((d) => ({ userId: d.id })), { userId: observer.id, role: 'observer' as const }],
      { document: true },
    );
    other = await publishedMeeting(secretary.client, chair.id, [{ userId: outsider.id }]);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('refuses check-in before the meeting has started, with the reason', async () => {
    const s = await connect(delegates[0]!);
    const snap = await joinRoom(s, meeting.id);
    expect(snap.state.status).toBe('not_started');
    expect(snap.state.seq).toBe(0);
    const res = await roomCommand(s, meeting.id, { type: 'attendance.checkin' });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    if (!res.ok) expect(res.error.message).toContain('chưa bắt đầu');
  });

  it('lets only the chair start the room, which moves the meeting to in progress', async () => {
    const watcher = await connect(delegates[1]!);
    await joinRoom(watcher, meeting.id);
    const seen = collectChanges(watcher);
    const d = await connect(delegates[0]!);
    await joinRoom(d, meeting.id);
    const refused = await roomCommand(d, meeting.id, { type: 'room.start' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const c = await connect(chair);
    await joinRoom(c, meeting.id);
    const started = await roomCommand(c, meeting.id, { type: 'room.start' });
    expect(started).toEqual({ ok: true, data: { seq: 1, duplicate: false } });
    await eventually(() => expect(seen.map((e) => e.seq)).toEqual([1]));
    expect(seen[0]!.patch.status).toBe('running');
    const m = await secretary.client.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`);
    expect(m.body.meeting.status).toBe('in_progress');
  });

  it('delivers page changes in order to 32 followers', async () => {
    const followers: ClientSocket[] = [];
    for (let i = 0; i < 32; i++) followers.push(await connect(delegates[i % delegates.length]!));
    await Promise.all(followers.map((f) => joinRoom(f, meeting.id)));
    const seen = followers.map(collectChanges);
    const c = await connect(chair);
    await joinRoom(c, meeting.id);
    const opened = await roomCommand(c, meeting.id, {
      type: 'document.open',
      documentId: meeting.documentId!,
    });
    expect(opened.ok).toBe(true);
    const pages = [2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 8, 1, 5, 5, 6, 7, 3, 10, 2, 1];
    for (const page of pages) {
      const res = await roomCommand(c, meeting.id, { type: 'page.goto', page });
      expect(res.ok).toBe(true);
    }
    await eventually(() => {
      for (const s of seen) expect(s.filter((e) => e.event.type === 'page.goto')).toHaveLength(pages.length);
    });
    for (const s of seen) {
      const seqs = s.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(s.filter((e) => e.event.type === 'page.goto').map((e) => e.patch.document?.page)).toEqual(pages);
    }
  });

  it("refuses a delegate's, an outsider's and another meeting's room commands, broadcasting nothing", async () => {
    const watcher = await connect(delegates[2]!);
    const before = await joinRoom(watcher, meeting.id);
    const seen = collectChanges(watcher);
    const d = await connect(delegates[1]!);
    const o = await connect(outsider); // a delegate of the other meeting only
    const en = await connect(delegates[1]!, 'en');
    for (const [socket, meetingId] of [
      [d, meeting.id],
      [o, meeting.id],
      [d, other.id],
    ] as const) {
      const res = await roomCommand(socket, meetingId, { type: 'page.goto', page: 3 });
      expect(res, meetingId).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const skip = await roomCommand(d, meeting.id, { type: 'item.goto', itemId: meeting.itemId });
    expect(skip).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const english = await roomCommand(en, meeting.id, { type: 'page.goto', page: 3 });
    if (english.ok) throw new Error('accepted');
    expect(english.error.message).toMatch(/presenter/);
    const join = (await o
      .timeout(5000)
      .emitWithAck('room:join', { meetingId: meeting.id })) as Result<RoomSnapshot>;
    expect(join).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await markerAfter(server, watcher, 'room:changed', roomMarker, isRoomMarker);
    expect(seen.filter((c) => !isRoomMarker(c))).toEqual([]);
    const after = await joinRoom(watcher, meeting.id);
    expect(after.state.seq).toBe(before.state.seq);
    expect(after.state.document?.page).toBe(before.state.document?.page);
  });

  it('answers malformed payloads with invalid_input and changes nothing', async () => {
    const c = await connect(chair);
    const before = await joinRoom(c, meeting.id);
    const bad: unknown[] = [
      { meetingId: meeting.id, command: { type: 'page.goto', page: 2 } },
      { meetingId: meeting.id, opId: randomUUID(), command: { type: 'page.goto', page: 0 } },
      { meetingId: meeting.id, opId: randomUUID(), command: { type: 'page.goto', page: '2' } },
      { meetingId: meeting.id, opId: randomUUID(), command: { type: 'page.fly', page: 2 } },
      { meetingId: meeting.id, opId: randomUUID(), command: { type: 'page.goto', page: 2, evil: true } },
      { meetingId: 'not-a-uuid', opId: randomUUID(), command: { type: 'room.pause' } },
      { meetingId: meeting.id, opId: 'x', command: { type: 'room.pause' } },
      'page 2',
      null,
    ];
    for (const payload of bad) {
      const res = (await c.timeout(5000).emitWithAck('room:command', payload as never)) as Result<unknown>;
      expect(res, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const tooFar = await roomCommand(c, meeting.id, { type: 'page.goto', page: 11 });
    expect(tooFar).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const after = await joinRoom(c, meeting.id);
    expect(after.state.seq).toBe(before.state.seq);
  });

  it('applies a retried opId once', async () => {
    const c = await connect(chair);
    const watcher = await connect(delegates[3]!);
    await joinRoom(c, meeting.id);
    await joinRoom(watcher, meeting.id);
    const seen = collectChanges(watcher);
    const opId = randomUUID();
    const first = await roomCommand(c, meeting.id, { type: 'page.goto', page: 7 }, opId);
    // The tablet lost the ack and sends again, even from a new connection.
    const c2 = await connect(chair);
    const again = await roomCommand(c2, meeting.id, { type: 'page.goto', page: 7 }, opId);
    const third = await roomCommand(c, meeting.id, { type: 'page.goto', page: 7 }, opId);
    if (!first.ok || !again.ok || !third.ok) throw new Error('refused');
    expect(first.data.duplicate).toBe(false);
    expect(again.data).toEqual({ seq: first.data.seq, duplicate: true });
    expect(third.data).toEqual({ seq: first.data.seq, duplicate: true });
    await markerAfter(server, watcher, 'room:changed', roomMarker, isRoomMarker);
    expect(seen.filter((c) => !isRoomMarker(c)).map((e) => e.seq)).toEqual([first.data.seq]);
  });

  it('answers a gap in seq with the missed events, and an unknown seq with a snapshot', async () => {
    const c = await connect(chair);
    const snap = await joinRoom(c, meeting.id);
    for (const page of [2, 3, 4]) await roomCommand(c, meeting.id, { type: 'page.goto', page });
    const d = await connect(delegates[0]!);
    const missed = await syncRoom(d, meeting.id, snap.state.seq);
    if (!missed.ok || missed.data.kind !== 'events') throw new Error(JSON.stringify(missed));
    expect(missed.data.events.map((e: RoomChanged) => e.patch.document?.page)).toEqual([2, 3, 4]);
    const ahead = await syncRoom(d, meeting.id, 10_000);
    if (!ahead.ok || ahead.data.kind !== 'snapshot') throw new Error(JSON.stringify(ahead));
    expect(ahead.data.state.document?.page).toBe(4);
    expect(ahead.data.state.seq).toBe(snap.state.seq + 3);
  });

  it('keeps a speaker queue with points of order first; withdraw, reorder, grant, timer and finish', async () => {
    const [b, cu, du, ho] = await Promise.all(delegates.map((p) => connect(p)));
    const c = await connect(chair);
    const obs = await connect(observer);
    for (const s of [b!, cu!, du!, ho!, c, obs]) await joinRoom(s, meeting.id);
    const seen = collectChanges(c);
    expect((await roomCommand(b!, meeting.id, { type: 'speaker.request' })).ok).toBe(true);
    expect(
      (await roomCommand(cu!, meeting.id, { type: 'speaker.request', agendaItemId: meeting.itemId })).ok,
    ).toBe(true);
    const twice = await roomCommand(cu!, meeting.id, { type: 'speaker.request' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect((await roomCommand(du!, meeting.id, { type: 'speaker.request' })).ok).toBe(true);
    expect((await roomCommand(ho!, meeting.id, { type: 'speaker.request', kind: 'point_of_order' })).ok).toBe(
      true,
    );
    const watching = await roomCommand(obs, meeting.id, { type: 'speaker.request' });
    expect(watching).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    let state = (await joinRoom(c, meeting.id)).state;
    const names = () => state.queue.map((r) => r.name);
    expect(names()).toEqual(['Vũ Thị Hoa', 'Trần Thị Bình', 'Lê Văn Cường', 'Đỗ Minh Dũng']);
    expect(state.queue[2]!.agendaItemId).toBe(meeting.itemId);

    const hoa = state.queue[0]!;
    const binh = state.queue[1]!;
    const notMine = await roomCommand(b!, meeting.id, { type: 'speaker.withdraw', requestId: hoa.id });
    expect(notMine).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await roomCommand(b!, meeting.id, { type: 'speaker.withdraw', requestId: binh.id })).ok).toBe(
      true,
    );

    state = (await joinRoom(c, meeting.id)).state;
    const [, cuong, dung] = state.queue;
    // The chair puts Dũng before Cường and even before the point of order; points of order stay first.
    const reordered = await roomCommand(c, meeting.id, {
      type: 'speaker.reorder',
      requestIds: [dung!.id, hoa.id, cuong!.id],
    });
    expect(reordered.ok).toBe(true);
    const stale = await roomCommand(c, meeting.id, { type: 'speaker.reorder', requestIds: [dung!.id] });
    expect(stale).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    state = (await joinRoom(c, meeting.id)).state;
    expect(names()).toEqual(['Vũ Thị Hoa', 'Đỗ Minh Dũng', 'Lê Văn Cường']);

    const byDelegate = await roomCommand(du!, meeting.id, { type: 'speaker.grant', requestId: hoa.id });
    expect(byDelegate).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      (await roomCommand(c, meeting.id, { type: 'speaker.grant', requestId: hoa.id, plannedSeconds: 60 })).ok,
    ).toBe(true);
    expect((await roomCommand(c, meeting.id, { type: 'timer.extend', seconds: 30 })).ok).toBe(true);
    state = (await joinRoom(c, meeting.id)).state;
    expect(state.speaker).toMatchObject({ name: 'Vũ Thị Hoa', kind: 'point_of_order' });
    expect(state.speaker!.timer.plannedSeconds).toBe(90);
    expect(names()).toEqual(['Đỗ Minh Dũng', 'Lê Văn Cường']);

    // Granting the next one closes the current speech.
    expect((await roomCommand(c, meeting.id, { type: 'speaker.grant', requestId: dung!.id })).ok).toBe(true);
    expect((await roomCommand(c, meeting.id, { type: 'speaker.finish' })).ok).toBe(true);
    const reject = await roomCommand(c, meeting.id, {
      type: 'speaker.reject',
      requestId: cuong!.id,
      reason: 'Hết thời gian',
    });
    expect(reject.ok).toBe(true);
    state = (await joinRoom(c, meeting.id)).state;
    expect(state.speaker).toBeNull();
    expect(state.queue).toEqual([]);
    expect(state.speeches.map((s) => s.name)).toEqual(['Vũ Thị Hoa', 'Đỗ Minh Dũng']);
    await eventually(() =>
      expect(seen.at(-1)?.event).toMatchObject({ type: 'speaker.reject', reason: 'Hết thời gian' }),
    );
  });

  it('throttles 100 pointer events a second from the presenter while others stay fast', async () => {
    const c = await connect(chair);
    const noisyDelegate = await connect(delegates[1]!);
    const receiver = await connect(delegates[2]!);
    const busy = await connect(delegates[3]!);
    for (const s of [c, noisyDelegate, receiver, busy]) await joinRoom(s, meeting.id);
    const pointers: RoomPointer[] = [];
    receiver.on('room:pointer', (p) => pointers.push(p));
    const changes = collectChanges(receiver);

    const startedAt = Date.now();
    let sendingMs = 0;
    const sent = (async () => {
      for (let i = 0; i < 100; i++) {
        c.emit('room:pointer', { meetingId: meeting.id, page: 4, x: i / 100, y: 0.5 });
        noisyDelegate.emit('room:pointer', { meetingId: meeting.id, page: 4, x: 0.1, y: 0.1 });
        await sleep(10);
      }
      sendingMs = Date.now() - startedAt;
    })();
    // Meanwhile another delegate asks to speak and withdraws, ten times over.
    let acked = 0;
    for (let i = 0; i < 10; i++) {
      const req = await roomCommand(busy, meeting.id, { type: 'speaker.request' });
      if (!req.ok) throw new Error(JSON.stringify(req.error));
      const snap = await joinRoom(busy, meeting.id);
      const mine = snap.state.queue.find((r) => r.name === 'Vũ Thị Hoa');
      const w = await roomCommand(busy, meeting.id, { type: 'speaker.withdraw', requestId: mine!.id });
      if (w.ok) acked += 2;
    }
    await sent;
    expect(acked).toBe(20);
    // The throttle's trailing send: the chair's last position arrives, after any pointer of the delegate's.
    await eventually(() => expect(pointers.at(-1)?.x).toBe(0.99));
    await eventually(() => expect(changes.filter((e) => e.event.by.name === 'Vũ Thị Hoa')).toHaveLength(20));
    // ~1 s of moves at 15/s: far fewer than 100, never the delegate's, and the last position arrives.
    expect(pointers.length).toBeGreaterThanOrEqual(5);
    // At most one per ~67 ms while moves came in (a loaded machine stretches the ~1 s of sending).
    expect(pointers.length).toBeLessThanOrEqual(Math.ceil(sendingMs / 66) + 3);
    expect(pointers.every((p) => p.userId === chair.id)).toBe(true);
    expect(pointers.at(-1)?.x).toBe(0.99);
  });

  it('counts a deputy for the principal they replace in the quorum', async () => {
    // Secretary checks in; the chair and four delegates vote (5): more than half is 3.
    const s = await connect(secretary);
    await joinRoom(s, meeting.id);
    await sendDeputy(delegates[1]!.client, secretary.client, meeting.id, 'Phan Văn Phó');
    const list = await secretary.client.get<{ items: ParticipantView[] }>(
      `/api/meetings/${meeting.id}/participants`,
    );
    const byName = (n: string) => list.body.items.find((p) => p.fullName === n)!;
    const deputy = byName('Phan Văn Phó');
    expect(deputy.deputyForId).toBe(byName('Lê Văn Cường').id);

    const seen = collectChanges(s);
    const checkin = (participantId: string) =>
      roomCommand(s, meeting.id, { type: 'attendance.checkin', participantId });
    const checkout = (participantId: string) =>
      roomCommand(s, meeting.id, { type: 'attendance.checkout', participantId });
    expect((await checkin(byName('Nguyễn Văn An').id)).ok).toBe(true);
    expect((await checkin(byName('Trần Thị Bình').id)).ok).toBe(true);
    let q = (await joinRoom(s, meeting.id)).state.quorum;
    expect(q).toMatchObject({ eligible: 5, present: 2, required: 3, met: false });
    expect((await checkin(deputy.id)).ok).toBe(true);
    q = (await joinRoom(s, meeting.id)).state.quorum;
    expect(q).toMatchObject({ eligible: 5, present: 3, met: true });
    await eventually(() => expect(seen.at(-1)?.event.quorum).toBe('reached'));

    // Principal and deputy both present count once.
    const cuong = await connect(delegates[1]!);
    await joinRoom(cuong, meeting.id);
    expect((await roomCommand(cuong, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const again = await roomCommand(cuong, meeting.id, { type: 'attendance.checkin' });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    q = (await joinRoom(s, meeting.id)).state.quorum;
    expect(q.present).toBe(3);

    // A delegate cannot check someone else in.
    const binh = await connect(delegates[0]!);
    const forOther = await roomCommand(binh, meeting.id, {
      type: 'attendance.checkin',
      participantId: deputy.id,
    });
    expect(forOther).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect((await checkout(byName('Trần Thị Bình').id)).ok).toBe(true);
    const state = (await joinRoom(s, meeting.id)).state;
    expect(state.quorum).toMatchObject({ present: 2, met: false });
    expect(state.attendance[byName('Trần Thị Bình').id]).toMatchObject({ present: false, by: 'secretary' });
    expect(state.attendance[byName('Trần Thị Bình').id]!.leftAt).not.toBeNull();
    await eventually(() => expect(seen.at(-1)?.event.quorum).toBe('lost'));
  });

  it('ends the room, moving the meeting to ended and closing check-in', async () => {
    const c = await connect(chair);
    await joinRoom(c, meeting.id);
    expect((await roomCommand(c, meeting.id, { type: 'room.end' })).ok).toBe(true);
    const m = await secretary.client.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`);
    expect(m.body.meeting.status).toBe('ended');
    const d = await connect(delegates[3]!);
    await joinRoom(d, meeting.id);
    const late = await roomCommand(d, meeting.id, { type: 'attendance.checkin' });
    expect(late).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    if (!late.ok) expect(late.error.message).toContain('đã kết thúc');
  });
});

describe('a restarted server', () => {
  it('restores the room from the stored state', async () => {
    const dataDir = await tempDir();
    let server = await startServer({ dataDir });
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const sec = await createUser(server.url, admin, {
      username: 'thuky2',
      fullName: 'Thư Ký',
      systemRole: 'secretary',
    });
    const chair = await createUser(server.url, admin, { username: 'chutoa', fullName: 'Chủ Tọa' });
    const del = await createUser(server.url, admin, { username: 'daibieu', fullName: 'Đại Biểu' });
    const m = await publishedMeeting(sec.client, chair.id, [{ userId: del.id }], { document: true });
    let c = await connectClient(server.url, chair.client.cookie);
    await joinRoom(c, m.id);
    for (const command of [
      { type: 'room.start' },
      { type: 'item.goto', itemId: m.itemId },
      { type: 'document.open', documentId: m.documentId!, page: 3 },
      { type: 'page.goto', page: 6, zoom: 1.5 },
      { type: 'attendance.checkin' },
    ] as const) {
      const res = await roomCommand(c, m.id, command);
      expect(res.ok, JSON.stringify(res)).toBe(true);
    }
    const retried = randomUUID();
    expect((await roomCommand(c, m.id, { type: 'room.pause' }, retried)).ok).toBe(true);
    const before = (await joinRoom(c, m.id)).state;
    c.close();
    await server.running.stop();

    server = await startServer({ dataDir });
    try {
      c = await connectClient(server.url, chair.client.cookie);
      const after = (await joinRoom(c, m.id)).state;
      expect(after).toEqual(before);
      expect(after).toMatchObject({
        status: 'paused',
        currentItem: { itemId: m.itemId },
        presenter: { name: 'Đại Biểu' },
        document: { page: 6, zoom: 1.5 },
      });
      // The retried pause after the restart is still applied only once.
      const again = await roomCommand(c, m.id, { type: 'room.pause' }, retried);
      expect(again).toEqual({ ok: true, data: { seq: before.seq, duplicate: true } });
      // A client that saw seq 2 before the restart gets a snapshot (the event log is not kept).
      const sync = await syncRoom(c, m.id, 2);
      expect(sync.ok && sync.data.kind).toBe('snapshot');
      expect((await roomCommand(c, m.id, { type: 'room.resume' })).ok).toBe(true);
      c.close();
    } finally {
      await server.stop();
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
