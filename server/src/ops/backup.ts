import { chmod, copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { create as createTar } from 'tar';
import { SQLITE_FILE_NAME } from '../store/sqlite/sqlite-store.js';
import { appliedMigration } from '../store/sqlite/migrations.js';
import { fsReason, listFiles } from './fs-words.js';
import {
  DATABASE_ENTRY,
  MANIFEST_NAME,
  buildManifest,
  hashFile,
  type Manifest,
  type ManifestFile,
} from './manifest.js';

/** Thrown when a backup cannot be made; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** Archive names sort by time: icabinet-backup-2026-12-05T03-00-09-123Z.tar.gz */
export const ARCHIVE_PATTERN = /^icabinet-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.tar\.gz$/;
const archiveName = (at: Date) => `icabinet-backup-${at.toISOString().replace(/[:.]/g, '-')}.tar.gz`;

/** The folders of the data directory that are backed up besides the database (tmp is skipped). */
const DATA_FOLDERS = ['files', 'secrets'] as const;

export interface BackupResult {
  file: string;
  manifest: Manifest;
}

/** Makes sure backups can be written to `dir` (creating it), with a clear error otherwise. */
async function prepareTarget(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    // A real write, not access(): that is what fails on a read-only mount or a full disk.
    return await mkdtemp(path.join(dir, '.icabinet-backup-'));
  } catch (e) {
    throw new BackupError(
      `Cannot write the backup to ${dir}: ${fsReason(e)}. Choose a folder the server's user can write to ` +
        '(nothing was backed up).',
      { cause: e },
    );
  }
}

/** What the database copy refers to: the schema level and the stored files it needs. */
function inspectSnapshot(file: string): { schemaMigration: number; needed: string[] } {
  const db = new Database(file, { fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`The database copy failed its integrity check: ${String(check)}.`);
    const schemaMigration = appliedMigration(db);
    const hasDocuments = db
      .prepare<[], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'documents'")
      .pluck()
      .get();
    const needed: string[] = [];
    if (hasDocuments) {
      const rows = db
        .prepare<[], { sha256: string; optimized: number }>(
          'SELECT DISTINCT sha256, optimized FROM documents',
        )
        .all();
      for (const r of rows) {
        const dir = `files/${r.sha256.slice(0, 2)}`;
        needed.push(`${dir}/${r.sha256}.pdf`);
        if (r.optimized) needed.push(`${dir}/${r.sha256}.opt.pdf`);
      }
    }
    // One self-contained file in the archive (no -wal to carry along).
    db.pragma('journal_mode = DELETE');
    return { schemaMigration, needed };
  } finally {
    db.close();
  }
}

/**
 * Copies the live database with the SQLite online backup API into `staging`. The whole
 * database is copied in one step, so the copy is one consistent point in time even while
 * the server keeps writing (WAL readers do not block writers).
 */
async function snapshotDatabase(dataDir: string, staging: string): Promise<Date> {
  const source = path.join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const at = new Date();
    await db.backup(path.join(staging, DATABASE_ENTRY), { progress: () => 0x7fffffff });
    return at;
  } finally {
    db.close();
  }
}

/** The live database must be there before anything is written to the backup folder. */
async function checkSource(dataDir: string): Promise<void> {
  const source = path.join(dataDir, SQLITE_FILE_NAME);
  try {
    if (!(await stat(source)).isFile()) throw new Error('not a file');
  } catch (e) {
    throw new BackupError(
      `There is no I-Cabinet database at ${source} (${fsReason(e)}). Check the data directory ` +
        '(DATA_DIR or --data-dir); with MongoDB, back up with mongodump as the README explains.',
      { cause: e },
    );
  }
}

/** Copies the data folders into staging; fails when a file the database needs is missing. */
async function copyDataFiles(dataDir: string, staging: string, needed: readonly string[]): Promise<string[]> {
  const copied: string[] = [];
  for (const folder of DATA_FOLDERS) {
    const rels = await listFiles(
      path.join(dataDir, folder),
      (r) => folder === 'files' && (r === 'tmp' || r === 'tasks/tmp'),
    );
    for (const rel of rels) {
      const entry = `${folder}/${rel}`;
      const to = path.join(staging, ...entry.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      try {
        await copyFile(path.join(dataDir, ...entry.split('/')), to);
        copied.push(entry);
      } catch (e) {
        // A file deleted while the backup runs is fine unless the database copy still needs it.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  const have = new Set(copied);
  const missing = needed.filter((n) => !have.has(n));
  if (missing.length > 0) {
    throw new BackupError(
      `The database refers to ${missing.length} stored file(s) that are missing from ${dataDir}, ` +
        `e.g. ${missing[0]}. The data directory is damaged; no backup was written.`,
    );
  }
  return copied;
}

/**
 * Backs up the SQLite store and the stored files of `dataDir` into one .tar.gz in `backupDir`,
 * with a manifest listing every file's size and sha256. Safe while the server runs.
 */
export async function createBackup(opts: {
  dataDir: string;
  backupDir: string;
  version: string;
}): Promise<BackupResult> {
  const backupDir = path.resolve(opts.backupDir);
  const dataDir = path.resolve(opts.dataDir);
  await checkSource(dataDir);
  const staging = await prepareTarget(backupDir);
  try {
    const createdAt = await snapshotDatabase(dataDir, staging);
    const { schemaMigration, needed } = inspectSnapshot(path.join(staging, DATABASE_ENTRY));
    const entries = [DATABASE_ENTRY, ...(await copyDataFiles(dataDir, staging, needed))];
    const files: ManifestFile[] = [];
    for (const entry of entries) {
      files.push({ path: entry, ...(await hashFile(path.join(staging, ...entry.split('/')))) });
    }
    const manifest = buildManifest({
      version: opts.version,
      createdAt: createdAt.toISOString(),
      store: 'sqlite',
      schemaMigration,
      files,
    });
    await writeFile(path.join(staging, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + '\n');
    const file = path.join(backupDir, archiveName(createdAt));
    const partial = path.join(staging, 'archive.tar.gz.partial');
    await createTar({ gzip: true, portable: true, cwd: staging, file: partial }, [
      MANIFEST_NAME,
      ...manifest.files.map((f) => f.path),
    ]);
    // It holds the password hashes and the link key: readable by the server's user only.
    await chmod(partial, 0o600);
    await rename(partial, file);
    return { file, manifest };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`The backup to ${backupDir} failed: ${fsReason(e)}. No archive was written.`, {
      cause: e,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Deletes the oldest archives in `backupDir` beyond the newest `keep`; returns what was deleted. */
export async function pruneBackups(backupDir: string, keep: number): Promise<string[]> {
  const archives = (await readdir(backupDir)).filter((n) => ARCHIVE_PATTERN.test(n)).sort();
  const old = archives.slice(0, Math.max(0, archives.length - keep));
  for (const name of old) await rm(path.join(backupDir, name), { force: true });
  return old.map((n) => path.join(backupDir, n));
}
