import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction, AuditEntry, Invitation } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createUser, type TestUser } from '../utils/fixtures.js';
import { apiMeeting, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let adminId: string;
let member: TestUser;

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  adminId = (await admin.get<{ user: { id: string } }>('/api/me')).body.user.id;
  member = await createUser(server.url, admin, { username: 'gd.binh', fullName: 'Nguyễn Văn Bình' });
});
afterAll(async () => {
  await server.stop();
});

type Page = { items: AuditEntry[]; total: number };
const search = async (query: string): Promise<Page> => {
  const res = await admin.get<Page>(`/api/audit?limit=500&${query}`);
  expect(res.status, query).toBe(200);
  return res.body;
};
const countOf = async (action: AuditAction) => (await search(`action=${action}`)).total;

/** Runs `act`, expects exactly one new entry of `action` (and none of the others listed), returns it. */
async function one(action: AuditAction, act: () => Promise<unknown>): Promise<AuditEntry> {
  const before = await countOf(action);
  await act();
  const after = await search(`action=${action}`);
  expect(after.total, action).toBe(before + 1);
  const entry = after.items[0]!;
  expect(entry.ip, action).toMatch(/127\.0\.0\.1/);
  return entry;
}

describe('audit trail of the meeting lifecycle, the room, deputies, sessions and exports', () => {
  it('writes one entry with who, when, where and what for publishing, postponing, cancelling', async () => {
    const meeting = await apiMeeting(admin);
    const published = await one('meeting.published', () => apiStatus(admin, meeting, 'published'));
    expect(published).toMatchObject({ actorId: adminId, targetType: 'meeting', targetId: meeting.id });
    expect(published.data).toMatchObject({ from: 'draft', to: 'published' });
    const current = (await admin.get<{ meeting: { version: number } }>(`/api/meetings/${meeting.id}`)).body
      .meeting;
    const postponed = await one('meeting.postponed', async () => {
      const res = await admin.post(`/api/meetings/${meeting.id}/status`, {
        to: 'postponed',
        version: current.version,
        reason: 'Chờ ý kiến Thường trực Thành ủy',
        ...slot(7),
      });
      expect(res.status).toBe(200);
    });
    expect(postponed.data).toMatchObject({ to: 'postponed', reason: 'Chờ ý kiến Thường trực Thành ủy' });
    const latest = (
      await admin.get<{ meeting: { id: string; version: number } }>(`/api/meetings/${meeting.id}`)
    ).body.meeting;
    const cancelled = await one('meeting.cancelled', () =>
      apiStatus(admin, latest, 'cancelled', 'Không còn cần thiết'),
    );
    expect(cancelled.targetId).toBe(meeting.id);
  });

  it('records the room started and ended from the chair’s socket, with its address', async () => {
    const meeting = await publishedMeeting(admin, adminId, [{ userId: member.id }]);
    const socket = await connectClient(server.url, admin.cookie);
    try {
      await joinRoom(socket, meeting.id);
      const started = await one('room.started', async () => {
        expect((await roomCommand(socket, meeting.id, { type: 'room.start' })).ok).toBe(true);
      });
      expect(started).toMatchObject({ actorId: adminId, targetType: 'meeting', targetId: meeting.id });
      const ended = await one('room.ended', async () => {
        expect((await roomCommand(socket, meeting.id, { type: 'room.end' })).ok).toBe(true);
      });
      expect(ended.data).toMatchObject({ from: 'in_progress', to: 'ended' });
    } finally {
      socket.close();
    }
  });

  it('records a deputy requested, approved and refused', async () => {
    const meeting = await publishedMeeting(admin, adminId, [{ userId: member.id }]);
    const mine = await member.client.get<{ items: Invitation[] }>('/api/invitations/mine');
    const inv = mine.body.items.find((i) => i.meetingId === meeting.id)!;
    const deputy = { answer: 'deputy', deputy: { fullName: 'Trần Văn Phó' } };
    const requested = await one('invitation.replied', () =>
      member.client.post(`/api/invitations/${inv.id}/reply`, deputy),
    );
    expect(requested).toMatchObject({ actorId: member.id, targetId: inv.id });
    expect(requested.data).toMatchObject({ answer: 'deputy', deputy: 'Trần Văn Phó' });
    const refused = await one('invitation.deputy_rejected', () =>
      admin.post(`/api/meetings/${meeting.id}/invitations/${inv.id}/deputy`, { approve: false }),
    );
    expect(refused.data).toMatchObject({ deputy: 'Trần Văn Phó' });
    await member.client.post(`/api/invitations/${inv.id}/reply`, {
      ...deputy,
      deputy: { fullName: 'Lê Thị Phó' },
    });
    const approved = await one('invitation.deputy_approved', () =>
      admin.post(`/api/meetings/${meeting.id}/invitations/${inv.id}/deputy`, { approve: true }),
    );
    expect(approved.data).toMatchObject({ deputy: 'Lê Thị Phó' });
  });

  it('records the administrator signing a user out everywhere', async () => {
    const ended = await one('user.sessions_ended', () =>
      admin.request('DELETE', `/api/users/${member.id}/sessions`),
    );
    expect(ended).toMatchObject({ actorId: adminId, targetId: member.id });
    expect(ended.data).toMatchObject({ all: true });
  });
});

describe('audit search and export', () => {
  it('finds entries by user, target, time range and text', async () => {
    const byMember = await search(`actorId=${member.id}`);
    expect(byMember.total).toBeGreaterThan(0);
    expect(byMember.items.every((e) => e.actorId === member.id)).toBe(true);
    const byTarget = await search(`targetId=${member.id}`);
    expect(byTarget.items.every((e) => e.targetId === member.id)).toBe(true);
    expect(byTarget.items.map((e) => e.action)).toContain('user.sessions_ended');
    const text = await search(`q=${encodeURIComponent('Trần Văn Phó')}`);
    expect(text.items.map((e) => e.action)).toEqual(['invitation.deputy_rejected', 'invitation.replied']);
    const all = await search('');
    const middle = all.items[Math.floor(all.items.length / 2)]!;
    const since = await search(`from=${encodeURIComponent(middle.at)}`);
    expect(since.items.every((e) => e.at >= middle.at)).toBe(true);
    const before = await search(`to=${encodeURIComponent(middle.at)}`);
    expect(since.total + before.total).toBe(all.total);
    // A time with the Vietnamese offset means the same instant.
    const local = new Date(Date.parse(middle.at) + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
    expect((await search(`from=${encodeURIComponent(local)}`)).total).toBe(since.total);
  });

  it('exports the filtered log as CSV in the caller’s language and records the export once', async () => {
    const before = await countOf('export.audit_csv');
    const res = await admin.request<string>('GET', '/api/audit/export.csv?action=meeting');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/nhat-ky-he-thong-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Số thứ tự,Thời gian,Thao tác,Người thực hiện,Loại đối tượng,Đối tượng,Địa chỉ IP,Chi tiết,Mã băm',
    );
    const meetingEntries = await search('action=meeting');
    expect(lines).toHaveLength(meetingEntries.total + 1);
    expect(lines[1]).toContain('admin (');
    const exported = await search('action=export.audit_csv');
    expect(exported.total).toBe(before + 1);
    expect(exported.items[0]?.data).toEqual({ rows: meetingEntries.total, filter: { action: 'meeting' } });

    const en = await admin.request<string>('GET', '/api/audit/export.csv?action=room', undefined, {
      'accept-language': 'en',
    });
    expect(
      String(en.body)
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0],
    ).toBe('No.,Time,Action,By,Target type,Target,IP address,Details,Hash');
  });

  it('refuses bad filters with 400 and a readable message, exporting nothing', async () => {
    const before = await countOf('export.audit_csv');
    for (const query of [
      'action=DROP%20TABLE',
      'from=yesterday',
      `from=${encodeURIComponent('2026-12-05T00:00:00Z')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`,
      'actorId=not-a-uuid',
      `q=${'x'.repeat(101)}`,
    ]) {
      const res = await admin.request<{ error: { message: string; issues?: { message: string }[] } }>(
        'GET',
        `/api/audit/export.csv?${query}`,
      );
      expect(res.status, query).toBe(400);
      expect(res.body.error.message).not.toBe('');
    }
    const range = await admin.get<{ error: { issues: { path: string; message: string }[] } }>(
      `/api/audit?from=${encodeURIComponent('2026-12-05T00:00:00Z')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`,
    );
    expect(range.body.error.issues[0]).toEqual({
      path: 'to',
      message: 'Thời điểm "đến" phải sau thời điểm "từ".',
    });
    expect(await countOf('export.audit_csv')).toBe(before);
    const secretary = await createUser(server.url, admin, {
      username: 'tk.xuat',
      fullName: 'Phan Thu Hà',
      systemRole: 'secretary',
    });
    expect((await secretary.client.get('/api/audit/export.csv')).status).toBe(403);
    expect((await admin.get<{ intact: boolean }>('/api/audit/verify')).body.intact).toBe(true);
  });
});
