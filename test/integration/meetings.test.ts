import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Meeting,
  MeetingDetail,
  MeetingDocument,
  MeetingSummary,
  ParticipantView,
} from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createCast, createUser } from '../utils/fixtures.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus, apiUpload, slot } from '../utils/meetings.js';
import { connectClient, nextEvent } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let secretary: { id: string; client: ApiClient };
let secretary2: { id: string; client: ApiClient };
let chair: { id: string; client: ApiClient };
let member: { id: string; client: ApiClient };
let outsider: { id: string; client: ApiClient };

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  ({ secretary, secretary2, chair, member, outsider } = await createCast(server.url, admin, [
    'secretary',
    'secretary2',
    'chair',
    'member',
    'outsider',
  ]));
});
afterAll(async () => {
  await server.stop();
});

describe('creating a meeting', () => {
  it('creates a draft with the creator as secretary and the chair as chair', async () => {
    const res = await secretary.client.post<{ meeting: Meeting }>('/api/meetings', {
      title: 'Họp chuyên đề chuyển đổi số',
      description: 'Đánh giá kết quả chuyển đổi số năm 2024',
      kind: 'thematic',
      ...slot(5),
      confidentiality: 'internal',
      chairId: chair.id,
      secretaryIds: [secretary2.id],
    });
    expect(res.status).toBe(201);
    const m = res.body.meeting;
    expect(m).toMatchObject({
      status: 'draft',
      agendaVersion: 0,
      seriesId: null,
      version: 0,
      chairId: chair.id,
    });
    const people = await secretary.client.get<{ items: ParticipantView[] }>(
      `/api/meetings/${m.id}/participants`,
    );
    expect(people.body.items.map((p) => [p.fullName, p.role, p.votingRight])).toEqual([
      ['Nguyễn Văn An', 'chair', true],
      ['Lê Văn Cường', 'secretary', false],
      ['Trần Thị Bích', 'secretary', false],
    ]);
  });

  it('refuses a member with 403', async () => {
    const res = await member.client.post<ErrorReply>('/api/meetings', { title: 'Họp', ...slot(1) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('answers a malformed body with 400 and one issue per field', async () => {
    const res = await secretary.client.post<ErrorReply>('/api/meetings', {
      title: '',
      startsAt: 'tomorrow',
      endsAt: '2024-01-01T08:00:00Z',
      confidentiality: 'secret',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    const paths = res.body.error.issues?.map((i) => i.path).sort();
    expect(paths).toEqual(['confidentiality', 'extra', 'startsAt', 'title']);
  });

  it('refuses an end before the start', async () => {
    const { startsAt } = slot(2);
    const res = await secretary.client.post<ErrorReply>('/api/meetings', {
      title: 'Họp',
      startsAt,
      endsAt: startsAt,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: 'endsAt', message: 'Giờ kết thúc phải sau giờ bắt đầu.' },
    ]);
  });

  it('refuses an unknown chair', async () => {
    const res = await secretary.client.post<ErrorReply>('/api/meetings', {
      title: 'Họp',
      ...slot(2),
      chairId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]?.path).toBe('chairId');
  });
});

describe('editing a meeting', () => {
  it('applies an edit and bumps the version', async () => {
    const m = await apiMeeting(secretary.client);
    const res = await secretary.client.patch<{ meeting: Meeting }>(`/api/meetings/${m.id}`, {
      version: m.version,
      title: 'Phiên họp thường kỳ tháng 12',
      location: null,
    });
    expect(res.status).toBe(200);
    expect(res.body.meeting).toMatchObject({
      title: 'Phiên họp thường kỳ tháng 12',
      location: null,
      version: 1,
    });
  });

  it('answers a stale version with 409 conflict and a clear message, and keeps the first edit', async () => {
    const m = await apiMeeting(secretary.client);
    const first = await secretary.client.patch(`/api/meetings/${m.id}`, {
      version: 0,
      title: 'Bản của thư ký 1',
    });
    expect(first.status).toBe(200);
    const second = await secretary2.client.patch<ErrorReply>(`/api/meetings/${m.id}`, {
      version: 0,
      title: 'Bản 2',
    });
    expect(second.status).toBe(409);
    expect(second.body.error).toEqual({
      code: 'conflict',
      message: 'Cuộc họp đã được người khác sửa; tải lại để xem thay đổi.',
    });
    const now = await secretary.client.get<MeetingDetail>(`/api/meetings/${m.id}`);
    expect(now.body.meeting.title).toBe('Bản của thư ký 1');
  });

  it('refuses a delegate who is not a secretary of that meeting with 403', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id, 'delegate');
    // While it is a draft the delegate does not even see it; once published they read it, never edit it.
    expect((await member.client.get<ErrorReply>(`/api/meetings/${m.id}`)).status).toBe(403);
    const published = await apiStatus(secretary.client, m, 'published');
    const res = await member.client.patch<ErrorReply>(`/api/meetings/${m.id}`, {
      version: published.version,
      title: 'Sửa trộm',
    });
    expect(res.status).toBe(403);
    const detail = await member.client.get<MeetingDetail>(`/api/meetings/${m.id}`);
    expect(detail.body).toMatchObject({
      myRole: 'delegate',
      can: { edit: false },
      meeting: { version: published.version, title: m.title },
    });
  });

  it('lets a member who is the meeting secretary edit it', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id, 'secretary');
    const res = await member.client.patch(`/api/meetings/${m.id}`, { version: 0, location: 'Hội trường B' });
    expect(res.status).toBe(200);
  });

  it('answers an edit of a closed meeting with 409 and the reason', async () => {
    const m = await apiMeeting(secretary.client);
    for (const to of ['published', 'in_progress', 'ended', 'closed'] as const)
      await apiStatus(secretary.client, m, to);
    const current = await secretary.client.get<MeetingDetail>(`/api/meetings/${m.id}`);
    expect(current.body.can.edit).toBe(false);
    const res = await secretary.client.patch<ErrorReply>(`/api/meetings/${m.id}`, {
      version: current.body.meeting.version,
      title: 'Sửa sau khi đóng',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'invalid_state',
      message: 'Cuộc họp đã kết thúc/đóng, không thể sửa.',
    });
    const en = new ApiClient(server.url, 'en');
    en.cookie = secretary.client.cookie;
    const inEnglish = await en.patch<ErrorReply>(`/api/meetings/${m.id}`, { version: 4, title: 'x' });
    expect(inEnglish.body.error.message).toBe('The meeting has ended or is closed; it cannot be edited.');
  });

  it('says a cancelled meeting cannot be edited and why', async () => {
    const m = await apiMeeting(secretary.client);
    await apiStatus(secretary.client, m, 'cancelled', 'Lãnh đạo đi công tác');
    const res = await secretary.client.patch<ErrorReply>(`/api/meetings/${m.id}`, { version: 1, title: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Cuộc họp đã bị hủy (Lãnh đạo đi công tác), không thể sửa.');
  });
});

describe('the meeting lifecycle', () => {
  it('publishes, postpones with a reason and new times, republishes', async () => {
    const m = await apiMeeting(secretary.client);
    const published = await apiStatus(secretary.client, m, 'published');
    expect(published.status).toBe('published');
    const later = slot(10);
    const postponed = await secretary.client.post<{ meeting: Meeting }>(`/api/meetings/${m.id}/status`, {
      to: 'postponed',
      reason: 'Trùng lịch họp HĐND',
      version: published.version,
      ...later,
    });
    expect(postponed.status).toBe(200);
    expect(postponed.body.meeting).toMatchObject({
      status: 'postponed',
      statusReason: 'Trùng lịch họp HĐND',
      ...later,
    });
    expect((await apiStatus(secretary.client, m, 'published')).statusReason).toBeNull();
  });

  it('tells the meeting room when the status changes', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id);
    await apiStatus(secretary.client, m, 'published');
    const socket = await connectClient(server.url, member.client.cookie);
    try {
      expect((await socket.emitWithAck('meeting:join', { meetingId: m.id })).ok).toBe(true);
      const heard = nextEvent(socket, 'meeting:changed');
      const started = await apiStatus(secretary.client, m, 'in_progress');
      expect((await heard)[0]).toEqual({
        meetingId: m.id,
        version: started.version,
        status: 'in_progress',
        meeting: started,
      });
    } finally {
      socket.close();
    }
  });

  it('requires a reason to cancel or postpone', async () => {
    const m = await apiMeeting(secretary.client);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/status`, {
      to: 'cancelled',
      version: 0,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: 'reason', message: 'Hãy nêu lý do hủy hoặc hoãn cuộc họp.' },
    ]);
  });

  it('refuses a move the state machine does not allow with 409 invalid_state', async () => {
    const m = await apiMeeting(secretary.client);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/status`, {
      to: 'ended',
      version: 0,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_state');
    expect((await secretary.client.get<MeetingDetail>(`/api/meetings/${m.id}`)).body.meeting.status).toBe(
      'draft',
    );
  });

  it('refuses a status change from a delegate with 403', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id);
    const res = await member.client.post(`/api/meetings/${m.id}/status`, { to: 'published', version: 0 });
    expect(res.status).toBe(403);
  });
});

describe('cloning a meeting', () => {
  it('copies participants and agenda into a new draft in the same series', async () => {
    const source = await apiMeeting(secretary.client, {
      title: 'Giao ban tuần 47',
      kind: 'briefing',
      chairId: chair.id,
    });
    await apiParticipant(secretary.client, source.id, member.id);
    const { item } = await apiItem(secretary.client, source.id, { title: 'Tình hình kinh tế - xã hội' });
    await apiItem(secretary.client, source.id, {
      title: 'Số liệu tuần',
      parentId: item.id,
      plannedMinutes: 5,
    });
    const pdf = await apiUpload(server.url, secretary.client, source.id, 'to-trinh-de-an-06.pdf', {
      agendaItemId: item.id,
    });
    await apiStatus(secretary.client, source, 'published');
    const times = slot(10);
    const res = await secretary.client.post<{ meeting: Meeting }>(`/api/meetings/${source.id}/clone`, {
      ...times,
      title: 'Giao ban tuần 48',
    });
    expect(res.status).toBe(201);
    const copy = res.body.meeting;
    expect(copy).toMatchObject({
      status: 'draft',
      seriesId: source.id,
      title: 'Giao ban tuần 48',
      kind: 'briefing',
      ...times,
    });
    expect(copy.id).not.toBe(source.id);
    const people = await secretary.client.get<{ items: ParticipantView[] }>(
      `/api/meetings/${copy.id}/participants`,
    );
    expect(people.body.items.map((p) => p.fullName)).toEqual([
      'Nguyễn Văn An',
      'Trần Thị Bích',
      'Đặng Minh Châu',
    ]);
    const agenda = await secretary.client.get<{
      items: { title: string; parentId: string | null; documentIds: string[] }[];
    }>(`/api/meetings/${copy.id}/agenda`);
    expect(agenda.body.items.map((i) => [i.title, i.parentId === null])).toEqual([
      ['Tình hình kinh tế - xã hội', true],
      ['Số liệu tuần', false],
    ]);
    // The document is linked to the copied item, as a new record on the same stored file.
    const docs = await secretary.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${copy.id}/documents`,
    );
    expect(docs.body.items).toHaveLength(1);
    const [doc] = docs.body.items;
    expect(doc).toMatchObject({ name: pdf.name, sha256: pdf.sha256, meetingId: copy.id, versionNo: 1 });
    expect(doc?.id).not.toBe(pdf.id);
    expect(agenda.body.items[0]?.documentIds).toEqual([doc?.id]);
    const file = await secretary.client.get(`/api/documents/${doc?.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const summary = await secretary.client.get<{ items: MeetingSummary[] }>(
      '/api/meetings?scope=drafts&limit=500',
    );
    expect(summary.body.items.find((m) => m.id === copy.id)).toMatchObject({
      documentCount: 1,
      participantCount: 3,
    });
    // A clone of the clone stays in the first meeting's series.
    const again = await secretary.client.post<{ meeting: Meeting }>(
      `/api/meetings/${copy.id}/clone`,
      slot(17),
    );
    expect(again.body.meeting.seriesId).toBe(source.id);
  });

  it('refuses a clone from a member', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id);
    expect((await member.client.post(`/api/meetings/${m.id}/clone`, slot(9))).status).toBe(403);
  });
});

describe('listing meetings', () => {
  it('shows a member the drafts of meetings they are secretary of', async () => {
    const planner = await createUser(server.url, admin, { username: 'tk.cuochop', fullName: 'Vũ Thị Hạnh' });
    const m = await apiMeeting(secretary.client, { title: 'Nháp do thư ký cuộc họp soạn' });
    await apiParticipant(secretary.client, m.id, planner.id, 'secretary');
    const attended = await apiMeeting(secretary.client, { title: 'Nháp chỉ dự' });
    await apiParticipant(secretary.client, attended.id, planner.id, 'delegate');
    const res = await planner.client.get<{ items: MeetingSummary[] }>('/api/meetings?scope=drafts');
    expect(res.body.items.map((i) => [i.title, i.myRole])).toEqual([
      ['Nháp do thư ký cuộc họp soạn', 'secretary'],
    ]);
  });

  it('shows a member only the meetings they take part in, and no drafts they only attend', async () => {
    const mine = await apiMeeting(secretary.client, { title: 'Họp có tôi' });
    await apiParticipant(secretary.client, mine.id, outsider.id);
    await apiStatus(secretary.client, mine, 'published');
    const draft = await apiMeeting(secretary.client, { title: 'Nháp có tôi' });
    await apiParticipant(secretary.client, draft.id, outsider.id);
    await apiMeeting(secretary.client, { title: 'Họp không có tôi' });
    const res = await outsider.client.get<{ items: MeetingSummary[]; total: number }>(
      '/api/meetings?scope=all',
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((m) => m.title)).toEqual(['Họp có tôi']);
    expect(res.body.items[0]).toMatchObject({ myRole: 'delegate', participantCount: 2, documentCount: 0 });
    const other = await apiMeeting(secretary.client, { title: 'Họp riêng' });
    expect((await outsider.client.get<ErrorReply>(`/api/meetings/${other.id}`)).status).toBe(403);
  });

  it('hides a confidential meeting from a secretary who is not part of it', async () => {
    const secret = await apiMeeting(admin, { title: 'Họp mật về nhân sự', confidentiality: 'confidential' });
    const list = await secretary2.client.get<{ items: MeetingSummary[] }>('/api/meetings?limit=500');
    expect(list.body.items.some((m) => m.id === secret.id)).toBe(false);
    expect((await secretary2.client.get(`/api/meetings/${secret.id}`)).status).toBe(403);
    const adminList = await admin.get<{ items: MeetingSummary[] }>('/api/meetings?limit=500');
    expect(adminList.body.items.some((m) => m.id === secret.id)).toBe(true);
  });

  it('filters by scope, status, kind and accent-insensitive words', async () => {
    const past = await apiMeeting(secretary.client, { title: 'Họp tổng kết năm', ...slot(-30) });
    const upcoming = await apiMeeting(secretary.client, {
      title: 'Họp về đô thị thông minh',
      kind: 'thematic',
      ...slot(4),
    });
    const get = async (qs: string) =>
      (
        await secretary.client.get<{ items: MeetingSummary[] }>(`/api/meetings?limit=500&${qs}`)
      ).body.items.map((m) => m.id);
    expect(await get('scope=past')).toContain(past.id);
    expect(await get('scope=past')).not.toContain(upcoming.id);
    expect(await get('scope=upcoming')).toContain(upcoming.id);
    expect(await get('scope=upcoming')).not.toContain(past.id);
    expect(await get('scope=drafts')).toContain(upcoming.id);
    expect(await get('status=published,postponed')).not.toContain(upcoming.id);
    expect(await get('kind=thematic')).toContain(upcoming.id);
    expect(await get(`q=${encodeURIComponent('do thi thong minh')}`)).toEqual([upcoming.id]);
  });

  it('answers a bad query with 400', async () => {
    const res = await secretary.client.get<ErrorReply>('/api/meetings?scope=tomorrow&limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path).sort()).toEqual(['limit', 'scope']);
  });

  it('answers a caller without a session with 401', async () => {
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.get('/api/meetings')).status).toBe(401);
    expect((await anonymous.post('/api/meetings', { title: 'x' })).status).toBe(401);
  });

  it('answers an unknown meeting with 404 and a malformed id with 400', async () => {
    expect((await secretary.client.get('/api/meetings/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await secretary.client.get('/api/meetings/not-an-id')).status).toBe(400);
  });
});
