import type Database from 'better-sqlite3';
import type { JobRecord, JobsRepo, JobStatus } from '../jobs.port.js';
import { asPromise, fromJson, toMs } from './sql.js';

/** The jobs table, created by the migration that `JOBS_MIGRATION_SQL` belongs to. */
export const JOBS_MIGRATION_SQL = `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT UNIQUE,
    payload TEXT NOT NULL,
    run_at TEXT NOT NULL,
    run_at_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    last_error TEXT,
    lease_until_ms INTEGER,
    lease_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX jobs_due ON jobs (status, run_at_ms);
`;

interface JobRow {
  id: string;
  kind: string;
  key: string | null;
  payload: string;
  run_at: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS =
  'id, kind, key, payload, run_at, status, attempts, max_attempts, last_error, lease_until, created_at, updated_at';

const toRecord = (r: JobRow): JobRecord => ({
  id: r.id,
  kind: r.kind,
  key: r.key,
  payload: fromJson<Record<string, unknown>>(r.payload),
  runAt: r.run_at,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  lastError: r.last_error,
  leaseUntil: r.lease_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The insert statement's parameters for a job. */
const toParams = (job: JobRecord) => ({
  id: job.id,
  kind: job.kind,
  key: job.key,
  payload: JSON.stringify(job.payload),
  run_at: job.runAt,
  run_at_ms: toMs(job.runAt),
  status: job.status,
  attempts: job.attempts,
  max_attempts: job.maxAttempts,
  last_error: job.lastError,
  created_at: job.createdAt,
  updated_at: job.updatedAt,
});

/** Jobs on SQLite: claiming is one IMMEDIATE transaction, so two processes never take the same job. */
export class SqliteJobsRepo implements JobsRepo {
  private readonly insert;
  private readonly byId;
  private readonly byKey;
  private readonly due;
  private readonly take;
  private readonly completeStmt;
  private readonly rescheduleStmt;
  private readonly failStmt;
  private readonly cancelStmt;
  private readonly nextStmt;
  private readonly statusCounts;
  private readonly claim;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO jobs (id, kind, key, payload, run_at, run_at_ms, status, attempts,
      max_attempts, last_error, lease_until_ms, lease_until, created_at, updated_at) VALUES (@id, @kind, @key,
      @payload, @run_at, @run_at_ms, @status, @attempts, @max_attempts, @last_error, NULL, NULL, @created_at,
      @updated_at) ON CONFLICT (key) DO NOTHING`);
    this.byId = db.prepare<[string], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`);
    this.byKey = db.prepare<[string], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE key = ?`);
    this.due = db.prepare<[number, number, number], JobRow>(`SELECT ${COLUMNS} FROM jobs
      WHERE (status = 'queued' AND run_at_ms <= ?) OR (status = 'running' AND lease_until_ms < ?)
      ORDER BY run_at_ms LIMIT ?`);
    this.take = db.prepare<[number, string, string, string]>(`UPDATE jobs SET status = 'running',
      attempts = attempts + 1, lease_until_ms = ?, lease_until = ?, updated_at = ? WHERE id = ?`);
    this.completeStmt = db.prepare<[string, string]>(
      "UPDATE jobs SET status = 'done', lease_until_ms = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
    );
    this.rescheduleStmt = db.prepare<
      [string, number, string, string, string]
    >(`UPDATE jobs SET status = 'queued',
      run_at = ?, run_at_ms = ?, last_error = ?, lease_until_ms = NULL, lease_until = NULL, updated_at = ?
      WHERE id = ?`);
    this.failStmt = db.prepare<[string, string, string]>(`UPDATE jobs SET status = 'failed', last_error = ?,
      lease_until_ms = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`);
    this.cancelStmt = db.prepare<{ now: string; prefix: string }>(
      "UPDATE jobs SET status = 'cancelled', updated_at = @now WHERE status = 'queued' AND substr(key, 1, length(@prefix)) = @prefix",
    );
    this.statusCounts = db.prepare<[], { status: JobStatus; n: number }>(
      'SELECT status, count(*) AS n FROM jobs GROUP BY status',
    );
    this.nextStmt = db.prepare<[], { run_at: string | null }>(
      "SELECT run_at FROM jobs WHERE status = 'queued' ORDER BY run_at_ms LIMIT 1",
    );
    this.claim = db.transaction(
      (now: number, leaseMs: number, lease: string, nowIso: string, limit: number) => {
        const rows = this.due.all(now, now, limit);
        for (const r of rows) this.take.run(leaseMs, lease, nowIso, r.id);
        return rows.map((r) => ({
          ...toRecord(r),
          status: 'running' as const,
          attempts: r.attempts + 1,
          leaseUntil: lease,
          updatedAt: nowIso,
        }));
      },
    );
  }

  enqueue(job: JobRecord): Promise<JobRecord> {
    return asPromise(() => {
      this.insert.run(toParams(job));
      const row = job.key ? this.byKey.get(job.key) : this.byId.get(job.id);
      return row ? toRecord(row) : job;
    });
  }

  enqueueMany(jobs: JobRecord[]): Promise<void> {
    return asPromise(() =>
      this.db.transaction(() => {
        for (const job of jobs) {
          this.insert.run(toParams(job));
        }
      })(),
    );
  }

  completeMany(ids: string[], now: string): Promise<void> {
    return asPromise(() =>
      this.db.transaction(() => {
        for (const id of ids) this.completeStmt.run(now, id);
      })(),
    );
  }

  claimDue(now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    return asPromise(() => this.claim.immediate(toMs(now), toMs(leaseUntil), leaseUntil, now, limit));
  }

  complete(id: string, now: string): Promise<void> {
    return asPromise(() => void this.completeStmt.run(now, id));
  }

  reschedule(id: string, runAt: string, error: string, now: string): Promise<void> {
    return asPromise(() => void this.rescheduleStmt.run(runAt, toMs(runAt), error, now, id));
  }

  fail(id: string, error: string, now: string): Promise<void> {
    return asPromise(() => void this.failStmt.run(error, now, id));
  }

  cancelByKeyPrefix(prefix: string, now: string): Promise<number> {
    return asPromise(() => this.cancelStmt.run({ now, prefix }).changes);
  }

  get(id: string): Promise<JobRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  getByKey(key: string): Promise<JobRecord | null> {
    return asPromise(() => {
      const row = this.byKey.get(key);
      return row ? toRecord(row) : null;
    });
  }

  countByStatus(): Promise<Record<JobStatus, number>> {
    return asPromise(() => {
      const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
      for (const row of this.statusCounts.all()) counts[row.status] = row.n;
      return counts;
    });
  }

  nextRunAt(): Promise<string | null> {
    return asPromise(() => this.nextStmt.get()?.run_at ?? null);
  }
}
