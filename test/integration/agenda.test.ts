import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Agenda, AgendaChanged, AgendaItem, AgendaRevision } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createCast } from '../utils/fixtures.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { MARKER_ID, markerAfter } from '../utils/live.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let secretary: { id: string; client: ApiClient };
let secretary2: { id: string; client: ApiClient };
let member: { id: string; client: ApiClient };
const sockets: ClientSocket[] = [];

const agendaOf = async (meetingId: string, client = secretary.client) =>
  (await client.get<Agenda>(`/api/meetings/${meetingId}/agenda`)).body;
const put = <T>(client: ApiClient, path: string, body: unknown) => client.request<T>('PUT', path, body);

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  ({ secretary, secretary2, member } = await createCast(server.url, admin, [
    'secretary',
    'secretary2',
    'member',
  ]));
});
afterEach(() => {
  while (sockets.length) sockets.pop()?.close();
});
afterAll(async () => {
  await server.stop();
});

describe('building an agenda', () => {
  it('adds items and sub-items in order, with planned total against the slot', async () => {
    const m = await apiMeeting(secretary.client, {
      startsAt: '2030-11-28T01:00:00.000Z',
      endsAt: '2030-11-28T04:00:00.000Z',
    });
    const presenter = await apiParticipant(secretary.client, m.id, member.id);
    const first = await secretary.client.post<{ item: AgendaItem; agendaVersion: number }>(
      `/api/meetings/${m.id}/agenda/items`,
      {
        title: 'Báo cáo tình hình kinh tế - xã hội tháng 11',
        description: 'Sở Kế hoạch và Đầu tư trình bày',
        presenterId: presenter,
        plannedMinutes: 40,
        agendaVersion: 0,
      },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      agendaVersion: 1,
      item: { order: 0, parentId: null, documentIds: [] },
    });
    const second = await apiItem(secretary.client, m.id, {
      title: 'Đề án chuyển đổi số',
      plannedMinutes: 30,
    });
    await apiItem(secretary.client, m.id, {
      title: 'Hạ tầng số',
      parentId: second.item.id,
      plannedMinutes: 20,
    });
    await apiItem(secretary.client, m.id, {
      title: 'Dữ liệu số',
      parentId: second.item.id,
      plannedMinutes: 20,
    });
    const agenda = await agendaOf(m.id);
    expect(agenda.version).toBe(4);
    expect(agenda.items.map((i) => [i.title, i.order])).toEqual([
      ['Báo cáo tình hình kinh tế - xã hội tháng 11', 0],
      ['Đề án chuyển đổi số', 1],
      ['Hạ tầng số', 0],
      ['Dữ liệu số', 1],
    ]);
    // 40 + max(30, 20 + 20) against a three-hour slot.
    expect(agenda).toMatchObject({ plannedTotalMinutes: 80, slotMinutes: 180 });
  });

  it('refuses a sub-item of a sub-item, a presenter who is not a participant, a bad body', async () => {
    const m = await apiMeeting(secretary.client);
    const parent = await apiItem(secretary.client, m.id, { title: 'Mục 1' });
    const child = await apiItem(secretary.client, m.id, { title: 'Mục 1.1', parentId: parent.item.id });
    const deep = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/agenda/items`, {
      title: 'Mục 1.1.1',
      parentId: child.item.id,
      plannedMinutes: 5,
      agendaVersion: child.agendaVersion,
    });
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toBe(
      'Chương trình chỉ có một cấp mục con: mục con không thể có mục con.',
    );
    const stranger = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/agenda/items`, {
      title: 'Mục 2',
      presenterId: '00000000-0000-4000-8000-000000000000',
      plannedMinutes: 5,
      agendaVersion: child.agendaVersion,
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.issues?.[0]?.path).toBe('presenterId');
    const bad = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/agenda/items`, {
      title: '',
      plannedMinutes: -5,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.map((i) => i.path).sort()).toEqual([
      'agendaVersion',
      'plannedMinutes',
      'title',
    ]);
    expect((await agendaOf(m.id)).items).toHaveLength(2);
  });

  it('edits and deletes items, closing the gap in the order', async () => {
    const m = await apiMeeting(secretary.client);
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    await apiItem(secretary.client, m.id, { title: 'A.1', parentId: a.item.id });
    await apiItem(secretary.client, m.id, { title: 'B' });
    const c = await apiItem(secretary.client, m.id, { title: 'C' });
    const edited = await secretary.client.patch<{ item: AgendaItem; agendaVersion: number }>(
      `/api/meetings/${m.id}/agenda/items/${c.item.id}`,
      { title: 'C (sửa)', plannedMinutes: 25, agendaVersion: c.agendaVersion },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.item).toMatchObject({ title: 'C (sửa)', plannedMinutes: 25, order: 2 });
    const del = await secretary.client.request<{ agendaVersion: number }>(
      'DELETE',
      `/api/meetings/${m.id}/agenda/items/${a.item.id}?agendaVersion=${edited.body.agendaVersion}`,
    );
    expect(del.status).toBe(200);
    const agenda = await agendaOf(m.id);
    expect(agenda.version).toBe(del.body.agendaVersion);
    expect(agenda.items.map((i) => [i.title, i.order])).toEqual([
      ['B', 0],
      ['C (sửa)', 1],
    ]);
  });
});

describe('reordering', () => {
  it('applies a new depth-first order, moving an item under another', async () => {
    const m = await apiMeeting(secretary.client);
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    const b = await apiItem(secretary.client, m.id, { title: 'B' });
    const c = await apiItem(secretary.client, m.id, { title: 'C' });
    const res = await put<Agenda>(secretary.client, `/api/meetings/${m.id}/agenda/order`, {
      agendaVersion: c.agendaVersion,
      items: [
        { id: c.item.id, parentId: null },
        { id: a.item.id, parentId: null },
        { id: b.item.id, parentId: a.item.id },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(c.agendaVersion + 1);
    expect(res.body.items.map((i) => [i.title, i.order, i.parentId])).toEqual([
      ['C', 0, null],
      ['A', 1, null],
      ['B', 0, a.item.id],
    ]);
  });

  it('treats the same order again as no change', async () => {
    const m = await apiMeeting(secretary.client);
    await apiItem(secretary.client, m.id, { title: 'A' });
    const b = await apiItem(secretary.client, m.id, { title: 'B' });
    const before = await agendaOf(m.id);
    const res = await put<Agenda>(secretary.client, `/api/meetings/${m.id}/agenda/order`, {
      agendaVersion: b.agendaVersion,
      items: before.items.map((i) => ({ id: i.id, parentId: i.parentId })),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before);
  });

  it('answers an item id from another meeting with 400 and changes nothing', async () => {
    const m = await apiMeeting(secretary.client);
    const other = await apiMeeting(secretary.client);
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    const b = await apiItem(secretary.client, m.id, { title: 'B' });
    const foreign = await apiItem(secretary.client, other.id, { title: 'Của cuộc họp khác' });
    const res = await put<ErrorReply>(secretary.client, `/api/meetings/${m.id}/agenda/order`, {
      agendaVersion: b.agendaVersion,
      items: [
        { id: b.item.id, parentId: null },
        { id: foreign.item.id, parentId: null },
        { id: a.item.id, parentId: null },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toBe(
      `Mục "${foreign.item.id}" không thuộc chương trình của cuộc họp này.`,
    );
    const agenda = await agendaOf(m.id);
    expect(agenda.version).toBe(b.agendaVersion);
    expect(agenda.items.map((i) => i.title)).toEqual(['A', 'B']);
    expect((await agendaOf(other.id)).items.map((i) => i.title)).toEqual(['Của cuộc họp khác']);
  });

  it('answers a missing item, a repeated one, a sub-item away from its parent with 400', async () => {
    const m = await apiMeeting(secretary.client);
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    const b = await apiItem(secretary.client, m.id, { title: 'B' });
    const order = (items: { id: string; parentId: string | null }[]) =>
      put<ErrorReply>(secretary.client, `/api/meetings/${m.id}/agenda/order`, {
        agendaVersion: b.agendaVersion,
        items,
      });
    const missing = await order([{ id: a.item.id, parentId: null }]);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('đúng một lần');
    const repeated = await order([
      { id: a.item.id, parentId: null },
      { id: a.item.id, parentId: null },
    ]);
    expect(repeated.status).toBe(400);
    const selfParent = await order([
      { id: a.item.id, parentId: b.item.id },
      { id: b.item.id, parentId: null },
    ]);
    expect(selfParent.status).toBe(400);
    expect(selfParent.body.error.message).toBe('Mục con phải đứng ngay sau mục cha của nó.');
    const malformed = await order([{ id: 'x', parentId: null }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues?.[0]?.path).toBe('items.0.id');
  });

  it('refuses a delegate of the meeting with 403', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id, 'delegate');
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    const b = await apiItem(secretary.client, m.id, { title: 'B' });
    // Published, so that the delegate may read it (a draft is the organisers' alone).
    await apiStatus(secretary.client, m, 'published');
    const res = await put<ErrorReply>(member.client, `/api/meetings/${m.id}/agenda/order`, {
      agendaVersion: b.agendaVersion,
      items: [
        { id: b.item.id, parentId: null },
        { id: a.item.id, parentId: null },
      ],
    });
    expect(res.status).toBe(403);
    const edit = await member.client.patch(`/api/meetings/${m.id}/agenda/items/${a.item.id}`, {
      title: 'Sửa trộm',
      agendaVersion: b.agendaVersion,
    });
    expect(edit.status).toBe(403);
    expect((await agendaOf(m.id, member.client)).items.map((i) => i.title)).toEqual(['A', 'B']);
  });
});

describe('two secretaries at once', () => {
  it('lets one win and tells the other with 409; nothing is lost once the loser retries', async () => {
    const m = await apiMeeting(secretary.client, { secretaryIds: [secretary2.id] });
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    const [one, two] = await Promise.all([
      secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/agenda/items`, {
        title: 'Mục của chị Bích',
        plannedMinutes: 10,
        agendaVersion: a.agendaVersion,
      }),
      secretary2.client.post<ErrorReply>(`/api/meetings/${m.id}/agenda/items`, {
        title: 'Mục của anh Cường',
        plannedMinutes: 10,
        agendaVersion: a.agendaVersion,
      }),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.body.error.code).toBe('conflict');
    expect(loser.body.error.message).toBe(
      `Chương trình họp vừa được người khác thay đổi (bạn sửa phiên bản ${a.agendaVersion}, hiện là ${a.agendaVersion + 1}). Tải lại để xem thay đổi rồi thử lại.`,
    );
    const winnerTitle = one.status === 201 ? 'Mục của chị Bích' : 'Mục của anh Cường';
    const loserTitle = one.status === 201 ? 'Mục của anh Cường' : 'Mục của chị Bích';
    expect((await agendaOf(m.id)).items.map((i) => i.title)).toEqual(['A', winnerTitle]);
    // The loser reloads and applies their change on top: both are kept.
    await apiItem(loser === one ? secretary.client : secretary2.client, m.id, { title: loserTitle });
    expect((await agendaOf(m.id)).items.map((i) => i.title)).toEqual(['A', winnerTitle, loserTitle]);
  });

  it('refuses a reorder based on a stale version after an edit', async () => {
    const m = await apiMeeting(secretary.client);
    const a = await apiItem(secretary.client, m.id, { title: 'A' });
    const b = await apiItem(secretary.client, m.id, { title: 'B' });
    await secretary2.client.patch(`/api/meetings/${m.id}/agenda/items/${a.item.id}`, {
      title: 'A (anh Cường sửa)',
      agendaVersion: b.agendaVersion,
    });
    const res = await put<ErrorReply>(secretary.client, `/api/meetings/${m.id}/agenda/order`, {
      agendaVersion: b.agendaVersion,
      items: [
        { id: b.item.id, parentId: null },
        { id: a.item.id, parentId: null },
      ],
    });
    expect(res.status).toBe(409);
    expect((await agendaOf(m.id)).items.map((i) => i.title)).toEqual(['A (anh Cường sửa)', 'B']);
  });
});

describe('after publication', () => {
  it('records each change as a revision and tells participants online what changed', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id, 'delegate');
    const a = await apiItem(secretary.client, m.id, { title: 'Báo cáo kinh tế - xã hội' });
    await apiStatus(secretary.client, m, 'published');
    expect(
      (await secretary.client.get<{ items: AgendaRevision[] }>(`/api/meetings/${m.id}/agenda/revisions`)).body
        .items,
    ).toEqual([]);

    const socket = await connectClient(server.url, member.client.cookie);
    sockets.push(socket);
    const joined = await socket.emitWithAck('meeting:join', { meetingId: m.id });
    expect(joined.ok).toBe(true);

    const heard = nextEvent(socket, 'agenda:changed');
    const edited = await secretary.client.patch<{ agendaVersion: number }>(
      `/api/meetings/${m.id}/agenda/items/${a.item.id}`,
      {
        plannedMinutes: 45,
        agendaVersion: a.agendaVersion,
      },
    );
    const [event] = await heard;
    expect(event).toEqual<AgendaChanged>({
      meetingId: m.id,
      version: edited.body.agendaVersion,
      summary: ['Sửa mục "Báo cáo kinh tế - xã hội": thời lượng'],
    });

    const added = nextEvent(socket, 'agenda:changed');
    await apiItem(secretary.client, m.id, { title: 'Đề án chuyển đổi số' });
    expect((await added)[0].summary).toEqual(['Thêm mục "Đề án chuyển đổi số"']);

    const revisions = await member.client.get<{ items: AgendaRevision[] }>(
      `/api/meetings/${m.id}/agenda/revisions`,
    );
    expect(revisions.body.items.map((r) => [r.version, r.by.fullName, r.summary])).toEqual([
      [edited.body.agendaVersion + 1, 'Trần Thị Bích', ['Thêm mục "Đề án chuyển đổi số"']],
      [edited.body.agendaVersion, 'Trần Thị Bích', ['Sửa mục "Báo cáo kinh tế - xã hội": thời lượng']],
    ]);
  });

  it('does not tell a socket that has not joined the meeting', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id, 'delegate');
    await apiStatus(secretary.client, m, 'published');
    const socket = await connectClient(server.url, member.client.cookie);
    sockets.push(socket);
    let heard = false;
    socket.on('agenda:changed', (p) => (heard ||= p.meetingId !== MARKER_ID));
    await apiItem(secretary.client, m.id, { title: 'Mục mới' });
    // A change sent to this socket would arrive before a marker the server sends it afterwards.
    await markerAfter(
      server,
      socket,
      'agenda:changed',
      { meetingId: MARKER_ID, version: 0, summary: [] },
      (p) => p.meetingId === MARKER_ID,
    );
    expect(heard).toBe(false);
  });

  it('refuses agenda changes to a closed meeting with 409 and the reason', async () => {
    const m = await apiMeeting(secretary.client);
    await apiItem(secretary.client, m.id, { title: 'A' });
    for (const to of ['published', 'in_progress', 'ended', 'closed'] as const)
      await apiStatus(secretary.client, m, to);
    const agenda = await agendaOf(m.id);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/agenda/items`, {
      title: 'Muộn',
      plannedMinutes: 5,
      agendaVersion: agenda.version,
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'invalid_state',
      message: 'Cuộc họp đã kết thúc/đóng, không thể sửa.',
    });
  });
});
