import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Vote } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';
import { startServer, type TestServer } from '../utils/server.js';
import { addVoters, castBallot, prepareVote, voteControl, voteJoin, type Voter } from '../utils/votes.js';

/**
 * Votes at the edges of the room: the meeting ends while a vote is open, a second ballot where
 * changes are not allowed, a ballot that names another meeting the voter also sits in, a second vote
 * opened while one is open, a ballot resent after an ended vote has left the server's memory.
 */
let server: TestServer;
let admin: ApiClient;
let people: Record<'secretary' | 'chair', TestUser>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer({ env: { SOCKET_EVENTS_PER_SECOND: '1000', SOCKET_EVENT_BURST: '1000' } });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair']);
});
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server.stop();
});

const connect = async (cookie: string | undefined) => {
  const s = await connectClient(server.url, cookie);
  open.push(s);
  return s;
};

/** A running meeting with the chair and `n` voting delegates checked in. */
async function runningMeeting(n: number, voters?: Voter[]) {
  const meeting = await publishedMeeting(people.secretary.client, people.chair.id, []);
  const list = voters ?? (await addVoters(server.running, meeting.id, n, 're'));
  if (voters)
    for (const v of voters)
      await server.running.store.participants.add({
        id: randomUUID(),
        meetingId: meeting.id,
        userId: v.userId,
        guest: null,
        role: 'delegate',
        votingRight: true,
        seat: null,
        deputyForId: null,
        createdAt: new Date().toISOString(),
      });
  const chair = await connect(people.chair.client.cookie);
  await joinRoom(chair, meeting.id);
  expect((await roomCommand(chair, meeting.id, { type: 'room.start' })).ok).toBe(true);
  expect((await roomCommand(chair, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
  const sockets = await Promise.all(list.map((v) => connect(v.cookie)));
  for (const s of sockets) {
    await joinRoom(s, meeting.id);
    expect((await roomCommand(s, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
  }
  return { meeting, chair, voters: list, sockets };
}

const stored = async (meetingId: string, voteId: string): Promise<Vote> => {
  const res = await people.secretary.client.get<{ items: Vote[] }>(`/api/meetings/${meetingId}/votes`);
  return res.body.items.find((v) => v.id === voteId)!;
};

const errorOf = (res: { ok: boolean; error?: { code: string; message: string } }) =>
  res.ok ? null : res.error;

describe('votes at the edges of the room', () => {
  it('closes the open vote with the ballots cast when the chair ends the meeting, stores, broadcasts and audits the result', async () => {
    const { meeting, chair, sockets } = await runningMeeting(3);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua kế hoạch chuyển đổi số năm 2025',
      kind: 'secret',
      rule: 'cast',
    });
    expect((await voteControl(chair, 'vote:open', meeting.id, vote.id)).ok).toBe(true);
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, vote.id, ['for']))).toBeNull();
    expect(errorOf(await castBallot(sockets[1]!, meeting.id, vote.id, ['against']))).toBeNull();
    const seen: Vote[] = [];
    sockets[2]!.on('vote:changed', (c) => {
      if (c.vote.id === vote.id) seen.push(c.vote);
    });

    expect((await roomCommand(chair, meeting.id, { type: 'room.end' })).ok).toBe(true);

    // By the time the room has ended, the vote is closed and its result stored.
    const after = await stored(meeting.id, vote.id);
    expect(after.state).toBe('closed');
    expect(after.result).toMatchObject({ cast: 2, rule: 'cast' });
    expect(Object.fromEntries(after.result!.counts.map((c) => [c.id, c.count]))).toEqual({
      for: 1,
      against: 1,
      abstain: 0,
    });
    expect(after.result!.verdict).toBe('rejected');
    // Every screen still in the room got the result.
    await expect.poll(() => seen.at(-1)?.state, { timeout: 5000 }).toBe('closed');
    expect(seen.at(-1)?.result?.cast).toBe(2);
    // Audited once, by the chair who ended the meeting, with the cause.
    const audit = await admin.get<{ items: AuditEntry[] }>(
      `/api/audit?limit=50&targetId=${encodeURIComponent(vote.id)}`,
    );
    const closings = audit.body.items.filter((e) => e.action === 'vote.closed' && e.targetId === vote.id);
    expect(closings).toHaveLength(1);
    expect(closings[0]).toMatchObject({
      actorId: people.chair.id,
      data: { cause: 'meeting_ended', cast: 2 },
    });
    // The last delegate's ballot comes too late, with the reason.
    const late = await castBallot(sockets[2]!, meeting.id, vote.id, ['for']);
    expect(errorOf(late)).toMatchObject({ code: 'invalid_state' });
    expect(errorOf(late)?.message).toContain('kết thúc');
    expect((await stored(meeting.id, vote.id)).result?.cast).toBe(2);
  }, 60_000);

  it('refuses a second ballot in an open vote that allows no change, and the first choice is the one counted', async () => {
    const { meeting, chair, sockets } = await runningMeeting(2);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua danh mục dự án đầu tư công',
      kind: 'named',
      allowChange: false,
    });
    expect((await voteControl(chair, 'vote:open', meeting.id, vote.id)).ok).toBe(true);
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, vote.id, ['for']))).toBeNull();
    const second = await castBallot(sockets[0]!, meeting.id, vote.id, ['against']);
    expect(errorOf(second)).toMatchObject({ code: 'invalid_state' });
    expect(errorOf(second)?.message).toContain('không cho phép thay đổi');
    // The first choice stays, with the opId of that first ballot (the tablet knows it as its own).
    const own = (await voteJoin(sockets[0]!, meeting.id)).mine[vote.id];
    expect(own).toMatchObject({ entitled: true, voted: true, choice: ['for'] });
    expect(typeof own?.opId).toBe('string');
    const closed = await voteControl(chair, 'vote:close', meeting.id, vote.id);
    const result = closed.ok ? closed.data.result : null;
    expect(result?.cast).toBe(1);
    expect(result?.choices?.map((c) => c.choice)).toEqual([['for']]);
  }, 60_000);

  it('refuses a ballot that names another meeting the voter also sits in, and counts it in neither', async () => {
    const first = await runningMeeting(2);
    const second = await runningMeeting(2, first.voters);
    const voteA = await prepareVote(people.secretary.client, first.meeting.id, { question: 'Nội dung A' });
    const voteB = await prepareVote(people.secretary.client, second.meeting.id, { question: 'Nội dung B' });
    expect((await voteControl(first.chair, 'vote:open', first.meeting.id, voteA.id)).ok).toBe(true);
    expect((await voteControl(second.chair, 'vote:open', second.meeting.id, voteB.id)).ok).toBe(true);
    // Meeting B with meeting A's vote, and the other way round: not found, nothing counted.
    const crossed = [
      await castBallot(first.sockets[0]!, second.meeting.id, voteA.id, ['for']),
      await castBallot(first.sockets[0]!, first.meeting.id, voteB.id, ['for']),
    ];
    for (const res of crossed) expect(errorOf(res)).toMatchObject({ code: 'not_found' });
    const joinA = await voteJoin(first.chair, first.meeting.id);
    const joinB = await voteJoin(second.chair, second.meeting.id);
    expect(joinA.votes.find((v) => v.id === voteA.id)?.voted).toBe(0);
    expect(joinB.votes.find((v) => v.id === voteB.id)?.voted).toBe(0);
    // The same voter's ballot in the right meeting is counted there.
    expect(errorOf(await castBallot(second.sockets[0]!, second.meeting.id, voteB.id, ['for']))).toBeNull();
  }, 60_000);

  it('opens one vote at a time in a meeting: a second is refused with the open one named, and opens once that one is closed', async () => {
    const { meeting, chair, sockets } = await runningMeeting(2);
    const prepare = (question: string) => prepareVote(people.secretary.client, meeting.id, { question });
    const done = await prepare('Thông qua chương trình họp');
    const a = await prepare('Thông qua báo cáo kinh tế - xã hội');
    const b = await prepare('Thông qua kế hoạch đầu tư công');
    // A vote held and closed earlier in the meeting does not stand in the way.
    expect((await voteControl(chair, 'vote:open', meeting.id, done.id)).ok).toBe(true);
    expect((await voteControl(chair, 'vote:close', meeting.id, done.id)).ok).toBe(true);
    expect((await voteControl(chair, 'vote:open', meeting.id, a.id)).ok).toBe(true);
    const refused = await voteControl(chair, 'vote:open', meeting.id, b.id);
    expect(errorOf(refused)).toMatchObject({ code: 'invalid_state' });
    expect(errorOf(refused)?.message).toContain('Thông qua báo cáo kinh tế - xã hội');
    // Nothing changed: b is still prepared, a still open and taking ballots.
    expect((await stored(meeting.id, b.id)).state).toBe('prepared');
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, a.id, ['for']))).toBeNull();
    expect((await voteControl(chair, 'vote:close', meeting.id, a.id)).ok).toBe(true);
    expect((await voteControl(chair, 'vote:open', meeting.id, b.id)).ok).toBe(true);
    expect((await stored(meeting.id, b.id)).state).toBe('open');
  }, 60_000);

  it('keeps an ended vote in memory only for a while, and still answers a resent ballot as counted after that', async () => {
    const votes = server.running.app.services.votes;
    const { meeting, chair, sockets } = await runningMeeting(2);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua quy chế làm việc của Ủy ban',
      kind: 'named',
    });
    expect((await voteControl(chair, 'vote:open', meeting.id, vote.id)).ok).toBe(true);
    const opId = randomUUID();
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, vote.id, ['for'], opId))).toBeNull();
    const kept = votes.endedKeptMs;
    votes.endedKeptMs = 200;
    try {
      expect((await voteControl(chair, 'vote:close', meeting.id, vote.id)).ok).toBe(true);
      expect(votes.holds(vote.id)).toBe(true);
      await eventually(() => expect(votes.holds(vote.id)).toBe(false), 5000);
      // The tablet lost its answer and resends the same ballot: read back from the store, counted once.
      const resent = await castBallot(sockets[0]!, meeting.id, vote.id, ['for'], opId);
      expect(resent.ok ? resent.data : resent.error).toMatchObject({ duplicate: true });
      // Read for that answer, it leaves memory again.
      expect(votes.holds(vote.id)).toBe(true);
      await eventually(() => expect(votes.holds(vote.id)).toBe(false), 5000);
      // A new ballot after the close is refused with the reason, and nothing changes.
      const late = await castBallot(sockets[1]!, meeting.id, vote.id, ['against']);
      expect(errorOf(late)).toMatchObject({ code: 'invalid_state' });
      expect(errorOf(late)?.message).toContain('kết thúc');
      const result = (await stored(meeting.id, vote.id)).result;
      expect(result?.cast).toBe(1);
      expect(result?.choices?.map((c) => c.choice)).toEqual([['for']]);
    } finally {
      votes.endedKeptMs = kept;
    }
  }, 60_000);
});
