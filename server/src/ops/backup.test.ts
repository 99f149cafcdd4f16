import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { create as createTar, extract } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { LATEST_MIGRATION } from '../store/sqlite/migrations.js';
import { ARCHIVE_PATTERN, BackupError, createBackup, pruneBackups } from './backup.js';
import { RestoreError, restoreBackup } from './restore.js';
import { checkWritable, startBackupScheduler } from './scheduler.js';

let work: string;
let dataDir: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'icabinet-ops-'));
  dataDir = path.join(work, 'data');
  const store = await openSqliteStore(dataDir);
  await store.close();
  await mkdir(path.join(dataDir, 'files', 'tmp'), { recursive: true });
  await writeFile(path.join(dataDir, 'files', 'tmp', 'upload.part'), 'half an upload');
  await mkdir(path.join(dataDir, 'files', 'ab'), { recursive: true });
  await writeFile(path.join(dataDir, 'files', 'ab', `ab${'0'.repeat(62)}.pdf`), '%PDF-1.7');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('backup and restore (in process)', () => {
  it('archives the database and stored files (not uploads in progress) and restores them', async () => {
    const { file, manifest } = await createBackup({
      dataDir,
      backupDir: path.join(work, 'b'),
      version: '0.1.0',
    });
    expect(path.basename(file)).toMatch(ARCHIVE_PATTERN);
    // The archive holds password hashes and the link key: the owner's alone.
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(manifest.schemaMigration).toBe(LATEST_MIGRATION);
    expect(manifest.files.map((f) => f.path)).toEqual([
      `files/ab/ab${'0'.repeat(62)}.pdf`,
      'icabinet.sqlite',
    ]);
    // Only the archive is left in the backup folder (the staging folder is removed).
    expect(await readdir(path.join(work, 'b'))).toEqual([path.basename(file)]);

    const target = path.join(work, 'restored');
    await restoreBackup({ archive: file, dataDir: target });
    expect((await readdir(target)).sort()).toEqual(['files', 'icabinet.sqlite']);
    const reopened = await openSqliteStore(target);
    await reopened.close();
  });

  it('refuses to write an archive when the database needs a stored file that is missing', async () => {
    const db = new Database(path.join(dataDir, 'icabinet.sqlite'));
    db.pragma('foreign_keys = OFF');
    const missing = 'cd'.repeat(32);
    db.prepare(
      `INSERT INTO documents (id, meeting_id, chain_id, name, sha256, size, pages, classification, version_no,
        latest, optimized, uploaded_by, created_at, created_ms, updated_at, version)
       VALUES ('d1', 'm1', 'd1', 'to-trinh.pdf', ?, 1, 1, 'internal', 1, 1, 0, 'u1', 'now', 0, 'now', 0)`,
    ).run(missing);
    db.close();
    const backupDir = path.join(work, 'b');
    await expect(createBackup({ dataDir, backupDir, version: '0.1.0' })).rejects.toThrow(
      `missing from ${dataDir}, e.g. files/cd/${missing}.pdf`,
    );
    expect(await readdir(backupDir)).toEqual([]);
  });

  it('restores into an existing empty folder, and refuses archives with extra or linked entries', async () => {
    const { file } = await createBackup({ dataDir, backupDir: path.join(work, 'b'), version: '0.1.0' });
    const empty = path.join(work, 'empty');
    await mkdir(empty);
    await restoreBackup({ archive: file, dataDir: empty });
    expect((await readdir(empty)).sort()).toEqual(['files', 'icabinet.sqlite']);

    const unpacked = path.join(work, 'unpacked');
    await mkdir(unpacked);
    await extract({ file, cwd: unpacked });
    await writeFile(path.join(unpacked, 'extra.txt'), 'không có trong manifest');
    const names = ['manifest.json', 'icabinet.sqlite', `files/ab/ab${'0'.repeat(62)}.pdf`];
    const withExtra = path.join(work, 'extra.tar.gz');
    await createTar({ gzip: true, cwd: unpacked, file: withExtra }, [...names, 'extra.txt']);
    const target = path.join(work, 'r1');
    await expect(restoreBackup({ archive: withExtra, dataDir: target })).rejects.toThrow(
      'extra.txt is in the archive but not in its manifest',
    );
    await expect(stat(target)).rejects.toThrow();

    await symlink('/etc/passwd', path.join(unpacked, 'link'));
    const withLink = path.join(work, 'link.tar.gz');
    await createTar({ gzip: true, cwd: unpacked, file: withLink }, [...names, 'link']);
    await expect(restoreBackup({ archive: withLink, dataDir: target })).rejects.toThrow(
      'entries an I-Cabinet backup never has (link)',
    );
    await expect(stat(target)).rejects.toThrow();
  });

  it('refuses a backup of a folder without a database', async () => {
    await expect(
      createBackup({
        dataDir: path.join(work, 'nothing'),
        backupDir: path.join(work, 'b'),
        version: '0.1.0',
      }),
    ).rejects.toThrow(/There is no I-Cabinet database/);
  });

  it('refuses to restore over a data directory', async () => {
    const { file } = await createBackup({ dataDir, backupDir: path.join(work, 'b'), version: '0.1.0' });
    await expect(restoreBackup({ archive: file, dataDir })).rejects.toThrow(RestoreError);
    await expect(
      restoreBackup({ archive: path.join(work, 'none.tar.gz'), dataDir: path.join(work, 'x') }),
    ).rejects.toThrow(/Cannot read the archive/);
  });

  it('keeps the newest archives on a schedule and says when the folder cannot be written', async () => {
    const dir = path.join(work, 'scheduled');
    const logger = createLogger('silent');
    const scheduler = startBackupScheduler({
      dataDir,
      schedule: { dir, intervalMs: 3_600_000, keep: 2 },
      version: '0.1.0',
      logger,
    });
    for (let i = 0; i < 3; i++) await scheduler.runOnce();
    await scheduler.stop();
    const kept = (await readdir(dir)).filter((n) => ARCHIVE_PATTERN.test(n));
    expect(kept).toHaveLength(2);
    expect(await pruneBackups(dir, 1)).toEqual([path.join(dir, kept.sort()[0] ?? '')]);

    await writeFile(path.join(work, 'a-file'), '');
    expect(await checkWritable(path.join(work, 'a-file', 'b'))).toContain('part of the path is a file');
    await expect(
      createBackup({ dataDir, backupDir: path.join(work, 'a-file', 'b'), version: '0.1.0' }),
    ).rejects.toThrow(BackupError);
  });
});
