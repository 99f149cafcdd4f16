import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vote } from '@icabinet/shared';
import { createUser, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';
import { castBallot, prepareVote, voteControl, voteJoin } from '../utils/votes.js';
import { freePort } from '../utils/redis.js';

/**
 * Votes across a killed server, and secret ballots that cannot be linked to voters. The server
 * runs as its own process (the built server, as `npm start` runs it) with every log line kept.
 */
let dir: string;
let env: Record<string, string>;
let proc: SpawnedServer;
let url: string;
let secretary: TestUser;
let chair: TestUser;
let delegates: TestUser[] = [];
let meetingId: string;
let sockets: ClientSocket[] = [];
/** Everything every server process printed (its log), across restarts. */
let logs = '';

async function start(): Promise<void> {
  proc = spawnServer(env);
  url = await proc.url;
}

/** Signs everyone in again (sessions survive a restart) and joins the room on fresh sockets. */
async function connectAll(): Promise<void> {
  for (const s of sockets) s.close();
  sockets = [];
  for (const who of [chair, ...delegates]) {
    const s = await connectClient(url, who.client.cookie);
    await joinRoom(s, meetingId);
    sockets.push(s);
  }
}

const stopAndKeepLog = async (signal: NodeJS.Signals) => {
  await proc.kill(signal);
  logs += proc.output();
};

beforeAll(async () => {
  dir = await tempDir();
  // Every log line the server writes (debug and up) is kept and searched below.
  // A fixed port, so the signed-in clients reach the restarted server at the same address.
  env = testEnv(dir, {
    PORT: String(await freePort()),
    LOG_LEVEL: 'debug',
    SOCKET_EVENTS_PER_SECOND: '1000',
    SOCKET_EVENT_BURST: '1000',
  });
  await start();
  const admin = new ApiClient(url);
  expect(await admin.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
  secretary = await createUser(url, admin, {
    username: 'thuky.bq',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  chair = await createUser(url, admin, { username: 'chutich.bq', fullName: 'Nguyễn Văn An' });
  delegates = [];
  for (let i = 1; i <= 6; i++)
    delegates.push(
      await createUser(url, admin, { username: `daibieu.bq${i}`, fullName: `Đại biểu số ${i}` }),
    );
  const m = await publishedMeeting(
    secretary.client,
    chair.id,
    delegates.map((d) => ({ userId: d.id })),
  );
  meetingId = m.id;
  await connectAll();
  expect((await roomCommand(sockets[0]!, meetingId, { type: 'room.start' })).ok).toBe(true);
  for (const s of sockets)
    expect((await roomCommand(s, meetingId, { type: 'attendance.checkin' })).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await proc?.kill('SIGKILL');
});

describe('votes across a killed server', () => {
  it('keeps an open vote, its acknowledged ballots and its timer through kill -9, counting each ballot once', async () => {
    const vote = await prepareVote(secretary.client, meetingId, {
      question: 'Thông qua kế hoạch thí điểm',
      kind: 'named',
      allowChange: false,
      durationSeconds: 20,
    });
    const opened = await voteControl(sockets[0]!, 'vote:open', meetingId, vote.id);
    expect(opened.ok).toBe(true);
    const closesAt = opened.ok ? opened.data.closesAt : null;
    const ops = sockets.map(() => randomUUID());
    // Three ballots acknowledged, then the server is killed without warning.
    for (const i of [1, 2, 3])
      expect((await castBallot(sockets[i]!, meetingId, vote.id, ['for'], ops[i])).ok).toBe(true);
    await stopAndKeepLog('SIGKILL');

    await start();
    await connectAll();
    const after = await voteJoin(sockets[0]!, meetingId);
    const reloaded = after.votes.find((v) => v.id === vote.id)!;
    expect(reloaded).toMatchObject({ state: 'open', voted: 3, closesAt });
    expect(after.waiting?.notVoted).toHaveLength(4);
    // A tablet that never heard its ack sends the same ballot again: still counted once.
    const retry = await castBallot(sockets[2]!, meetingId, vote.id, ['for'], ops[2]);
    expect(retry.ok && retry.data).toMatchObject({ duplicate: true, voted: 3 });
    for (const i of [0, 4, 5])
      expect((await castBallot(sockets[i]!, meetingId, vote.id, ['against'], ops[i])).ok).toBe(true);
    // The restarted server closes it at its stored deadline, by itself.
    const closed = await new Promise<Vote>((resolve) => {
      sockets[6]!.on('vote:changed', (c) => {
        if (c.vote.id === vote.id && c.vote.state === 'closed') resolve(c.vote);
      });
    });
    expect(closed.closedAt).toBe(closesAt);
    expect(closed.result).toMatchObject({ cast: 6, entitled: 7, notVoted: 1 });
    expect(Object.fromEntries(closed.result!.counts.map((c) => [c.id, c.count]))).toEqual({
      for: 3,
      against: 3,
      abstain: 0,
    });
    const late = await castBallot(sockets[6]!, meetingId, vote.id, ['for']);
    expect(!late.ok && late.error.code).toBe('invalid_state');
  }, 60_000);
});

/** Every row of every table, with the rowid where the table has one. */
function dumpTables(file: string): Record<string, Record<string, unknown>[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
      .all();
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const t of tables) {
      const withRowid = !/WITHOUT ROWID/i.test(t.sql) && !/^CREATE VIRTUAL/i.test(t.sql);
      const cols = withRowid ? 'rowid AS _rowid, *' : '*';
      out[t.name] = db.prepare<[], Record<string, unknown>>(`SELECT ${cols} FROM "${t.name}"`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

describe('secret ballots', () => {
  it('leave nothing in the database, its log file, the audit trail or the server log that links a voter to a choice', async () => {
    const options = ['Quận Hoàn Kiếm', 'Huyện Đan Phượng', 'Quận Cầu Giấy'];
    // The same seven people vote twice, in the same order and at the same pace, with the same
    // totals, but who chose what differs. If anything stored depended on who chose what, the two
    // votes would leave different traces.
    const plans = [
      ['c1', 'c1', 'c2', 'c3', 'c2', 'c1', 'c1'],
      ['c2', 'c3', 'c1', 'c1', 'c2', 'c1', 'c1'],
    ];
    const ids: string[] = [];
    const opIds: string[] = [];
    for (const plan of plans) {
      const vote = await prepareVote(secretary.client, meetingId, {
        question: 'Lựa chọn đơn vị thí điểm',
        options,
        kind: 'secret',
        rule: 'plurality',
      });
      ids.push(vote.id);
      expect((await voteControl(sockets[0]!, 'vote:open', meetingId, vote.id)).ok).toBe(true);
      for (const [i, choice] of plan.entries()) {
        const opId = randomUUID();
        opIds.push(opId);
        expect((await castBallot(sockets[i]!, meetingId, vote.id, [choice], opId)).ok).toBe(true);
      }
      const closed = await voteControl(sockets[0]!, 'vote:close', meetingId, vote.id);
      expect(closed.ok && closed.data.result?.counts.map((c) => c.count)).toEqual([4, 2, 1]);
    }
    const file = path.join(dir, 'icabinet.sqlite');
    // While the server still runs: the write-ahead log was emptied when each vote was sealed, and
    // what was written since (the result, the audit entries) holds no ballot.
    const live = Buffer.concat([
      await readFile(file),
      await readFile(`${file}-wal`).catch(() => Buffer.alloc(0)),
    ]);
    for (const opId of opIds) expect(live.includes(Buffer.from(opId))).toBe(false);
    await stopAndKeepLog('SIGTERM');

    const tables = dumpTables(file);
    // No per-ballot rows are left: no voter set, no counters.
    expect(tables.vote_voters!.filter((r) => ids.includes(String(r.vote_id)))).toEqual([]);
    expect(tables.vote_counters!.filter((r) => ids.includes(String(r.vote_id)))).toEqual([]);

    /** Every row anywhere that names the vote, with its id, times, versions and hashes blanked. */
    const traces = (id: string) =>
      Object.entries(tables).flatMap(([table, rows]) =>
        rows
          .filter((r) => JSON.stringify(r).includes(id))
          .map((r) => {
            const { _rowid: _r, seq: _s, hash: _h, prev_hash: _p, ...rest } = r;
            return `${table}: ${JSON.stringify(rest)
              .replaceAll(id, '<vote>')
              .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>')
              .replace(/_ms":\d+/g, '_ms":0')
              .replace(/"version":\d+/g, '"version":0')
              .replace(/\\"version\\":\d+/g, '\\"version\\":0')}`;
          }),
      );
    const first = traces(ids[0]!);
    expect(first.length).toBeGreaterThan(0);
    expect(traces(ids[1]!)).toEqual(first);

    // The result keeps who voted, sorted by participant id, not in the order they voted.
    const voted = (JSON.parse(String(tables.votes!.find((r) => r.id === ids[0])!.data)) as Vote).result!
      .voted;
    expect(voted).toEqual([...voted].sort());

    // No ballot left a copy in freed pages of the database or in its write-ahead log.
    const bytes = Buffer.concat([
      await readFile(file),
      await readFile(`${file}-wal`).catch(() => Buffer.alloc(0)),
    ]);
    for (const opId of opIds) expect(bytes.includes(Buffer.from(opId))).toBe(false);
    // The log file holds no ballot: no opId, no option id or label next to anyone.
    for (const opId of opIds) expect(logs).not.toContain(opId);
    expect(logs).not.toMatch(/"choice"/);
    expect(logs.length).toBeGreaterThan(0);
    expect((await stat(file)).size).toBeGreaterThan(0);
  }, 60_000);
});
