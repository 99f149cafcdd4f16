import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';
import { SqliteVotesRepo, VOTES_MIGRATION_SQL } from './votes.sqlite.js';
import { WalCheckpointer } from './wal-checkpoint.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wal-checkpoint-'));
  dirs.push(d);
  return d;
};
const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};
const until = async (what: string, ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** One frame of the log: a 24-byte header and a 4 KB page. */
const FRAME = 24 + 4096;

/** Runs the fixture, which prints each ballot once acknowledged, and kills it with SIGKILL once `killWhen` says. */
async function castUntilKilled(file: string, prefix: string, killWhen: (acked: number) => boolean) {
  const fixture = fileURLToPath(new URL('./wal-checkpoint.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, file, prefix], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: string[] = [];
  let ready = false;
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      if (l === 'ready') ready = true;
      else if (l) acked.push(l);
    }
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
  await until('the fixture to start', () => ready, 30_000);
  await until('enough ballots', () => killWhen(acked.length), 30_000);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // Whatever it printed before it died is in the pipe.
  await new Promise((r) => setTimeout(r, 50));
  return acked;
}

describe('checkpoints on a thread of their own', () => {
  it('loses no acknowledged ballot when the process is killed while its log is checkpointed', async () => {
    const file = path.join(tempDir(), 'votes.sqlite');
    const acked: string[] = [];
    for (const round of [1, 2, 3]) {
      const before = sizeOf(file);
      // Checkpoints every few pages: the database file grows while the ballots come in (only a
      // checkpoint writes it), and the kill lands at some point of one.
      acked.push(
        ...(await castUntilKilled(
          file,
          `r${round}`,
          (n) => n >= 300 + Math.floor(Math.random() * 200) && sizeOf(file) > before,
        )),
      );
      expect(sizeOf(file)).toBeGreaterThan(before);
    }
    const db = new Database(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(
        db.prepare<[], string>("SELECT seat_id FROM vote_voters WHERE vote_id = 'v1'").pluck().all(),
      );
      expect(acked.length).toBeGreaterThan(900);
      expect(acked.filter((s) => !stored.has(s))).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('leaves SQLite’s own checkpoint as a backstop only and keeps the log bounded', async () => {
    const store = await openSqliteStore(tempDir(), { checkpointFrames: 16 });
    try {
      const db = (store as unknown as { db: Database.Database }).db;
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(64);
      const file = store.location;
      const before = sizeOf(file);
      const at = new Date().toISOString();
      for (let i = 0; i < 400; i++) await store.settings.put(`test.k${i}`, 'x'.repeat(2000), 0, at, null);
      await until('a checkpoint', () => sizeOf(file) > before);
      expect(sizeOf(`${file}-wal`)).toBeLessThan(400 * FRAME);
    } finally {
      await store.close();
    }
  });

  it('lets a secret vote’s seal truncate the log even while the worker checkpoints all the time', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'votes.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`CREATE TABLE meetings (id TEXT PRIMARY KEY); INSERT INTO meetings (id) VALUES ('m1');`);
    db.exec(VOTES_MIGRATION_SQL);
    db.exec(
      `INSERT INTO votes (id, meeting_id, state, created_ms, version, data) VALUES ('v1', 'm1', 'open', 0, 1, '{}')`,
    );
    const checkpointer = new WalCheckpointer(file, { thresholdFrames: 1, pollMs: 1 });
    const repo = new SqliteVotesRepo(db, undefined, checkpointer);
    const vote = { id: 'v1', kind: 'secret', allowChange: false } as const;
    try {
      for (let i = 0; i < 200; i++)
        await repo.castMany(vote, [{ seatId: `s${i}`, opId: `o${i}`, choice: ['for'] }]);
      await repo.seal('v1');
      expect(sizeOf(`${file}-wal`)).toBe(0);
      expect(await repo.counters('v1')).toEqual({ cast: 0, counts: {} });
    } finally {
      await checkpointer.close();
      db.close();
    }
  });
});
