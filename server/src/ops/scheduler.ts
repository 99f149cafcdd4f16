import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import { createBackup, pruneBackups } from './backup.js';
import { fsReason } from './fs-words.js';

export interface BackupSchedule {
  dir: string;
  intervalMs: number;
  keep: number;
}

export interface BackupScheduler {
  /** Runs one backup now (the timer calls this); resolves when it and the pruning are done. */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a backup in progress. */
  stop(): Promise<void>;
}

/**
 * Scheduled backups in the running server: one archive every interval into `dir`, keeping the
 * newest `keep`. A failure is logged (error level, with the reason) and retried next interval.
 */
export function startBackupScheduler(deps: {
  dataDir: string;
  schedule: BackupSchedule;
  version: string;
  logger: Logger;
}): BackupScheduler {
  const { schedule, logger } = deps;
  let running: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runOnce = (): Promise<void> =>
    (running ??= (async () => {
      try {
        const said = await backupOnce(deps.dataDir, schedule.dir, deps.version);
        logger.info({ dir: schedule.dir, result: said }, 'scheduled backup written');
        const deleted = await pruneBackups(schedule.dir, schedule.keep);
        if (deleted.length > 0) logger.info({ deleted }, 'old backups deleted');
      } catch (err) {
        logger.error({ err }, 'scheduled backup failed');
      } finally {
        running = null;
      }
    })());

  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(arm), schedule.intervalMs);
    timer.unref();
  };
  arm();
  // Said at start-up, not only at the first run hours later: the folder must be writable.
  void checkWritable(schedule.dir).then((problem) => {
    if (problem) logger.error({ dir: schedule.dir }, `scheduled backups will fail: ${problem}`);
  });
  logger.info(
    { dir: schedule.dir, everyMs: schedule.intervalMs, keep: schedule.keep },
    'scheduled backups on',
  );

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Null when backups can be written to `dir`, else why not in plain words. */
export async function checkWritable(dir: string): Promise<string | null> {
  const probe = path.join(dir, `.icabinet-write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return null;
  } catch (e) {
    return `cannot write to the backup folder ${dir}: ${fsReason(e)}`;
  }
}

/**
 * One backup. From the bundle (dist/) it runs the built `backup.js` in a child process: the
 * database copy is one SQLite step that would otherwise hold this process's event loop (and
 * every live meeting) for as long as a large database takes to copy. From the sources (tests,
 * `npm run dev`) it runs in process.
 */
async function backupOnce(dataDir: string, backupDir: string, version: string): Promise<string> {
  const here = import.meta.url;
  if (!here.endsWith('.js')) {
    const { file } = await createBackup({ dataDir, backupDir, version });
    return file;
  }
  const script = fileURLToPath(new URL('./backup.js', here));
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [script, '--data-dir', dataDir, '--out', backupDir],
      { env: process.env, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(stderr.trim() || err.message));
        else resolve(stdout.trim());
      },
    );
  });
}
