import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result, Vote, VoteProgress } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';
import { addVoters, castBallot, prepareVote, voteControl, voteJoin } from '../utils/votes.js';

let server: TestServer;
let admin: ApiClient;
let people: Record<'secretary' | 'chair' | 'member' | 'delegate' | 'outsider', TestUser>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer({ env: { SOCKET_EVENTS_PER_SECOND: '1000', SOCKET_EVENT_BURST: '1000' } });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair', 'member', 'delegate', 'outsider']);
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

/** A running meeting: the chair (checked in) and `n` checked-in voting delegates. */
async function runningMeeting(n: number, extra: { userId: string; role?: 'delegate' | 'observer' }[] = []) {
  const meeting = await publishedMeeting(people.secretary.client, people.chair.id, extra);
  const voters = await addVoters(server.running, meeting.id, n);
  const chair = await connect(people.chair.client.cookie);
  await joinRoom(chair, meeting.id);
  expect((await roomCommand(chair, meeting.id, { type: 'room.start' })).ok).toBe(true);
  expect((await roomCommand(chair, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
  const sockets = await Promise.all(voters.map((v) => connect(v.cookie)));
  await Promise.all(
    sockets.map(async (s) => {
      await joinRoom(s, meeting.id);
      const res = await roomCommand(s, meeting.id, { type: 'attendance.checkin' });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
    }),
  );
  return { meeting, chair, voters, sockets };
}

const stored = async (meetingId: string, voteId: string): Promise<Vote> => {
  const res = await people.secretary.client.get<{ items: Vote[] }>(`/api/meetings/${meetingId}/votes`);
  return res.body.items.find((v) => v.id === voteId)!;
};

const errorOf = (res: { ok: boolean; error?: { code: string; message: string } }) =>
  res.ok ? null : res.error;

describe('votes in the meeting room', () => {
  it('counts each of 50 ballots exactly once through retries and reconnects, then refuses late ones', async () => {
    const { meeting, chair, voters, sockets } = await runningMeeting(50);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua Tờ trình sơ kết 6 tháng thực hiện Đề án 06',
      rule: 'members',
      allowChange: false,
    });
    expect(vote.options.map((o) => o.label)).toEqual(['Tán thành', 'Không tán thành', 'Không biểu quyết']);
    const progress: VoteProgress[] = [];
    sockets[2]!.on('vote:progress', (p) => progress.push(p));
    const opened = await voteControl(chair, 'vote:open', meeting.id, vote.id);
    expect(errorOf(opened)).toBeNull();
    // The chair and the 50 delegates are checked in: 51 seats, frozen now.
    expect(opened.ok && opened.data.seats?.length).toBe(51);

    const want = (i: number) => ['for', 'for', 'against', 'abstain'][i % 4]!;
    const cast = async (i: number, s: ClientSocket) => {
      const opId = randomUUID();
      if (i % 5 === 0) {
        // The Wi-Fi drops right after sending: the tablet reconnects and sends the same ballot again.
        s.emit(
          'vote:cast',
          { meetingId: meeting.id, voteId: vote.id, opId, choice: [want(i)] },
          () => undefined,
        );
        s.disconnect();
        const again = await connect(voters[i]!.cookie);
        const res = await castBallot(again, meeting.id, vote.id, [want(i)], opId);
        expect(errorOf(res)).toBeNull();
        return;
      }
      if (i % 5 === 1) {
        // The same ballot twice at once (a retry racing the first try): one is a duplicate.
        const [a, b] = await Promise.all([
          castBallot(s, meeting.id, vote.id, [want(i)], opId),
          castBallot(s, meeting.id, vote.id, [want(i)], opId),
        ]);
        expect([a.ok && a.data.duplicate, b.ok && b.data.duplicate].sort()).toEqual([false, true]);
        return;
      }
      const res = await castBallot(s, meeting.id, vote.id, [want(i)], opId);
      expect(errorOf(res)).toBeNull();
      // And a late retry of it after the ack: still one ballot.
      const retry = await castBallot(s, meeting.id, vote.id, [want(i)], opId);
      expect(retry.ok && retry.data).toMatchObject({ duplicate: true });
    };
    await Promise.all(sockets.map((s, i) => cast(i, s)));
    // Everyone has voted but the chair; the chair is told who is missing.
    const joined = await voteJoin(chair, meeting.id);
    expect(joined.waiting?.notVoted.map((n) => n.name)).toEqual(['Nguyễn Văn An']);
    await expect.poll(() => progress.at(-1)?.voted, { timeout: 5000 }).toBe(50);

    const closed = await voteControl(chair, 'vote:close', meeting.id, vote.id);
    expect(errorOf(closed)).toBeNull();
    const result = (closed.ok ? closed.data : null)!.result!;
    const expected = { for: 0, against: 0, abstain: 0 } as Record<string, number>;
    for (let i = 0; i < 50; i++) expected[want(i)]!++;
    expect(Object.fromEntries(result.counts.map((c) => [c.id, c.count]))).toEqual(expected);
    expect(result).toMatchObject({ rule: 'members', members: 51, entitled: 51, cast: 50, notVoted: 1 });
    // 25 of 51 members for is not more than half of all members.
    expect(result.verdict).toBe(expected.for! * 2 > 51 ? 'passed' : 'rejected');
    expect(result.choices).toBeNull();

    // A ballot after the close is refused with the reason, and nothing changes.
    const late = await castBallot(chair, meeting.id, vote.id, ['for']);
    expect(errorOf(late)).toMatchObject({ code: 'invalid_state' });
    expect(errorOf(late)?.message).toMatch(/đã kết thúc lúc \d{2}:\d{2}/);
    expect((await stored(meeting.id, vote.id)).result).toEqual(result);
  }, 120_000);

  it('lets only the checked-in members vote, a deputy for their principal when allowed, and refuses bad ballots', async () => {
    const { meeting, chair, sockets } = await runningMeeting(3, [
      { userId: people.member.id },
      { userId: people.delegate.id, role: 'observer' },
    ]);
    const member = await connect(people.member.client.cookie);
    await joinRoom(member, meeting.id);
    const observer = await connect(people.delegate.client.cookie);
    await joinRoom(observer, meeting.id);
    expect((await roomCommand(observer, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const choice = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Lựa chọn hai đơn vị thí điểm',
      options: ['Quận Hoàn Kiếm', 'Huyện Đan Phượng', 'Quận Cầu Giấy'],
      maxChoices: 2,
      kind: 'named',
      rule: 'plurality',
    });
    expect((await voteControl(chair, 'vote:open', meeting.id, choice.id)).ok).toBe(true);
    // The member checks in only after the vote opened: not on the frozen list.
    expect((await roomCommand(member, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const bad = [
      [member, ['c1'], 'forbidden'],
      [observer, ['c1'], 'forbidden'],
      [sockets[0]!, ['c9'], 'invalid_input'],
      [sockets[0]!, ['c1', 'c2', 'c3'], 'invalid_input'],
      [sockets[0]!, ['c1', 'c1'], 'invalid_input'],
    ] as const;
    for (const [s, c, code] of bad) {
      const res = await castBallot(s, meeting.id, choice.id, [...c]);
      expect(errorOf(res), JSON.stringify(c)).toMatchObject({ code });
    }
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, choice.id, ['c9']))?.message).toContain('"c9"');
    expect(
      errorOf(await castBallot(sockets[0]!, meeting.id, choice.id, ['c1', 'c2', 'c3']))?.message,
    ).toContain('tối đa 2');
    // An unknown vote, or this vote named with another meeting: not found.
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, randomUUID(), ['c1']))).toMatchObject({
      code: 'not_found',
    });
    const other = await publishedMeeting(people.secretary.client, people.chair.id, []);
    expect(errorOf(await castBallot(sockets[0]!, other.id, choice.id, ['c1']))).toMatchObject({
      code: 'not_found',
    });
    // An outsider to the meeting learns nothing.
    const outsider = await connect(people.outsider.client.cookie);
    expect(errorOf(await castBallot(outsider, meeting.id, choice.id, ['c1']))).toMatchObject({
      code: 'forbidden',
    });
    // Nothing was counted by any of that.
    expect((await voteJoin(chair, meeting.id)).votes.find((v) => v.id === choice.id)?.voted).toBe(0);

    // A named vote allows a change by default: the last choice counts, once.
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, choice.id, ['c1', 'c2']))).toBeNull();
    const changed = await castBallot(sockets[0]!, meeting.id, choice.id, ['c2']);
    expect(changed.ok && changed.data).toMatchObject({ changed: true, voted: 1 });
    expect(errorOf(await castBallot(sockets[1]!, meeting.id, choice.id, ['c2', 'c3']))).toBeNull();
    const closed = await voteControl(chair, 'vote:close', meeting.id, choice.id);
    const result = (closed.ok ? closed.data.result : null)!;
    expect(Object.fromEntries(result.counts.map((c) => [c.id, c.count]))).toEqual({ c1: 0, c2: 2, c3: 1 });
    expect(result.counts.filter((c) => c.selected).map((c) => c.id)).toEqual(['c2', 'c3']);
    expect(result.choices?.map((c) => c.choice)).toEqual(expect.arrayContaining([['c2'], ['c2', 'c3']]));
    // Closed: a second close answers the same record, a ballot is refused.
    const again = await voteControl(chair, 'vote:close', meeting.id, choice.id);
    expect(again.ok && again.data.version).toBe(closed.ok && closed.data.version);
    expect(errorOf(await castBallot(sockets[2]!, meeting.id, choice.id, ['c1']))).toMatchObject({
      code: 'invalid_state',
    });
  }, 60_000);

  it('refuses to open without quorum or a running room, and refuses a second ballot when changes are not allowed', async () => {
    const meeting = await publishedMeeting(people.secretary.client, people.chair.id, [
      { userId: people.member.id },
      { userId: people.delegate.id },
    ]);
    const chair = await connect(people.chair.client.cookie);
    await joinRoom(chair, meeting.id);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua kế hoạch',
      kind: 'secret',
    });
    expect(vote.allowChange).toBe(false);
    const notRunning = await voteControl(chair, 'vote:open', meeting.id, vote.id);
    expect(errorOf(notRunning)).toMatchObject({ code: 'invalid_state' });
    expect((await roomCommand(chair, meeting.id, { type: 'room.start' })).ok).toBe(true);
    expect((await roomCommand(chair, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    // 1 of 3 voting members present: no quorum.
    const noQuorum = await voteControl(chair, 'vote:open', meeting.id, vote.id);
    expect(errorOf(noQuorum)).toMatchObject({ code: 'invalid_state' });
    expect(errorOf(noQuorum)?.message).toContain('1/3');
    expect((await stored(meeting.id, vote.id)).state).toBe('prepared');
    // A delegate may not open it.
    const member = await connect(people.member.client.cookie);
    await joinRoom(member, meeting.id);
    expect((await roomCommand(member, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    expect(errorOf(await voteControl(member, 'vote:open', meeting.id, vote.id))).toMatchObject({
      code: 'forbidden',
    });
    const opened = await voteControl(chair, 'vote:open', meeting.id, vote.id);
    expect(errorOf(opened)).toBeNull();
    expect(errorOf(await castBallot(member, meeting.id, vote.id, ['for']))).toBeNull();
    const second = await castBallot(member, meeting.id, vote.id, ['against']);
    expect(errorOf(second)).toMatchObject({ code: 'invalid_state' });
    expect(errorOf(second)?.message).toContain('không cho phép thay đổi');
    // Secret: the member's own choice is not kept for them either.
    const mine = await voteJoin(member, meeting.id);
    // Only the opId of their own ballot comes back (the tablet tells its ballot from another device's).
    const own = mine.mine[vote.id];
    expect(own).toMatchObject({ entitled: true, voted: true, choice: null });
    expect(typeof own?.opId).toBe('string');

    // Annul with a reason (audited), then re-run the copy.
    const annulled = (await chair.timeout(5000).emitWithAck('vote:annul', {
      meetingId: meeting.id,
      voteId: vote.id,
      reason: 'Thiết bị biểu quyết của một đại biểu bị lỗi',
    })) as Result<{ vote: Vote; rerun: Vote }>;
    expect(annulled.ok).toBe(true);
    const rerun = annulled.ok ? annulled.data.rerun : null;
    expect(rerun).toMatchObject({ state: 'prepared', rerunOf: vote.id, question: 'Thông qua kế hoạch' });
    expect(errorOf(await castBallot(member, meeting.id, vote.id, ['for']))?.message).toContain('hủy');
    const audit = await admin.get<{ items: { action: string; data: Record<string, unknown> }[] }>(
      '/api/audit?limit=200',
    );
    const entry = audit.body.items.find((e) => e.action === 'vote.annulled');
    expect(entry?.data).toMatchObject({
      reason: 'Thiết bị biểu quyết của một đại biểu bị lỗi',
      rerunId: rerun!.id,
    });
    expect(errorOf(await voteControl(chair, 'vote:open', meeting.id, rerun!.id))).toBeNull();
    expect(errorOf(await castBallot(member, meeting.id, rerun!.id, ['against']))).toBeNull();
  }, 60_000);

  it('closes a timed vote at its deadline and says so to a late ballot', async () => {
    const { meeting, chair, sockets } = await runningMeeting(2);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua danh mục dự án',
      durationSeconds: 10,
    });
    const changes: Vote[] = [];
    sockets[1]!.on('vote:changed', (c) => changes.push(c.vote));
    const opened = await voteControl(chair, 'vote:open', meeting.id, vote.id);
    expect(opened.ok && opened.data.closesAt).toBeTruthy();
    expect(errorOf(await castBallot(sockets[0]!, meeting.id, vote.id, ['for']))).toBeNull();
    await expect.poll(() => changes.at(-1)?.state, { timeout: 15_000, interval: 200 }).toBe('closed');
    const late = await castBallot(sockets[1]!, meeting.id, vote.id, ['for']);
    expect(errorOf(late)).toMatchObject({ code: 'invalid_state' });
    expect(changes.at(-1)?.closedAt).toBe(opened.ok && opened.data.closesAt);
    expect(changes.at(-1)?.result).toMatchObject({ cast: 1, counts: [{ id: 'for', count: 1 }, {}, {}] });
  }, 30_000);

  it('lists votes with results, exports them as CSV in either language, and validates what is prepared', async () => {
    const meeting = await publishedMeeting(people.secretary.client, people.chair.id, [
      { userId: people.member.id },
    ]);
    const bad = [
      { question: '' },
      { question: 'Bỏ phiếu kín', kind: 'secret', allowChange: true },
      { question: 'Chọn', options: ['A', 'B'], maxChoices: 3 },
      { question: 'Chọn', options: ['A', 'a'] },
      { question: 'Thông qua', rule: 'unanimous' },
      { question: 'Thông qua\u202e', options: ['A', 'B'] },
    ];
    for (const body of bad) {
      const res = await people.secretary.client.post(`/api/meetings/${meeting.id}/votes`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const memberCreates = await people.member.client.post(`/api/meetings/${meeting.id}/votes`, {
      question: 'X',
    });
    expect(memberCreates.status).toBe(403);
    expect(
      (await people.member.client.get<{ items: Vote[] }>(`/api/meetings/${meeting.id}/votes`)).body.items,
    ).toEqual([]);
    const v = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua "=1+1" kế hoạch',
    });
    const list = await people.member.client.get<{ items: Vote[] }>(`/api/meetings/${meeting.id}/votes`);
    expect(list.body.items.map((x) => [x.id, x.state])).toEqual([[v.id, 'prepared']]);
    const vi = await people.secretary.client.get<string>(`/api/meetings/${meeting.id}/votes.csv`);
    expect(vi.status).toBe(200);
    // (fetch's text() drops the BOM; the bytes are checked below.)
    expect(vi.body.startsWith('"Nội dung biểu quyết"')).toBe(true);
    const raw = await fetch(`${server.url}/api/meetings/${meeting.id}/votes.csv`, {
      headers: { cookie: people.secretary.client.cookie! },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // A question that looks like a formula is defused.
    expect(vi.body).toContain(`"Thông qua ""=1+1"" kế hoạch"`);
    expect(vi.body).toContain('"Tán thành"');
    expect(vi.headers.get('content-disposition')).toContain('ket-qua-bieu-quyet-');
    const en = await new ApiClient(server.url, 'en').request<string>(
      'GET',
      `/api/meetings/${meeting.id}/votes.csv`,
      undefined,
      {
        cookie: people.secretary.client.cookie!,
      },
    );
    expect(en.body).toContain('"Question"');
    expect(en.body).toContain('"Prepared"');
    // Removing: only a prepared vote, only by the organisers.
    expect(
      (await people.member.client.request('DELETE', `/api/meetings/${meeting.id}/votes/${v.id}`)).status,
    ).toBe(403);
    expect(
      (await people.secretary.client.request('DELETE', `/api/meetings/${meeting.id}/votes/${v.id}`)).status,
    ).toBe(204);
    expect(
      (await people.secretary.client.request('DELETE', `/api/meetings/${meeting.id}/votes/${v.id}`)).status,
    ).toBe(404);
  });

  it('lets a deputy vote for the member they replace when the meeting allows it', async () => {
    const meeting = await publishedMeeting(people.secretary.client, people.chair.id, []);
    const [principal] = await addVoters(server.running, meeting.id, 1, 'dp');
    const [deputy] = await addVoters(server.running, meeting.id, 1, 'dt', {
      deputyForId: principal!.participantId,
    });
    const m = await people.secretary.client.get<{ meeting: { version: number } }>(
      `/api/meetings/${meeting.id}`,
    );
    expect(
      (
        await people.secretary.client.patch(`/api/meetings/${meeting.id}`, {
          version: m.body.meeting.version,
          deputiesMayVote: true,
        })
      ).status,
    ).toBe(200);
    const chair = await connect(people.chair.client.cookie);
    await joinRoom(chair, meeting.id);
    expect((await roomCommand(chair, meeting.id, { type: 'room.start' })).ok).toBe(true);
    expect((await roomCommand(chair, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const d = await connect(deputy!.cookie);
    await joinRoom(d, meeting.id);
    expect((await roomCommand(d, meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
    const vote = await prepareVote(people.secretary.client, meeting.id, {
      question: 'Thông qua',
      kind: 'named',
    });
    const opened = await voteControl(chair, 'vote:open', meeting.id, vote.id);
    const seat = opened.ok
      ? opened.data.seats?.find((s) => s.participantId === principal!.participantId)
      : null;
    expect(seat).toMatchObject({ voterId: deputy!.participantId, deputyName: deputy!.fullName });
    expect(errorOf(await castBallot(d, meeting.id, vote.id, ['for']))).toBeNull();
    const closed = await voteControl(chair, 'vote:close', meeting.id, vote.id);
    expect(closed.ok && closed.data.result?.choices).toEqual([
      { participantId: principal!.participantId, name: principal!.fullName, choice: ['for'] },
    ]);
  });
});
