import { randomUUID } from 'node:crypto';
import type { Running } from '@icabinet/server';
import { DEFAULT_QUORUM, type MeetingRole } from '@icabinet/shared';
import { ApiClient } from './http.js';

/**
 * A test user's password that passes the password policy: not the username inside (the policy
 * refuses that), different per user, always the same for one username.
 */
export const passwordFor = (username: string): string =>
  `Mat-khau-${username.length}x${[...username].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 997, 7)}-Ha`;

/** Creates a user through the admin API and returns a signed-in client for them. */
export async function createUser(
  url: string,
  admin: ApiClient,
  input: { username: string; fullName: string; systemRole?: 'admin' | 'secretary' | 'member' },
): Promise<{ id: string; client: ApiClient; password: string }> {
  const password = passwordFor(input.username);
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
    sharedAnnotationsOpen: false,
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

/** The people most tests need, with the same names everywhere so failures read alike. */
export const CAST = {
  secretary: { username: 'vp.thuky', fullName: 'Trần Thị Bích', systemRole: 'secretary' },
  secretary2: { username: 'vp.thuky2', fullName: 'Lê Văn Cường', systemRole: 'secretary' },
  chair: { username: 'chutich', fullName: 'Nguyễn Văn An' },
  member: { username: 'gd.so', fullName: 'Đặng Minh Châu' },
  delegate: { username: 'gd.tttt', fullName: 'Đỗ Việt Hùng' },
  outsider: { username: 'ngoai', fullName: 'Phạm Văn Ngoại' },
} as const satisfies Record<string, Parameters<typeof createUser>[2]>;

export type CastRole = keyof typeof CAST;
export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** Creates the named members of the cast through the admin API, signed in. */
export async function createCast<R extends CastRole>(
  url: string,
  admin: ApiClient,
  roles: readonly R[],
): Promise<Record<R, TestUser>> {
  const out = {} as Record<R, TestUser>;
  for (const role of roles) out[role] = await createUser(url, admin, CAST[role]);
  return out;
}
