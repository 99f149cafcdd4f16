import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { VOTES_MIGRATION_SQL, SqliteVotesRepo } from './votes.sqlite.js';
import { WalSync } from './wal-sync.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A log sync that flushes only when the test says so, counting its flushes. */
class HeldSync extends WalSync {
  flushes = 0;
  private releases: (() => void)[] = [];
  protected override flush(): Promise<void> {
    this.flushes++;
    return new Promise<void>((resolve) => this.releases.push(resolve));
  }
  /** Lets the flush under way finish. */
  release(): void {
    this.releases.shift()?.();
  }
}

/**
 * A connection as the store opens it (WAL, synchronous=FULL) with one open vote, and a temporary
 * trigger that records the synchronous level in force when each ballot row is written.
 */
function openDb(wal: WalSync) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'votes-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'votes.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE meetings (id TEXT PRIMARY KEY); INSERT INTO meetings (id) VALUES ('m1');`);
  db.exec(VOTES_MIGRATION_SQL);
  db.exec(`INSERT INTO votes (id, meeting_id, state, created_ms, version, data) VALUES ('v1', 'm1', 'open', 0, 1, '{}');
    CREATE TEMP TABLE seen (level INTEGER NOT NULL);
    CREATE TEMP TRIGGER seen_insert AFTER INSERT ON main.vote_voters
      BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;`);
  const levels = () => db.prepare('SELECT level FROM seen').pluck().all() as number[];
  return { db, levels, repo: new SqliteVotesRepo(db, wal, undefined, FLUSH_MS) };
}

/** The flush interval in these tests (the server's is BALLOT_FLUSH_MS). */
const FLUSH_MS = 30;
const vote = { id: 'v1', kind: 'open', allowChange: true } as const;
const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe('ballots on SQLite: group commit, answered once committed, flushed within an interval', () => {
  it('answers a batch once it is committed at NORMAL, flushes the log within the interval, and synced() waits for a flush of its own', async () => {
    const wal = new HeldSync('unused');
    const { db, levels, repo } = openDb(wal);
    const cast = repo.castMany(vote, [
      { seatId: 's1', opId: 'o1', choice: ['for'] },
      { seatId: 's2', opId: 'o2', choice: ['against'] },
    ]);
    // Answered before any flush: committed (a killed process loses nothing).
    expect(await cast).toEqual(['cast', 'cast']);
    expect(wal.flushes).toBe(0);
    expect((await repo.voters('v1')).map((v) => v.seatId)).toEqual(['s1', 's2']);
    expect(levels()).toEqual([1, 1]);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await new Promise((r) => setTimeout(r, FLUSH_MS + 20));
    expect(wal.flushes).toBe(1);
    // The close waits for a flush that started after every ballot it counts.
    const synced = repo.synced();
    expect(await settled(synced)).toBe(false);
    wal.release();
    expect(await settled(synced)).toBe(false);
    expect(wal.flushes).toBe(2);
    wal.release();
    await synced;
  });

  it('flushes once for all the batches committed within one interval', async () => {
    const wal = new HeldSync('unused');
    const { repo } = openDb(wal);
    const casts = await Promise.all(
      [1, 2, 3, 4].map((i) => repo.castMany(vote, [{ seatId: `s${i}`, opId: `o${i}`, choice: ['for'] }])),
    );
    expect(casts).toEqual([['cast'], ['cast'], ['cast'], ['cast']]);
    await new Promise((r) => setTimeout(r, FLUSH_MS + 20));
    expect(wal.flushes).toBe(1);
    wal.release();
    await new Promise((r) => setTimeout(r, FLUSH_MS + 20));
    expect(wal.flushes).toBe(1);
    // A batch after that interval asks for a flush of its own.
    expect(await repo.castMany(vote, [{ seatId: 's5', opId: 'o5', choice: ['for'] }])).toEqual(['cast']);
    await new Promise((r) => setTimeout(r, FLUSH_MS + 20));
    expect(wal.flushes).toBe(2);
    wal.release();
  });

  it('makes the close fail when the log cannot be flushed, and still dedupes a retry of a stored ballot', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'votes-'));
    dirs.push(dir);
    const { repo } = openDb(new WalSync(path.join(dir, 'missing', 'votes.sqlite-wal')));
    expect(await repo.castMany(vote, [{ seatId: 's1', opId: 'o1', choice: ['for'] }])).toEqual(['cast']);
    await expect(repo.synced()).rejects.toThrow();
    const real = openDb(new WalSync('unused'));
    const realRepo = new SqliteVotesRepo(real.db);
    expect(await realRepo.castMany(vote, [{ seatId: 's1', opId: 'o1', choice: ['for'] }])).toEqual(['cast']);
    expect(await realRepo.castMany(vote, [{ seatId: 's1', opId: 'o1', choice: ['for'] }])).toEqual([
      'duplicate',
    ]);
    await realRepo.synced();
    await realRepo.close();
  });
});
