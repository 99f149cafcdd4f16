import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { VERSION } from '../version.js';
import { BackupError, createBackup, pruneBackups } from './backup.js';
import { ArchiveError } from './manifest.js';
import { RestoreError, restoreBackup } from './restore.js';

const BACKUP_FAILED = 'Sao lưu thất bại / Backup failed';
const RESTORE_FAILED = 'Khôi phục thất bại / Restore failed';
const BACKUP_USAGE = 'Usage: npm run backup -- [--data-dir DIR] [--out DIR] [--keep N]';
const RESTORE_USAGE = 'Usage: npm run restore -- <archive.tar.gz> [--data-dir DIR]';

/** A failure the operator can act on: a Vietnamese/English title, the reason on stderr, exit code 1. */
function fail(message: string, title: string): never {
  process.stderr.write(`${title}: ${message}\n`);
  process.exit(1);
}

const known = (e: unknown): e is Error =>
  e instanceof BackupError ||
  e instanceof RestoreError ||
  e instanceof ArchiveError ||
  e instanceof ConfigError;

/** `npm run backup`: one archive of the SQLite store and the stored files, while the server runs. */
export async function backupCli(argv: string[]): Promise<void> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, keep: { type: 'string' } },
      strict: true,
    });
    const config = loadConfig(process.env);
    if (config.mongodbUri) {
      fail(
        'MONGODB_URI is set: back up MongoDB with mongodump and the files folder (see the README).',
        BACKUP_FAILED,
      );
    }
    const dataDir = values['data-dir'] ?? config.dataDir;
    const backupDir = values.out ?? config.backup?.dir ?? 'backups';
    const result = await createBackup({ dataDir, backupDir, version: VERSION });
    process.stdout.write(
      `Đã sao lưu / Backup written: ${result.file}\n  ${result.manifest.files.length} file(s), schema ${result.manifest.schemaMigration}, taken at ${result.manifest.createdAt}\n`,
    );
    const keep = values.keep === undefined ? undefined : Number(values.keep);
    if (keep !== undefined) {
      if (!Number.isInteger(keep) || keep < 1)
        fail(`--keep must be a whole number of at least 1. ${BACKUP_USAGE}`, BACKUP_FAILED);
      for (const old of await pruneBackups(backupDir, keep))
        process.stdout.write(`Đã xoá bản cũ / Deleted old backup: ${old}\n`);
    }
  } catch (e) {
    if (known(e)) fail(e.message, BACKUP_FAILED);
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      fail(`${(e as Error).message}\n${BACKUP_USAGE}`, BACKUP_FAILED);
    throw e;
  }
}

/** `npm run restore -- <archive>`: checks the archive, then fills an empty data directory. */
export async function restoreCli(argv: string[]): Promise<void> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [archive, ...rest] = positionals;
    if (!archive || rest.length > 0) fail(RESTORE_USAGE, RESTORE_FAILED);
    const dataDir = values['data-dir'] ?? loadConfig(process.env).dataDir;
    const manifest = await restoreBackup({ archive, dataDir });
    process.stdout.write(
      `Đã khôi phục / Restored into ${dataDir}: ${manifest.files.length} file(s) checked against the manifest, ` +
        `backup of ${manifest.createdAt} (I-Cabinet ${manifest.version}, schema ${manifest.schemaMigration}).\n`,
    );
  } catch (e) {
    if (known(e)) fail(e.message, RESTORE_FAILED);
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      fail(`${(e as Error).message}\n${RESTORE_USAGE}`, RESTORE_FAILED);
    throw e;
  }
}
