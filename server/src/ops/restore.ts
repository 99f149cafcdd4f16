import { chmod, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { extract, list } from 'tar';
import { LATEST_MIGRATION, appliedMigration } from '../store/sqlite/migrations.js';
import { fsReason, listFiles } from './fs-words.js';
import {
  ArchiveError,
  DATABASE_ENTRY,
  MANIFEST_NAME,
  compareWithManifest,
  hashFile,
  isSafeEntryPath,
  parseManifest,
  type Manifest,
  type ManifestFile,
} from './manifest.js';

/** Thrown when the target of a restore cannot be used; nothing was changed. */
export class RestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreError';
  }
}

const PARTIAL = '.icabinet-restore-partial';
const UNCHANGED = 'Nothing was restored; the data directory was left as it was.';

/** The target must be missing or an empty folder; returns whether it is missing (nothing is created). */
async function checkEmptyTarget(dataDir: string): Promise<boolean> {
  let entries: string[];
  try {
    if (!(await stat(dataDir)).isDirectory()) {
      throw new RestoreError(`The data directory ${dataDir} is a file, not a folder. ${UNCHANGED}`);
    }
    entries = await readdir(dataDir);
  } catch (e) {
    if (e instanceof RestoreError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new RestoreError(`Cannot use the data directory ${dataDir}: ${fsReason(e)}.`, { cause: e });
    }
    return true;
  }
  if (entries.length > 0) {
    throw new RestoreError(
      `The data directory ${dataDir} is not empty (${entries.length} item(s), e.g. ${entries.sort()[0]}). ` +
        `A restore never overwrites data: choose an empty or new folder. ${UNCHANGED}`,
    );
  }
  return false;
}

const damaged = (archive: string, e: unknown) =>
  new ArchiveError(
    `The archive ${archive} is damaged or incomplete and cannot be read (${e instanceof Error ? e.message : String(e)}). ` +
      'Copy it again from where the backups are kept.',
    { cause: e },
  );

/**
 * Reads the whole archive once without writing anything: every entry hashed and compared with the
 * manifest. A damaged, truncated or altered archive is refused before the target is touched.
 */
async function checkArchive(archive: string): Promise<Manifest> {
  let manifestText: string | undefined;
  const found: ManifestFile[] = [];
  const refused: string[] = [];
  try {
    await list({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        const p = entry.path;
        if (entry.type !== 'File' || !isSafeEntryPath(p)) {
          refused.push(p);
          return;
        }
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        entry.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (p === MANIFEST_NAME) {
            if (size <= 64 * 1024 * 1024) chunks.push(chunk);
          } else hash.update(chunk);
        });
        entry.on('end', () => {
          if (p === MANIFEST_NAME) {
            if (manifestText === undefined) manifestText = Buffer.concat(chunks).toString('utf8');
            else refused.push(p);
          } else found.push({ path: p, size, sha256: hash.digest('hex') });
        });
      },
    });
  } catch (e) {
    throw damaged(archive, e);
  }
  if (refused.length > 0) {
    throw new ArchiveError(
      `The archive holds entries an I-Cabinet backup never has (${refused[0]}): refused.`,
    );
  }
  if (manifestText === undefined) {
    throw new ArchiveError(`The archive ${archive} has no manifest: it is not an I-Cabinet backup.`);
  }
  const manifest = parseManifest(manifestText);
  mismatch(archive, compareWithManifest(manifest, found));
  return manifest;
}

function mismatch(archive: string, problems: string[]): void {
  if (problems.length === 0) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new ArchiveError(
    `The archive ${archive} does not match its manifest: ${problems[0]}${more}. It is damaged or was ` +
      'altered; do not use it.',
  );
}

/** Unpacks regular files only; anything else (links, devices, unsafe paths) marks the archive as altered. */
async function unpack(archive: string, into: string): Promise<void> {
  const refused: string[] = [];
  try {
    await extract({
      file: archive,
      cwd: into,
      strict: true,
      preserveOwner: false,
      filter: (p, entry) => {
        const ok = 'type' in entry && entry.type === 'File' && isSafeEntryPath(p);
        if (!ok) refused.push(p);
        return ok;
      },
    });
  } catch (e) {
    throw damaged(archive, e);
  }
  if (refused.length > 0) {
    throw new ArchiveError(
      `The archive holds entries an I-Cabinet backup never has (${refused[0]}): refused.`,
    );
  }
}

/** Checks the unpacked files against the manifest and the database copy against its schema level. */
async function verify(archive: string, dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_NAME), 'utf8');
  } catch (e) {
    throw new ArchiveError(`The archive ${archive} has no manifest: it is not an I-Cabinet backup.`, {
      cause: e,
    });
  }
  const manifest = parseManifest(text);
  const found: ManifestFile[] = [];
  for (const rel of await listFiles(dir, (r) => r === MANIFEST_NAME)) {
    found.push({ path: rel, ...(await hashFile(path.join(dir, ...rel.split('/')))) });
  }
  mismatch(archive, compareWithManifest(manifest, found));
  if (manifest.schemaMigration > LATEST_MIGRATION) {
    throw new ArchiveError(
      `The backup was made by a newer I-Cabinet (version ${manifest.version}, schema ${manifest.schemaMigration}; ` +
        `this one knows up to ${LATEST_MIGRATION}). Restore it with that version or newer.`,
    );
  }
  const db = new Database(path.join(dir, DATABASE_ENTRY), { fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new ArchiveError(`The database in the archive is damaged: ${String(check)}.`);
    const level = appliedMigration(db);
    if (level !== manifest.schemaMigration) {
      throw new ArchiveError(
        `The database in the archive is at schema ${level}, its manifest says ${manifest.schemaMigration}.`,
      );
    }
  } finally {
    db.close();
  }
  return manifest;
}

/**
 * Restores a backup archive into an empty (or new) data directory. The archive is first read and
 * checked against its manifest without writing anything; then it is unpacked into a hidden folder
 * there, checked again as written to disk (with the database's integrity and schema level), and
 * only then moved into place. On any failure the directory is left as it was (empty or absent).
 */
export async function restoreBackup(opts: { archive: string; dataDir: string }): Promise<Manifest> {
  const archive = path.resolve(opts.archive);
  const dataDir = path.resolve(opts.dataDir);
  try {
    if (!(await stat(archive)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (e) {
    throw new RestoreError(`Cannot read the archive ${archive}: ${fsReason(e)}. ${UNCHANGED}`, { cause: e });
  }
  const missing = await checkEmptyTarget(dataDir);
  try {
    await checkArchive(archive);
  } catch (e) {
    if (e instanceof ArchiveError) e.message += ` ${UNCHANGED}`;
    throw e;
  }
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (e) {
    throw new RestoreError(`Cannot create the data directory ${dataDir}: ${fsReason(e)}. ${UNCHANGED}`, {
      cause: e,
    });
  }
  const partial = path.join(dataDir, PARTIAL);
  try {
    await mkdir(partial);
    await unpack(archive, partial);
    const manifest = await verify(archive, partial);
    for (const name of await readdir(partial)) {
      if (name !== MANIFEST_NAME) await rename(path.join(partial, name), path.join(dataDir, name));
    }
    await rm(partial, { recursive: true, force: true });
    // As the server creates it: the link key's folder is the owner's alone.
    await chmod(path.join(dataDir, 'secrets'), 0o700).catch(() => undefined);
    return manifest;
  } catch (e) {
    const again = { recursive: true, force: true, maxRetries: 5, retryDelay: 100 };
    if (missing) await rm(dataDir, again);
    else for (const name of await readdir(dataDir)) await rm(path.join(dataDir, name), again);
    if (e instanceof ArchiveError || e instanceof RestoreError) {
      if (e instanceof ArchiveError) e.message += ` ${UNCHANGED}`;
      throw e;
    }
    throw new RestoreError(`The restore into ${dataDir} failed: ${fsReason(e)}. ${UNCHANGED}`, { cause: e });
  }
}
