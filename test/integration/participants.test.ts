import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantView } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createCast, passwordFor } from '../utils/fixtures.js';
import { apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let secretary: { id: string; client: ApiClient };
let member: { id: string; client: ApiClient };
let unitId: string;
const unitUsers: string[] = [];

const list = async (meetingId: string) =>
  (await secretary.client.get<{ items: ParticipantView[] }>(`/api/meetings/${meetingId}/participants`)).body
    .items;

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  ({ secretary, member } = await createCast(server.url, admin, ['secretary', 'member']));
  const unit = await admin.post<{ unit: { id: string } }>('/api/units', {
    code: 'STTTT',
    name: 'Sở Thông tin và Truyền thông',
  });
  unitId = unit.body.unit.id;
  for (const [username, fullName] of [
    ['tt.gd', 'Võ Thành Đạt'],
    ['tt.pgd', 'Hoàng Thị Em'],
  ] as const) {
    const res = await admin.post<{ user: { id: string } }>('/api/users', {
      username,
      fullName,
      unitId,
      title: 'Giám đốc',
      password: passwordFor(username),
    });
    unitUsers.push(res.body.user.id);
  }
});
afterAll(async () => {
  await server.stop();
});

describe('adding participants one by one', () => {
  it('adds a user with a role, voting right and seat, and shows name, title and unit', async () => {
    const m = await apiMeeting(secretary.client);
    const res = await secretary.client.post<{ participant: ParticipantView }>(
      `/api/meetings/${m.id}/participants`,
      {
        userId: unitUsers[0],
        role: 'delegate',
        seat: 'A12',
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.participant).toMatchObject({
      userId: unitUsers[0],
      role: 'delegate',
      votingRight: true,
      seat: 'A12',
      fullName: 'Võ Thành Đạt',
      title: 'Giám đốc',
      unitName: 'Sở Thông tin và Truyền thông',
      username: 'tt.gd',
    });
  });

  it('refuses the same user twice with 409', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants`, {
      userId: member.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'conflict',
      message: 'Người này đã có trong danh sách thành phần tham dự.',
    });
    expect((await list(m.id)).filter((p) => p.userId === member.id)).toHaveLength(1);
  });

  it('adds an external guest with a validated e-mail and phone, as a guest without a vote', async () => {
    const m = await apiMeeting(secretary.client);
    const guest = {
      fullName: 'Lê Thị Hồng',
      title: 'Giám đốc',
      organisation: 'Công ty CP Đầu tư Đô thị',
      email: 'Hong.Le@Example.vn',
      phone: '+84 912 345 678',
    };
    const res = await secretary.client.post<{ participant: ParticipantView }>(
      `/api/meetings/${m.id}/participants`,
      { guest },
    );
    expect(res.status).toBe(201);
    expect(res.body.participant).toMatchObject({
      userId: null,
      role: 'guest',
      votingRight: false,
      fullName: 'Lê Thị Hồng',
      unitName: 'Công ty CP Đầu tư Đô thị',
      guest: { email: 'hong.le@example.vn' },
    });
    const again = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants`, {
      guest: { fullName: 'Bà Hồng', email: 'hong.le@example.vn' },
    });
    expect(again.status).toBe(409);
  });

  it('answers a bad guest e-mail and phone with 400 naming both fields', async () => {
    const m = await apiMeeting(secretary.client);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants`, {
      guest: { fullName: 'Khách', email: 'not-an-email', phone: 'gọi tôi' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path).sort()).toEqual(['guest.email', 'guest.phone']);
  });

  it('refuses both a user and a guest, a guest chair, an unknown user', async () => {
    const m = await apiMeeting(secretary.client);
    const both = await secretary.client.post(`/api/meetings/${m.id}/participants`, {
      userId: member.id,
      guest: { fullName: 'Khách' },
    });
    expect(both.status).toBe(400);
    const chairGuest = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants`, {
      guest: { fullName: 'Khách' },
      role: 'chair',
    });
    expect(chairGuest.status).toBe(400);
    expect(chairGuest.body.error.issues?.[0]?.path).toBe('role');
    const unknown = await secretary.client.post(`/api/meetings/${m.id}/participants`, {
      userId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
  });

  it('refuses a delegate who tries to add someone with 403', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, member.id);
    const res = await member.client.post(`/api/meetings/${m.id}/participants`, { userId: unitUsers[1] });
    expect(res.status).toBe(403);
  });
});

describe('adding many at once', () => {
  it('adds a unit, skipping people already there', async () => {
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, unitUsers[0] ?? '');
    const res = await secretary.client.post(`/api/meetings/${m.id}/participants/bulk`, {
      unitId,
      role: 'observer',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ added: 1, skipped: 1 });
    const observer = (await list(m.id)).find((p) => p.userId === unitUsers[1]);
    expect(observer).toMatchObject({ role: 'observer', votingRight: false });
  });

  it("copies another meeting's participants with their roles, guests included", async () => {
    const source = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, source.id, member.id, 'delegate');
    await secretary.client.post(`/api/meetings/${source.id}/participants`, {
      guest: { fullName: 'Lê Thị Hồng', email: 'hong@example.vn' },
    });
    const target = await apiMeeting(secretary.client);
    const res = await secretary.client.post(`/api/meetings/${target.id}/participants/bulk`, {
      fromMeetingId: source.id,
    });
    // The secretary is already in the target (its creator).
    expect(res.body).toEqual({ added: 2, skipped: 1 });
    expect((await list(target.id)).map((p) => [p.fullName, p.role])).toEqual([
      ['Trần Thị Bích', 'secretary'],
      ['Đặng Minh Châu', 'delegate'],
      ['Lê Thị Hồng', 'guest'],
    ]);
  });

  it('adds a list of users and refuses an unknown one, adding nobody', async () => {
    const m = await apiMeeting(secretary.client);
    const bad = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants/bulk`, {
      userIds: [member.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0]?.path).toBe('userIds.1');
    expect(await list(m.id)).toHaveLength(1);
    const ok = await secretary.client.post(`/api/meetings/${m.id}/participants/bulk`, { userIds: unitUsers });
    expect(ok.body).toEqual({ added: 2, skipped: 0 });
  });

  it('answers a body that is none of the three shapes with 400', async () => {
    const m = await apiMeeting(secretary.client);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants/bulk`, {
      everyone: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
  });
});

describe('changing and removing participants', () => {
  it('changes the role, vote and seat', async () => {
    const m = await apiMeeting(secretary.client);
    const pid = await apiParticipant(secretary.client, m.id, member.id);
    const res = await secretary.client.patch<{ participant: ParticipantView }>(
      `/api/meetings/${m.id}/participants/${pid}`,
      {
        role: 'observer',
        votingRight: false,
        seat: 'B3',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.participant).toMatchObject({ role: 'observer', votingRight: false, seat: 'B3' });
  });

  it('gives the meeting role its powers: a member made secretary of the meeting may add people', async () => {
    const m = await apiMeeting(secretary.client);
    const pid = await apiParticipant(secretary.client, m.id, member.id);
    expect(
      (await member.client.post(`/api/meetings/${m.id}/participants`, { userId: unitUsers[0] })).status,
    ).toBe(403);
    await secretary.client.patch(`/api/meetings/${m.id}/participants/${pid}`, { role: 'secretary' });
    expect(
      (await member.client.post(`/api/meetings/${m.id}/participants`, { userId: unitUsers[0] })).status,
    ).toBe(201);
  });

  it('removes a participant with 204, and 404 for one of another meeting', async () => {
    const m = await apiMeeting(secretary.client);
    const other = await apiMeeting(secretary.client);
    const pid = await apiParticipant(secretary.client, m.id, member.id);
    expect(
      (await secretary.client.request('DELETE', `/api/meetings/${other.id}/participants/${pid}`)).status,
    ).toBe(404);
    expect(
      (await secretary.client.request('DELETE', `/api/meetings/${m.id}/participants/${pid}`)).status,
    ).toBe(204);
    expect((await list(m.id)).some((p) => p.id === pid)).toBe(false);
  });

  it('refuses changes to the participants of a closed meeting with 409', async () => {
    const m = await apiMeeting(secretary.client);
    for (const to of ['published', 'in_progress', 'ended', 'closed'] as const)
      await apiStatus(secretary.client, m, to);
    const res = await secretary.client.post<ErrorReply>(`/api/meetings/${m.id}/participants`, {
      userId: member.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Cuộc họp đã kết thúc/đóng, không thể sửa.');
  });
});
