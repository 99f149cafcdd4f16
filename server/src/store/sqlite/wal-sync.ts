import { open, type FileHandle } from 'node:fs/promises';

/**
 * Makes commits that were written at `synchronous = NORMAL` durable against a power cut without
 * blocking the event loop: `fdatasync` of the write-ahead log on libuv's thread pool.
 *
 * In WAL mode a commit appends its frames to `<db>-wal`; at FULL, SQLite fsyncs that file inside
 * COMMIT (on the event loop's thread with better-sqlite3 — every socket waits for the disk); at
 * NORMAL it only writes them (a killed process loses nothing; a power cut may). Syncing the log
 * file afterwards gives the same guarantee as FULL for every commit written before the sync
 * started: the log is append-only between checkpoints, a checkpoint syncs it first (at NORMAL
 * too), and the header after a reset is part of the same file.
 *
 * Calls coalesce: a caller that arrives while a sync is running waits for the next one, which
 * starts once the running one ends and covers everyone who waited — one disk flush per group.
 */
export class WalSync {
  private handle: Promise<FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private closed = false;
  private later: NodeJS.Timeout | null = null;

  constructor(private readonly walFile: string) {}

  /** Resolves once everything this connection committed before the call is on the disk. */
  sync(): Promise<void> {
    if (!this.running) {
      const run = this.flush().finally(() => {
        if (this.running === run) this.running = null;
      });
      this.running = run;
      return run;
    }
    // A sync already running may have started before the caller's commit: wait for the next.
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.sync();
      });
    return this.queued;
  }

  /**
   * Asks for a sync within `delayMs` without waiting for it: calls meanwhile share one timer, so a
   * stream of small commits (ballots arriving from hundreds of tablets) costs one disk flush per
   * interval instead of one per commit — the flushes are what keeps a 2-core machine's disk and
   * scheduler busy. A failed flush is not reported here; the next `sync()` flushes again.
   */
  soon(delayMs: number): void {
    if (this.later || this.closed) return;
    this.later = setTimeout(() => {
      this.later = null;
      this.sync().catch(() => undefined);
    }, delayMs);
    this.later.unref();
  }

  protected async flush(): Promise<void> {
    if (this.closed) throw new Error('the database is closed');
    this.handle ??= open(this.walFile, 'r');
    try {
      await (await this.handle).datasync();
    } catch (e) {
      // Open again next time (e.g. the log was not there yet); the caller's ballots are refused.
      const h = this.handle;
      this.handle = null;
      void h.then((fh) => fh.close()).catch(() => undefined);
      throw e;
    }
  }

  /** Closes the log file's handle (the database is closing). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.later) clearTimeout(this.later);
    this.later = null;
    const h = this.handle;
    this.handle = null;
    await this.running?.catch(() => undefined);
    await this.queued?.catch(() => undefined);
    if (h) await (await h.catch(() => null))?.close();
  }
}
