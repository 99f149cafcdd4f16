import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../utils/http.js';
import { createUser } from '../utils/fixtures.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
});
afterAll(async () => {
  await server.stop();
});

describe('meetings in the audit log', () => {
  it('records who created, edited and cancelled a meeting, and the chain stays intact', async () => {
    const secretary = await createUser(server.url, admin, {
      username: 'thuky.audit',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    const meeting = await apiMeeting(secretary.client, { title: 'Giao ban tuần 48' });
    const edited = await secretary.client.patch(`/api/meetings/${meeting.id}`, {
      version: meeting.version,
      location: 'Phòng họp số 2',
    });
    expect(edited.status).toBe(200);
    await apiStatus(secretary.client, meeting, 'cancelled', 'Trùng lịch họp Thành ủy');

    const log = await admin.get<{
      items: { action: string; actorId: string; targetId: string; data: Record<string, unknown> }[];
    }>('/api/audit?limit=20');
    const mine = log.body.items.filter((e) => e.targetId === meeting.id).reverse();
    expect(mine.map((e) => e.action)).toEqual(['meeting.created', 'meeting.updated', 'meeting.cancelled']);
    expect(mine.every((e) => e.actorId === secretary.id)).toBe(true);
    expect(mine[1]?.data).toEqual({ fields: ['location'] });
    expect(mine[2]?.data).toMatchObject({
      from: 'draft',
      to: 'cancelled',
      reason: 'Trùng lịch họp Thành ủy',
    });
    const verify = await admin.get<{ intact: boolean }>('/api/audit/verify');
    expect(verify.body.intact).toBe(true);
  });
});
