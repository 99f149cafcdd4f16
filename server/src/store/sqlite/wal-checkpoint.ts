import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints the write-ahead log on a thread of its own, instead of inside a commit on the
 * event loop.
 *
 * SQLite's automatic checkpoint runs in whichever commit finds the log past 1,000 pages: that
 * commit then fsyncs the log, copies its pages into the database file and fsyncs that too — with
 * better-sqlite3, on the event loop's thread, so every socket waits for two disk flushes (in a
 * vote, the ballots that arrive meanwhile). This worker, holding a second connection to the same
 * file, runs the same PASSIVE checkpoint when `thresholdFrames` frames wait to be copied, and
 * finishes a long log once the commits pause. A PASSIVE
 * checkpoint takes no lock a writer or a reader of the other connection waits for; the log
 * restarts from its beginning at the next commit once everything is copied, as before (that
 * commit still syncs the log's new header on its thread: one flush instead of two and the copy).
 * The store's connection keeps SQLite's automatic checkpoint at a few times the threshold, as a
 * backstop: under writes without a pause the worker may never reach the log's end, and the log
 * restarts only once a checkpoint has.
 *
 * Durability is SQLite's own, unchanged: a checkpoint copies only frames of committed
 * transactions, syncs the log before and the database after copying (at NORMAL too), and marks
 * the frames copied only after that sync, so a killed process or a power cut during or after it
 * loses nothing that was in the log. The log stays bounded as before (about `thresholdFrames`
 * pages between checkpoints); closing the store checkpoints the rest on the main connection.
 *
 * How far the log has grown is read from the wal-index header (the `-shm` file, format in
 * https://www.sqlite.org/walformat.html: `mxFrame` at byte 16, `nBackfill` at byte 96, native
 * byte order); a misread only moves a checkpoint, it never skips a sync.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  /** Shared with the worker: [HOLD] set by `exclusive`, [BUSY] set by the worker while it checkpoints. */
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(
    file: string,
    opts: {
      /** Checkpoint once this many frames were written since the last one (SQLite's default: 1,000). */
      thresholdFrames?: number;
      /** How often the worker looks at the log's length. */
      pollMs?: number;
      /** The worker failed (it could not open the file, or a checkpoint threw). */
      onError?: (err: Error) => void;
    } = {},
  ) {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file,
        flags: this.flags,
        thresholdFrames: opts.thresholdFrames ?? 1000,
        pollMs: opts.pollMs ?? 100,
        littleEndian: os.endianness() === 'LE',
      },
    });
    // Nothing of the process waits for this thread: a tool that opens the store and never closes
    // it still exits (SQLite recovers the log on the next open, as after any crash).
    this.worker.unref();
    this.worker.on('message', (m: Reply) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w) {
        if (m.type === 'error') opts.onError?.(new Error(m.message));
        return;
      }
      this.waiting.delete(m.id!);
      if (m.type === 'error') w.reject(new Error(m.message));
      else w.resolve(m);
    });
    this.worker.on('error', (err) => opts.onError?.(err));
    this.exit = new Promise<void>((resolve) =>
      this.worker.once('exit', () => {
        this.exited = true;
        for (const w of this.waiting.values()) w.reject(new Error('the checkpoint worker stopped'));
        this.waiting.clear();
        resolve();
      }),
    );
  }

  private ask(type: 'checkpoint' | 'close'): Promise<Reply> {
    if (this.exited) return Promise.reject(new Error('the checkpoint worker stopped'));
    const id = ++this.seq;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type, id });
    });
  }

  /** A PASSIVE checkpoint now, on the worker; resolves with the log's frames and those copied. */
  async checkpoint(): Promise<{ log: number; checkpointed: number }> {
    const r = await this.ask('checkpoint');
    return { log: r.log ?? 0, checkpointed: r.checkpointed ?? 0 };
  }

  /**
   * Runs `fn` (synchronously) while the worker runs no checkpoint: for a checkpoint of the main
   * connection (`wal_checkpoint(TRUNCATE)` when a secret vote is sealed), which SQLite refuses
   * outright while another connection checkpoints. The worker starts none while `hold` is set;
   * one already under way is waited for (the seal did that work itself before).
   */
  exclusive<T>(fn: () => T): T {
    Atomics.store(this.flags, HOLD, 1);
    try {
      // Bounded: a thread that died inside a checkpoint leaves BUSY set (SQLite then says busy).
      const until = Date.now() + 10_000;
      while (Atomics.load(this.flags, BUSY) === 1 && Date.now() < until)
        Atomics.wait(this.flags, BUSY, 1, 50);
      return fn();
    } finally {
      Atomics.store(this.flags, HOLD, 0);
    }
  }

  /** Closes the worker's connection and ends the thread (before the main connection closes). */
  async close(): Promise<void> {
    if (this.exited) return;
    // Waited for: the process stays up until the thread has closed its connection.
    this.worker.ref();
    await this.ask('close').catch(() => undefined);
    await this.exit;
  }
}

const HOLD = 0;
const BUSY = 1;

interface Reply {
  type: 'done' | 'error';
  id?: number;
  log?: number;
  checkpointed?: number;
  message?: string;
}

/** The worker: plain CommonJS (started with `eval`, so the same from the sources and the bundle). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const { file, flags, thresholdFrames, pollMs, littleEndian } = workerData;
const HOLD = 0;
const BUSY = 1;
let db = null;
let shm = null;
const header = Buffer.alloc(100);
// This thread only (Linux sets a thread's niceness): copying pages yields the core to the event loop.
try { require('node:os').setPriority(10); } catch {}

function open() {
  if (db) return db;
  db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The log's frames (mxFrame) and those not yet copied into the database, from the wal-index header. */
function position() {
  try {
    shm ??= fs.openSync(file + '-shm', 'r');
    if (fs.readSync(shm, header, 0, 100, 0) < 100) return { frames: 0, behind: 0 };
    const u32 = (at) => (littleEndian ? header.readUInt32LE(at) : header.readUInt32BE(at));
    return { frames: u32(16), behind: u32(16) - u32(96) };
  } catch {
    return { frames: 0, behind: 0 };
  }
}

/** A PASSIVE checkpoint, unless the main thread holds them off (it sets HOLD, then waits for BUSY to clear). */
function checkpoint() {
  Atomics.store(flags, BUSY, 1);
  try {
    if (Atomics.load(flags, HOLD) === 1) return { log: -1, checkpointed: -1 };
    const [r] = open().pragma('wal_checkpoint(PASSIVE)');
    return { log: r.log, checkpointed: r.checkpointed };
  } finally {
    Atomics.store(flags, BUSY, 0);
    Atomics.notify(flags, BUSY);
  }
}

let lastFrames = -1;
const timer = setInterval(() => {
  const { frames, behind } = position();
  const quiet = frames === lastFrames;
  lastFrames = frames;
  // Past the threshold; or, once the log is that long, the rest of it when no commit came since the
  // last look: a checkpoint that reaches the log's end is what lets the next commit restart the
  // log (one overtaken by new commits, as in a vote's rush, copies only what it saw).
  if (behind < thresholdFrames && !(quiet && behind > 0 && frames >= thresholdFrames)) return;
  try {
    checkpoint();
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String(e && e.message || e) });
  }
}, pollMs);

parentPort.on('message', (m) => {
  try {
    if (m.type === 'checkpoint') return parentPort.postMessage({ type: 'done', id: m.id, ...checkpoint() });
    else if (m.type === 'close') {
      clearInterval(timer);
      if (shm !== null) fs.closeSync(shm);
      if (db) db.close();
      parentPort.postMessage({ type: 'done', id: m.id });
      parentPort.close();
      return;
    }
    parentPort.postMessage({ type: 'done', id: m.id });
  } catch (e) {
    parentPort.postMessage({ type: 'error', id: m.id, message: String(e && e.message || e) });
  }
});
`;
