/**
 * Persisted background jobs (deliveries, retries, reminders). They live in the store, so they
 * survive a restart; a unique `key` makes scheduling idempotent (a reminder is scheduled once),
 * and a lease lets another process, or the same one after a crash, take over a job whose
 * worker died.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  kind: string;
  /** Unique among all jobs when set; enqueueing an existing key does nothing. */
  key: string | null;
  payload: Record<string, unknown>;
  runAt: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  leaseUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobsRepo {
  /** Stores the job unless one with the same key exists; returns the stored job either way. */
  enqueue(job: JobRecord): Promise<JobRecord>;
  /** Stores many jobs at once (all or none), skipping keys that exist; one durable write for all. */
  enqueueMany(jobs: JobRecord[]): Promise<void>;
  /**
   * Atomically takes up to `limit` jobs that are due (queued with runAt ≤ now, or running with
   * an expired lease), marks them running until `leaseUntil` and counts the attempt.
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<JobRecord[]>;
  complete(id: string, now: string): Promise<void>;
  /** Marks several jobs done in one durable write. */
  completeMany(ids: string[], now: string): Promise<void>;
  /** Back to queued, to run again at `runAt`. */
  reschedule(id: string, runAt: string, error: string, now: string): Promise<void>;
  fail(id: string, error: string, now: string): Promise<void>;
  /** Cancels queued jobs whose key starts with the prefix (e.g. a meeting's reminders); returns how many. */
  cancelByKeyPrefix(prefix: string, now: string): Promise<number>;
  get(id: string): Promise<JobRecord | null>;
  getByKey(key: string): Promise<JobRecord | null>;
  /** The earliest runAt among queued jobs, to sleep until then. */
  nextRunAt(): Promise<string | null>;
  /** How many jobs are in each status (monitoring: queue depth and failures). */
  countByStatus(): Promise<Record<JobStatus, number>>;
}
