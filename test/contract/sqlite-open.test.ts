import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LATEST_MIGRATION,
  SQLITE_FILE_NAME,
  StoreOpenError,
  openSqliteStore,
  openStore,
} from './store-under-test.js';
import { makeUser } from './fixtures.js';

const root = await mkdtemp(join(tmpdir(), 'icabinet-sqlite-open-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** Reads a table straight from the file, bypassing the store. */
function readRows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('opening the SQLite store', () => {
  let dataDir: string;
  let file: string;
  let cases = 0;
  beforeEach(async () => {
    dataDir = join(root, `case-${++cases}`);
    file = join(dataDir, SQLITE_FILE_NAME);
    await mkdir(dataDir);
  });

  /** Asserts the open fails with a StoreOpenError naming `path` and saying `what`. */
  const expectRefusal = async (open: Promise<unknown>, path: string, what: RegExp) => {
    const error: unknown = await open.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(what);
  };

  it('creates a missing data directory, parents included, and the database inside it', async () => {
    const nested = join(dataDir, 'a', 'b');
    const store = await openStore({ dataDir: nested });
    expect(store.kind).toBe('sqlite');
    expect(store.location).toBe(join(nested, SQLITE_FILE_NAME));
    await store.close();
    expect((await stat(join(nested, SQLITE_FILE_NAME))).isFile()).toBe(true);
  });

  it('uses write-ahead logging, full synchronous writes, foreign keys and a busy timeout', async () => {
    const store = await openSqliteStore(dataDir);
    expect(store.settings()).toEqual({
      journalMode: 'wal',
      synchronous: 'FULL',
      foreignKeys: true,
      busyTimeoutMs: 5000,
    });
    await store.close();
  });

  it('keeps the data when reopened and does not apply the migrations again', async () => {
    const first = await openStore({ dataDir });
    const user = await first.users.create(makeUser({ fullName: 'Hoàng Văn Thụ' }));
    await first.close();
    const migrations = readRows(file, 'SELECT id, name, applied_at FROM schema_migrations ORDER BY id');
    // Every step up to the newest (ids only grow; parallel branches may leave gaps until merged).
    expect((migrations.at(-1) as { id: number } | undefined)?.id).toBe(LATEST_MIGRATION);

    const second = await openStore({ dataDir });
    await expect(second.users.getById(user.id)).resolves.toEqual(user);
    await second.close();
    expect(readRows(file, 'SELECT id, name, applied_at FROM schema_migrations ORDER BY id')).toEqual(
      migrations,
    );
  });

  it('opens an empty file, as an interrupted first start leaves it', async () => {
    await writeFile(file, '');
    const store = await openStore({ dataDir });
    await expect(store.users.count()).resolves.toBe(0);
    await store.close();
  });

  it('refuses a file of random bytes, naming it, and leaves every byte as it was', async () => {
    await writeFile(file, randomBytes(64 * 1024));
    const before = await sha256(file);
    await expectRefusal(openStore({ dataDir }), file, /not an SQLite database/);
    expect(await sha256(file)).toBe(before);
    expect(await readdir(dataDir)).toEqual([SQLITE_FILE_NAME]);
  });

  it('refuses a text file in place of the database and leaves it as it was', async () => {
    await writeFile(file, 'Biên bản cuộc họp — bản nháp\n'.repeat(200));
    const before = await sha256(file);
    await expectRefusal(openStore({ dataDir }), file, /corrupt or a different kind of file/);
    expect(await sha256(file)).toBe(before);
  });

  it('refuses a database whose header is intact but whose pages are damaged, and leaves it as it was', async () => {
    const store = await openStore({ dataDir });
    await store.users.create(makeUser());
    await store.close();
    const bytes = await readFile(file);
    randomBytes(bytes.length - 100).copy(bytes, 100);
    await writeFile(file, bytes);
    const before = await sha256(file);
    await expectRefusal(openStore({ dataDir }), file, /corrupt|not an SQLite database/);
    expect(await sha256(file)).toBe(before);
  });

  it('refuses a data directory that is a regular file, naming it, and leaves it as it was', async () => {
    const notADir = join(dataDir, 'data');
    await writeFile(notADir, 'not a folder');
    await expectRefusal(openStore({ dataDir: notADir }), notADir, /is a file, not a folder/);
    await expect(readFile(notADir, 'utf8')).resolves.toBe('not a folder');
  });

  it('refuses a data directory below a regular file, naming the path', async () => {
    const blocker = join(dataDir, 'blocker');
    await writeFile(blocker, 'x');
    const below = join(blocker, 'data');
    await expectRefusal(openStore({ dataDir: below }), below, /part of the path is a file/);
  });

  it('refuses a database path that is a folder, naming it', async () => {
    await mkdir(file);
    await writeFile(join(file, 'keep.txt'), 'giữ nguyên');
    await expectRefusal(openStore({ dataDir }), file, /is a folder, not a file/);
    await expect(readFile(join(file, 'keep.txt'), 'utf8')).resolves.toBe('giữ nguyên');
  });

  it('refuses a database created by a newer version and leaves it as it was', async () => {
    const store = await openStore({ dataDir });
    await store.close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
      LATEST_MIGRATION + 1,
      'from_the_future',
      new Date().toISOString(),
    );
    db.close();
    const before = await sha256(file);
    await expectRefusal(openStore({ dataDir }), file, /created by a newer version/);
    expect(await sha256(file)).toBe(before);
  });

  it("refuses another application's SQLite database and leaves it as it was", async () => {
    const db = new Database(file);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('không phải của I-Cabinet')");
    db.close();
    const before = await sha256(file);
    await expectRefusal(openStore({ dataDir }), file, /another application/);
    expect(await sha256(file)).toBe(before);
  });
});
