import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting, MeetingSummary } from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let secretary: { id: string; client: ApiClient };
let chair: { id: string; client: ApiClient };
let delegate: { id: string; client: ApiClient };
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  secretary = await createUser(server.url, admin, {
    username: 'thuky.lich',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  chair = await createUser(server.url, admin, { username: 'chutich.lich', fullName: 'Nguyễn Văn An' });
  delegate = await createUser(server.url, admin, { username: 'daibieu.lich', fullName: 'Trần Thị Bình' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.stop();
});

const ids = async (who: ApiClient, scope: string) =>
  (await who.get<{ items: MeetingSummary[] }>(`/api/meetings?scope=${scope}&limit=500`)).body.items.map(
    (m) => m.id,
  );

describe('upcoming and past follow the room, not only the scheduled date', () => {
  it('lists a meeting held early as current while it runs and as past once it ended, with its actual times', async () => {
    // Scheduled for tomorrow, but the chair holds it today.
    const meeting = await apiMeeting(secretary.client, {
      title: 'Họp giao ban đột xuất về phòng chống bão',
      chairId: chair.id,
      ...slot(1),
    });
    await apiParticipant(secretary.client, meeting.id, delegate.id);
    await apiStatus(secretary.client, meeting, 'published');
    expect(await ids(delegate.client, 'upcoming')).toContain(meeting.id);

    const socket = await connectClient(server.url, chair.client.cookie);
    sockets.push(socket);
    await joinRoom(socket, meeting.id);
    const before = Date.now();
    expect((await roomCommand(socket, meeting.id, { type: 'room.start' })).ok).toBe(true);
    const running = (await delegate.client.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`)).body
      .meeting;
    expect(running.status).toBe('in_progress');
    expect(Date.parse(running.startedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(running.endedAt ?? null).toBeNull();
    expect(await ids(delegate.client, 'upcoming')).toContain(meeting.id);
    expect(await ids(delegate.client, 'past')).not.toContain(meeting.id);

    expect((await roomCommand(socket, meeting.id, { type: 'room.end' })).ok).toBe(true);
    const ended = (await delegate.client.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`)).body
      .meeting;
    expect(ended.status).toBe('ended');
    expect(ended.startedAt).toBe(running.startedAt);
    expect(Date.parse(ended.endedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(running.startedAt ?? ''));
    expect(await ids(delegate.client, 'past')).toContain(meeting.id);
    expect(await ids(delegate.client, 'upcoming')).not.toContain(meeting.id);

    // Closing the minutes keeps it in the past.
    await apiStatus(secretary.client, meeting, 'closed');
    expect(await ids(delegate.client, 'past')).toContain(meeting.id);
    expect(await ids(delegate.client, 'upcoming')).not.toContain(meeting.id);
  });

  it('keeps a meeting that runs past its scheduled end under upcoming, not past', async () => {
    // Scheduled to have ended an hour ago, and still running in the room.
    const start = Date.now() - 3 * 3_600_000;
    const meeting = await apiMeeting(secretary.client, {
      title: 'Họp thẩm định đề án kéo dài',
      chairId: chair.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    });
    await apiStatus(secretary.client, meeting, 'published');
    const socket = await connectClient(server.url, chair.client.cookie);
    sockets.push(socket);
    await joinRoom(socket, meeting.id);
    expect((await roomCommand(socket, meeting.id, { type: 'room.start' })).ok).toBe(true);
    expect(await ids(chair.client, 'upcoming')).toContain(meeting.id);
    expect(await ids(chair.client, 'past')).not.toContain(meeting.id);
  });

  it('a clone starts without the source meeting’s actual times', async () => {
    const past = (await secretary.client.get<{ items: MeetingSummary[] }>('/api/meetings?scope=past')).body
      .items[0];
    expect(past?.endedAt).toBeTruthy();
    const res = await secretary.client.post<{ meeting: Meeting }>(`/api/meetings/${past!.id}/clone`, slot(7));
    expect(res.status).toBe(201);
    expect(res.body.meeting.startedAt ?? null).toBeNull();
    expect(res.body.meeting.endedAt ?? null).toBeNull();
  });
});
