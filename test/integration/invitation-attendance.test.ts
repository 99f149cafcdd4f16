import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, InvitationCounts } from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let secretary: { id: string; client: ApiClient };
let chair: { id: string; client: ApiClient };
let came: { id: string; client: ApiClient };
let stayedAway: { id: string; client: ApiClient };
let meeting: Awaited<ReturnType<typeof publishedMeeting>>;
const sockets: ClientSocket[] = [];

type Tracking = { items: Invitation[]; counts: InvitationCounts };

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  secretary = await createUser(server.url, admin, {
    username: 'thuky.diemdanh',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  chair = await createUser(server.url, admin, { username: 'chutich.diemdanh', fullName: 'Nguyễn Văn An' });
  came = await createUser(server.url, admin, { username: 'daibieu.den', fullName: 'Trần Thị Bình' });
  stayedAway = await createUser(server.url, admin, { username: 'daibieu.vang', fullName: 'Lê Văn Cường' });
  meeting = await publishedMeeting(secretary.client, chair.id, [
    { userId: came.id },
    { userId: stayedAway.id },
  ]);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.stop();
});

const connect = async (who: { client: ApiClient }) => {
  const s = await connectClient(server.url, who.client.cookie);
  sockets.push(s);
  await joinRoom(s, meeting.id);
  return s;
};
const tracking = async () =>
  (await secretary.client.get<Tracking>(`/api/meetings/${meeting.id}/invitations`)).body;

describe('invitation tracking follows attendance', () => {
  it('shows someone who checked in without replying as present and counts them as attending', async () => {
    const before = await tracking();
    const mine = before.items.find((i) => i.userId === came.id)!;
    expect(mine.status).toBe('pending');
    expect(mine.arrivedAt ?? null).toBeNull();

    const c = await connect(chair);
    expect((await roomCommand(c, meeting.id, { type: 'room.start' })).ok).toBe(true);
    const d = await connect(came);
    expect((await roomCommand(d, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);

    const after = await tracking();
    const present = after.items.find((i) => i.userId === came.id)!;
    const absent = after.items.find((i) => i.userId === stayedAway.id)!;
    // The reply stays what it was; the arrival is shown beside it and counted.
    expect(present.status).toBe('pending');
    expect(present.arrivedAt).toBeTruthy();
    expect(absent.arrivedAt ?? null).toBeNull();
    expect(after.counts.checkedIn).toBe(1);
    expect(after.counts.byStatus.attending).toBe(before.counts.byStatus.attending + 1);
    expect(after.counts.byStatus.pending).toBe(before.counts.byStatus.pending - 1);

    // The exported list says who came, too.
    const csv = await secretary.client.get<string>(`/api/meetings/${meeting.id}/invitations.csv`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/"Có mặt \(điểm danh\)"$/);
    expect(lines.find((l) => l.startsWith('"Trần Thị Bình"'))).toMatch(/"\d\d:\d\d[^"]*"$/);
    expect(lines.find((l) => l.startsWith('"Lê Văn Cường"'))).toMatch(/"Chưa"$/);
  });

  it('refuses to resend an invitation once the meeting ended, with 409 and a clear message', async () => {
    const { items } = await tracking();
    const absent = items.find((i) => i.userId === stayedAway.id)!;
    const c = await connect(chair);
    expect((await roomCommand(c, meeting.id, { type: 'room.end' })).ok).toBe(true);
    const res = await secretary.client.post<ErrorReply>(
      `/api/meetings/${meeting.id}/invitations/${absent.id}/resend`,
      {},
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'Cuộc họp đã kết thúc hoặc đã hủy nên không gửi lại giấy mời được nữa.',
    );
    // Nothing was queued: the deliveries are as they were.
    const again = (await tracking()).items.find((i) => i.id === absent.id)!;
    expect(again.deliveries).toEqual(absent.deliveries);
  });
});
