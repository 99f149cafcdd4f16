import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Running } from '@icabinet/server';
import type { Result, Vote, VoteCastAck, VoteJoinAck } from '@icabinet/shared';
import type { ApiClient } from './http.js';
import type { ClientSocket } from './socket.js';

/** A voting delegate made straight in the store, with a live session cookie (no argon2 per person). */
export interface Voter {
  userId: string;
  participantId: string;
  fullName: string;
  cookie: string;
}

/**
 * Adds `count` voting delegates to a meeting, each a user with a signed-in session. Signing 500
 * people in through the API would hash 500 passwords; the session rows are what a sign-in writes.
 */
export async function addVoters(
  running: Running,
  meetingId: string,
  count: number,
  prefix = 'db',
  opts: { deputyForId?: string } = {},
): Promise<Voter[]> {
  const now = new Date().toISOString();
  const out: Voter[] = [];
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const fullName = `Đại biểu ${prefix.toUpperCase()} ${String(i + 1).padStart(3, '0')}`;
    await running.store.users.create({
      id: userId,
      username: `${prefix}.${i}.${userId.slice(0, 6)}`,
      fullName,
      title: null,
      unitId: null,
      email: null,
      phone: null,
      systemRole: 'member',
      active: true,
      mustChangePassword: false,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
      passwordHash: 'not-a-hash: this account signs in only through the session made here',
    });
    const participantId = randomUUID();
    await running.store.participants.add({
      id: participantId,
      meetingId,
      userId,
      guest: null,
      role: 'delegate',
      // A deputy has no vote of their own: they stand in for their principal.
      votingRight: !opts.deputyForId,
      seat: null,
      deputyForId: opts.deputyForId ?? null,
      createdAt: now,
    });
    const token = randomBytes(32).toString('base64url');
    await running.store.sessions.create({
      id: createHash('sha256').update(token).digest('hex'),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
      ip: null,
      userAgent: null,
    });
    out.push({ userId, participantId, fullName, cookie: `icabinet_sid=${token}` });
  }
  return out;
}

/** Prepares a vote through the API and returns it (throws on refusal). */
export async function prepareVote(
  client: ApiClient,
  meetingId: string,
  input: Record<string, unknown>,
): Promise<Vote> {
  const res = await client.post<{ vote: Vote }>(`/api/meetings/${meetingId}/votes`, input);
  if (res.status !== 201) throw new Error(`vote: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.vote;
}

export async function voteJoin(socket: ClientSocket, meetingId: string): Promise<VoteJoinAck> {
  const res = (await socket.timeout(10_000).emitWithAck('vote:join', { meetingId })) as Result<VoteJoinAck>;
  if (!res.ok) throw new Error(`vote:join refused: ${JSON.stringify(res.error)}`);
  return res.data;
}

export function voteControl(
  socket: ClientSocket,
  event: 'vote:open' | 'vote:close',
  meetingId: string,
  voteId: string,
): Promise<Result<Vote>> {
  return socket.timeout(10_000).emitWithAck(event, { meetingId, voteId }) as Promise<Result<Vote>>;
}

export function castBallot(
  socket: ClientSocket,
  meetingId: string,
  voteId: string,
  choice: string[],
  opId: string = randomUUID(),
): Promise<Result<VoteCastAck>> {
  return socket.timeout(15_000).emitWithAck('vote:cast', { meetingId, voteId, opId, choice }) as Promise<
    Result<VoteCastAck>
  >;
}
