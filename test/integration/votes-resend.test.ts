import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BallotKeeper, type KeyValueStore } from '../../web/src/features/votes/ballot-keeper.js';
import { VotesClient, type VotesView } from '../../web/src/features/votes/votes.client.js';
import { createUser, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { freePort } from '../utils/redis.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';
import { castBallot, prepareVote, voteControl, voteJoin } from '../utils/votes.js';

/**
 * A ballot is acknowledged once it is committed to the server's log, before the disk flush that
 * follows; a power cut inside that flush may lose it on the server. The tablet (the web's own
 * VotesClient on a real socket.io-client) keeps its last ballot and sends it again after every
 * rejoin while the vote is open. The lost ballot is simulated by deleting its row from the SQLite
 * file while the server (killed with SIGKILL) is down.
 */
let dir: string;
let env: Record<string, string>;
let proc: SpawnedServer;
let url: string;
let secretary: TestUser;
let chair: TestUser;
let delegate: TestUser;
let meetingId: string;
let chairSocket: ClientSocket;
const opened: { close(): void }[] = [];

/** The browser's localStorage, as a Map: what survives a reload of the tablet's page. */
class TabletStorage implements KeyValueStore {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

/** Polls until `check` holds (state that settles over a few socket round trips). */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The tablet: a socket that does not reconnect by itself (the test says when), the web's client. */
async function tablet(storage: TabletStorage): Promise<{ socket: ClientSocket; client: VotesClient }> {
  const socket = await connectClient(url, delegate.client.cookie);
  const client = new VotesClient(socket, meetingId, new BallotKeeper(storage, delegate.id));
  client.start();
  opened.push({
    close: () => {
      client.stop();
      socket.close();
    },
  });
  await until(() => client.getView().link === 'live', 'the tablet joined the votes');
  return { socket, client };
}

/** Each `vote:cast` the socket sends. */
function sentBallots(socket: ClientSocket): { opId: string; voteId: string }[] {
  const sent: { opId: string; voteId: string }[] = [];
  socket.onAnyOutgoing((event: string, payload: { opId: string; voteId: string }) => {
    if (event === 'vote:cast') sent.push({ opId: payload.opId, voteId: payload.voteId });
  });
  return sent;
}

async function start(): Promise<void> {
  proc = spawnServer(env);
  url = await proc.url;
  chairSocket = await connectClient(url, chair.client.cookie);
  opened.push(chairSocket);
  await joinRoom(chairSocket, meetingId);
}

/** Kills the server without warning; `lose` deletes the delegate's stored ballot of a vote meanwhile. */
async function crash(lose?: { voteId: string }): Promise<void> {
  await proc.kill('SIGKILL');
  if (lose) {
    const db = new Database(path.join(dir, 'icabinet.sqlite'));
    try {
      // The lost batch's whole transaction: the voter row and (a secret vote) its counters.
      db.transaction(() => {
        const gone = db.prepare('DELETE FROM vote_voters WHERE vote_id = ?').run(lose.voteId);
        expect(gone.changes).toBe(1);
        db.prepare('DELETE FROM vote_counters WHERE vote_id = ?').run(lose.voteId);
      })();
    } finally {
      db.close();
    }
  }
  await start();
}

const mineOf = (view: VotesView, voteId: string) => view.mine[voteId];
const countOf = async (voteId: string) =>
  (await voteJoin(chairSocket, meetingId)).votes.find((v) => v.id === voteId)?.voted;

beforeAll(async () => {
  dir = await tempDir();
  env = testEnv(dir, { PORT: String(await freePort()) });
  proc = spawnServer(env);
  url = await proc.url;
  const admin = new ApiClient(url);
  expect(await admin.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
  secretary = await createUser(url, admin, {
    username: 'thuky.gl',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  chair = await createUser(url, admin, { username: 'chutich.gl', fullName: 'Nguyễn Văn An' });
  delegate = await createUser(url, admin, { username: 'daibieu.gl', fullName: 'Trần Thị Bình' });
  meetingId = (await publishedMeeting(secretary.client, chair.id, [{ userId: delegate.id }])).id;
  chairSocket = await connectClient(url, chair.client.cookie);
  opened.push(chairSocket);
  await joinRoom(chairSocket, meetingId);
  expect((await roomCommand(chairSocket, meetingId, { type: 'room.start' })).ok).toBe(true);
  expect((await roomCommand(chairSocket, meetingId, { type: 'attendance.checkin' })).ok).toBe(true);
  const d = await connectClient(url, delegate.client.cookie);
  await joinRoom(d, meetingId);
  expect((await roomCommand(d, meetingId, { type: 'attendance.checkin' })).ok).toBe(true);
  d.close();
}, 120_000);

afterAll(async () => {
  for (const o of opened) o.close();
  await proc?.kill('SIGKILL');
});

describe('a ballot lost in the flush window is sent again by the tablet', () => {
  it('counts a re-sent ballot exactly once: restored after a loss, a duplicate otherwise, forgotten after the close', async () => {
    const vote = await prepareVote(secretary.client, meetingId, {
      question: 'Thông qua đề án chuyển đổi số',
      kind: 'named',
      allowChange: false,
    });
    const storage = new TabletStorage();
    let { socket, client } = await tablet(storage);
    expect((await voteControl(chairSocket, 'vote:open', meetingId, vote.id)).ok).toBe(true);
    await until(() => mineOf(client.getView(), vote.id)?.entitled === true, 'the tablet saw the vote open');
    const acked = await client.cast(vote.id, ['for']);
    expect(acked.ok && acked.data).toMatchObject({ duplicate: false, voted: 1 });
    const kept = new BallotKeeper(storage, delegate.id).get(vote.id);
    expect(kept?.choice).toEqual(['for']);

    // Power cut inside the flush: the server restarts without the acknowledged ballot.
    client.stop();
    socket.close();
    await crash({ voteId: vote.id });
    expect(await countOf(vote.id)).toBe(0);
    // The tablet's page reloads: its kept ballot is sent again, same opId, and counted.
    ({ socket, client } = await tablet(storage));
    await until(async () => (await countOf(vote.id)) === 1, 'the re-sent ballot to be counted');
    expect(mineOf(client.getView(), vote.id)).toMatchObject({ voted: true, choice: ['for'] });
    const join = await voteJoin(chairSocket, meetingId);
    expect(join.waiting?.notVoted.map((n) => n.name)).not.toContain('Trần Thị Bình');

    // A plain drop and a killed server that lost nothing: the re-send is a duplicate.
    const sent = sentBallots(socket);
    socket.disconnect();
    await crash();
    socket.connect();
    await until(() => sent.length === 1 && client.getView().sending[vote.id] === undefined, 'the re-send');
    expect(sent[0]!.opId).toBe(kept!.opId);
    expect(await countOf(vote.id)).toBe(1);
    const again = await castBallot(socket, meetingId, vote.id, ['for'], kept!.opId);
    expect(again.ok && again.data).toMatchObject({ duplicate: true, voted: 1 });

    // The close counts it once; the tablet then forgets it (nothing left in its storage).
    const closed = await voteControl(chairSocket, 'vote:close', meetingId, vote.id);
    expect(closed.ok && closed.data.result).toMatchObject({ cast: 1 });
    expect(closed.ok && closed.data.result?.counts.find((c) => c.id === 'for')?.count).toBe(1);
    await until(() => storage.length === 0, 'the tablet to forget the counted ballot');
    expect(client.getView().lost[vote.id]).toBeUndefined();
  }, 90_000);

  it('refuses a re-send after the close with the reason, and the tablet says its ballot was not recorded', async () => {
    const vote = await prepareVote(secretary.client, meetingId, {
      question: 'Thông qua kế hoạch đầu tư công năm 2025',
      kind: 'secret',
    });
    const storage = new TabletStorage();
    let { socket, client } = await tablet(storage);
    expect((await voteControl(chairSocket, 'vote:open', meetingId, vote.id)).ok).toBe(true);
    await until(() => mineOf(client.getView(), vote.id)?.entitled === true, 'the tablet saw the vote open');
    expect((await client.cast(vote.id, ['against'])).ok).toBe(true);
    const kept = new BallotKeeper(storage, delegate.id).get(vote.id)!;

    // Lost in the flush window; the chair closes the vote before the tablet is back.
    client.stop();
    socket.close();
    await crash({ voteId: vote.id });
    const closed = await voteControl(chairSocket, 'vote:close', meetingId, vote.id);
    expect(closed.ok && closed.data.result).toMatchObject({ cast: 0, voted: [] });

    // The same ballot sent again now: refused, with when the vote closed.
    socket = await connectClient(url, delegate.client.cookie, { lang: 'en' });
    opened.push(socket);
    const late = await castBallot(socket, meetingId, vote.id, kept.choice, kept.opId);
    expect(!late.ok && late.error.code).toBe('invalid_state');
    expect(!late.ok && late.error.message).toMatch(
      /^The vote closed at .+; ballots sent after that are not counted\.$/,
    );
    socket.close();

    // The tablet comes back: it tells the delegate, and keeps nothing of the secret choice.
    ({ socket, client } = await tablet(storage));
    await until(() => client.getView().lost[vote.id] !== undefined, 'the tablet to report the lost ballot');
    expect(client.getView().lost[vote.id]).toEqual({ choice: ['against'], reason: null });
    expect(storage.length).toBe(0);
  }, 90_000);
});
