import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoomChanged } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createCast, createUser, type TestUser } from '../utils/fixtures.js';
import { collectChanges, joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { isRoomMarker, markerAfter, roomMarker } from '../utils/live.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let people: Record<'secretary' | 'chair' | 'member' | 'delegate', TestUser>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair', 'member', 'delegate']);
});
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server.stop();
});

const connect = async (who: TestUser) => {
  const s = await connectClient(server.url, who.client.cookie);
  open.push(s);
  return s;
};

describe('quorum while participants change during a meeting', () => {
  it('broadcasts the new quorum at once when a voting member is added or loses the vote', async () => {
    const meeting = await publishedMeeting(people.secretary.client, people.chair.id, [
      { userId: people.member.id },
    ]);
    const chair = await connect(people.chair);
    await joinRoom(chair, meeting.id);
    expect((await roomCommand(chair, meeting.id, { type: 'room.start' })).ok).toBe(true);
    // Chair and member have a vote; both present: quorum (more than half of 2) is met.
    expect((await roomCommand(chair, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const member = await connect(people.member);
    await joinRoom(member, meeting.id);
    expect((await roomCommand(member, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const seen = collectChanges(chair);
    const before = (await joinRoom(chair, meeting.id)).state;
    expect(before.quorum).toMatchObject({ eligible: 2, present: 2, met: true });

    // A third voting delegate joins the list (absent): 2 of 3 is still more than half.
    const late = await createUser(server.url, admin, { username: 'pgd.moi', fullName: 'Phó Giám đốc Mới' });
    const added = await people.secretary.client.post<{ participant: { id: string } }>(
      `/api/meetings/${meeting.id}/participants`,
      { userId: late.id, role: 'delegate' },
    );
    expect(added.status).toBe(201);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({
      seq: before.seq + 1,
      event: { type: 'participants.changed', quorum: null },
      patch: { quorum: { eligible: 3, present: 2, met: true } },
    });

    // The member present loses the vote: 1 of 2 is not more than half — quorum lost, said so.
    const participants = await people.secretary.client.get<{
      items: { id: string; userId: string | null }[];
    }>(`/api/meetings/${meeting.id}/participants`);
    const memberRow = participants.body.items.find((p) => p.userId === people.member.id)!;
    const changed = await people.secretary.client.patch(
      `/api/meetings/${meeting.id}/participants/${memberRow.id}`,
      {
        votingRight: false,
      },
    );
    expect(changed.status).toBe(200);
    await expect.poll(() => seen.length).toBe(2);
    const lost: RoomChanged = seen[1]!;
    expect(lost).toMatchObject({
      seq: before.seq + 2,
      event: { type: 'participants.changed', quorum: 'lost' },
      patch: { quorum: { eligible: 2, present: 1, met: false } },
    });
    // A client that (re)joins now gets the same state.
    const { state } = await joinRoom(chair, meeting.id);
    expect(state.quorum).toMatchObject({ eligible: 2, present: 1, met: false });
    expect(state.seq).toBe(before.seq + 2);
  });

  it('says nothing when a change does not move the quorum, and nothing before the room starts', async () => {
    const meeting = await publishedMeeting(people.secretary.client, people.chair.id, [
      { userId: people.member.id },
    ]);
    const chair = await connect(people.chair);
    await joinRoom(chair, meeting.id);
    const seen = collectChanges(chair);
    // Before the start: the list changes, no room change is broadcast.
    const observer = await people.secretary.client.post(`/api/meetings/${meeting.id}/participants`, {
      userId: people.delegate.id,
      role: 'observer',
    });
    expect(observer.status).toBe(201);
    expect((await roomCommand(chair, meeting.id, { type: 'room.start' })).ok).toBe(true);
    await expect.poll(() => seen.length).toBe(1); // the start itself
    // An observer's seat number changes: no vote, no quorum change, no broadcast.
    const rows = await people.secretary.client.get<{ items: { id: string; userId: string | null }[] }>(
      `/api/meetings/${meeting.id}/participants`,
    );
    const row = rows.body.items.find((p) => p.userId === people.delegate.id)!;
    expect(
      (
        await people.secretary.client.patch(`/api/meetings/${meeting.id}/participants/${row.id}`, {
          seat: 'B12',
        })
      ).status,
    ).toBe(200);
    await markerAfter(server, chair, 'room:changed', roomMarker, isRoomMarker);
    expect(seen.filter((c) => !isRoomMarker(c)).map((c) => c.event.type)).toEqual(['room.start']);
  });
});
