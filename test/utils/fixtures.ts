import { randomUUID } from 'node:crypto';
import type { Running } from '@icabinet/server';
import { DEFAULT_QUORUM, type MeetingRole } from '@icabinet/shared';
import { ApiClient } from './http.js';

/** Creates a user through the admin API and returns a signed-in client for them. */
export async function createUser(
  url: string,
  admin: ApiClient,
  input: { username: string; fullName: string; systemRole?: 'admin' | 'secretary' | 'member' },
): Promise<{ id: string; client: ApiClient; password: string }> {
  const password = `Mat-khau-${input.username}-1`;
  const res = await admin.post<{ user: { id: string } }>('/api/users', { ...input, password });
  if (res.status !== 201)
    throw new Error(`could not create ${input.username}: ${res.status} ${JSON.stringify(res.body)}`);
  const client = new ApiClient(url);
  const status = await client.login(input.username, password);
  if (status !== 200) throw new Error(`could not sign in ${input.username}: ${status}`);
  return { id: res.body.user.id, client, password };
}

/** Puts a meeting straight into the store (meeting preparation has its own API in a later module). */
export async function createMeeting(
  running: Running,
  createdBy: string,
  participants: { userId: string; role: MeetingRole }[],
  confidentiality: 'public' | 'internal' | 'confidential' = 'internal',
): Promise<string> {
  const now = new Date().toISOString();
  const id = randomUUID();
  await running.store.meetings.create({
    id,
    title: 'Phiên họp UBND Thành phố thường kỳ',
    description: null,
    agendaVersion: 0,
    seriesId: null,
    kind: 'regular',
    location: 'Phòng họp tầng 3',
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    status: 'published',
    confidentiality,
    chairId: null,
    quorumRule: DEFAULT_QUORUM,
    statusReason: null,
    createdBy,
    createdAt: now,
    updatedAt: now,
    version: 0,
  });
  for (const p of participants) {
    await running.store.participants.add({
      id: randomUUID(),
      meetingId: id,
      userId: p.userId,
      guest: null,
      role: p.role,
      votingRight: p.role === 'chair' || p.role === 'delegate',
      seat: null,
      deputyForId: null,
      createdAt: now,
    });
  }
  return id;
}
