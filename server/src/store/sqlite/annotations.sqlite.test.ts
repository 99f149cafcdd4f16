import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ANNOTATIONS_MIGRATION_SQL, SqliteAnnotationsRepo } from './annotations.sqlite.js';
import { WalSync } from './wal-sync.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A log flush that ends only when the test lets it, counting how many started. */
class GatedFlush extends WalSync {
  started = 0;
  private gates: (() => void)[] = [];
  protected override flush(): Promise<void> {
    this.started++;
    return new Promise<void>((resolve) => this.gates.push(resolve));
  }
  open(): void {
    this.gates.shift()?.();
  }
}

function openRepo(wal: WalSync) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'annotations-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'a.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(ANNOTATIONS_MIGRATION_SQL);
  db.exec(`CREATE TEMP TABLE seen (level INTEGER NOT NULL);
    CREATE TEMP TRIGGER seen_insert AFTER INSERT ON main.annotation_updates
      BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;`);
  const levels = () => db.prepare('SELECT level FROM seen').pluck().all() as number[];
  return { db, levels, repo: new SqliteAnnotationsRepo(db, wal) };
}

const isSettled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe('annotation updates on SQLite: durable before append resolves, the disk flush off the event loop', () => {
  it('resolves only after the log flush; commits at NORMAL and the connection goes back to FULL', async () => {
    const wal = new GatedFlush('unused');
    const { db, levels, repo } = openRepo(wal);
    const first = repo.append('d1', 'shared', new Uint8Array([1, 2, 3]), '2026-12-05T10:00:00Z');
    // Committed (visible to a reader) but not yet acknowledged: the flush has not ended.
    expect(db.prepare('SELECT count(*) FROM annotation_updates').pluck().get()).toBe(1);
    expect(await isSettled(first)).toBe(false);
    expect(levels()).toEqual([1]); // NORMAL for the append
    expect(Number(db.pragma('synchronous', { simple: true }))).toBe(2); // back to FULL

    // Two appends during the flush share the next one.
    const second = repo.append('d1', 'shared', new Uint8Array([4]), '2026-12-05T10:00:01Z');
    const third = repo.append('d1', 'u:x', new Uint8Array([5]), '2026-12-05T10:00:02Z');
    wal.open();
    expect(await first).toBe(1);
    expect(await isSettled(second)).toBe(false);
    expect(wal.started).toBe(2);
    wal.open();
    expect([await second, await third]).toEqual([2, 3]);
    expect(wal.started).toBe(2);
    const rows = await repo.load('d1', 'shared');
    expect(rows.map((r) => [...r.update])).toEqual([[1, 2, 3], [4]]);
  });

  it('reports the commit before the flush (the followers are sent the update then)', async () => {
    const wal = new GatedFlush('unused');
    const { db, repo } = openRepo(wal);
    const seen: number[] = [];
    const first = repo.append('d1', 'shared', new Uint8Array([1]), '2026-12-05T10:00:00Z', (seq) => {
      // Called with the row committed: a reader (another process) finds it.
      expect(db.prepare('SELECT count(*) FROM annotation_updates').pluck().get()).toBe(1);
      seen.push(seq);
    });
    expect(seen).toEqual([1]);
    expect(await isSettled(first)).toBe(false);
    wal.open();
    expect(await first).toBe(1);
    expect(seen).toEqual([1]);
  });

  it('a failed flush fails the append, so the writer is told it was not stored and retries', async () => {
    class Failing extends WalSync {
      protected override flush(): Promise<void> {
        return Promise.reject(new Error('EIO'));
      }
    }
    const { repo } = openRepo(new Failing('unused'));
    await expect(repo.append('d1', 'shared', new Uint8Array([1]), '2026-12-05T10:00:00Z')).rejects.toThrow(
      'EIO',
    );
  });
});
