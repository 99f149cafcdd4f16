import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../logger.js';
import type { JobRecord, JobsRepo } from '../store/jobs.port.js';

/** Thrown by a handler when trying again cannot help (a refused address, a 4xx from a gateway). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface JobContext {
  job: JobRecord;
  /** True on the last attempt: a handler may record the failure for people to see. */
  lastAttempt: boolean;
}

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

/** Called when a job gives up for good, with the reason (for the secretariat's delivery list). */
export type FailureHandler = (
  payload: Record<string, unknown>,
  reason: string,
  job: JobRecord,
) => Promise<void>;

export interface JobRunnerOptions {
  /** How often to look for due jobs when nothing woke the runner earlier. */
  pollMs: number;
  /** How long a claimed job is ours before another worker may take it over. */
  leaseMs: number;
  /** First retry delay; doubles with each attempt, capped at `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  batch: number;
}

export const DEFAULT_RUNNER_OPTIONS: JobRunnerOptions = {
  pollMs: 1000,
  leaseMs: 60_000,
  backoffMs: 2000,
  maxBackoffMs: 10 * 60_000,
  batch: 20,
};

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  runAt?: string;
  key?: string;
  maxAttempts?: number;
}

/**
 * Runs persisted jobs: polls for due jobs (and is woken at once when a job is added), runs each
 * kind's handler, retries failures with exponential backoff, and gives up after `maxAttempts`.
 * A job is marked done only after its handler finished, so a crash mid-way re-runs it after the
 * lease; handlers therefore record their own progress (e.g. "e-mail sent") before returning.
 */
export class JobRunner {
  private readonly handlers = new Map<string, { run: JobHandler; onFailed?: FailureHandler }>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private active: Promise<void> = Promise.resolve();
  private wakeAgain = false;
  /**
   * The runner's own async context. A job enqueued inside a unit of work (Store.transaction)
   * wakes the runner there; its ticks must not run inside that transaction, where they would
   * claim and deliver jobs that are not committed yet (and may be rolled back).
   */
  private readonly scope = new AsyncResource('icabinet.jobs');

  constructor(
    private readonly repo: JobsRepo,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly opts: JobRunnerOptions = DEFAULT_RUNNER_OPTIONS,
  ) {}

  register(kind: string, run: JobHandler, onFailed?: FailureHandler): void {
    this.handlers.set(kind, onFailed ? { run, onFailed } : { run });
  }

  /** Stores a job (idempotent by key) and wakes the runner. */
  async enqueue(job: NewJob): Promise<JobRecord> {
    const now = this.clock.now().toISOString();
    const stored = await this.repo.enqueue({
      id: randomUUID(),
      kind: job.kind,
      key: job.key ?? null,
      payload: job.payload,
      runAt: job.runAt ?? now,
      status: 'queued',
      attempts: 0,
      maxAttempts: job.maxAttempts ?? 5,
      lastError: null,
      leaseUntil: null,
      createdAt: now,
      updatedAt: now,
    });
    this.wake();
    return stored;
  }

  /** Withdraws queued jobs whose key starts with the prefix (e.g. a rescheduled meeting's reminders). */
  cancelByKeyPrefix(prefix: string): Promise<number> {
    return this.repo.cancelByKeyPrefix(prefix, this.clock.now().toISOString());
  }

  /** Stores many jobs in one write (idempotent by key) and wakes the runner once. */
  async enqueueMany(jobs: NewJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = this.clock.now().toISOString();
    await this.repo.enqueueMany(
      jobs.map((job) => ({
        id: randomUUID(),
        kind: job.kind,
        key: job.key ?? null,
        payload: job.payload,
        runAt: job.runAt ?? now,
        status: 'queued' as const,
        attempts: 0,
        maxAttempts: job.maxAttempts ?? 5,
        lastError: null,
        leaseUntil: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    this.wake();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.active;
  }

  /** Runs due jobs now (also used by tests after moving a fake clock). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.active = this.scope.runInAsyncScope(() => this.tick());
  }

  /** Resolves when no job is due any more (for tests, after moving a fake clock). */
  async drain(): Promise<void> {
    for (;;) {
      await this.active;
      const next = await this.repo.nextRunAt();
      if (this.stopped || !next || Date.parse(next) > this.clock.now().getTime()) return;
      this.wake();
    }
  }

  private async tick(): Promise<void> {
    this.running = true;
    try {
      do {
        this.wakeAgain = false;
        const now = this.clock.now();
        const jobs = await this.repo.claimDue(
          now.toISOString(),
          new Date(now.getTime() + this.opts.leaseMs).toISOString(),
          this.opts.batch,
        );
        const outcomes = await Promise.all(jobs.map((j) => this.runOne(j)));
        // The jobs that succeeded are marked done together: one durable write per batch.
        const done = jobs.filter((_, i) => outcomes[i]).map((j) => j.id);
        await this.repo.completeMany(done, this.clock.now().toISOString());
        if (jobs.length === this.opts.batch) this.wakeAgain = true;
      } while (this.wakeAgain && !this.stopped);
    } catch (err) {
      this.logger.error({ err }, 'job runner tick failed');
    } finally {
      this.running = false;
      if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.opts.pollMs);
    }
  }

  /** Runs one job; true when it succeeded (the caller marks it done), false when handled otherwise. */
  private async runOne(job: JobRecord): Promise<boolean> {
    const handler = this.handlers.get(job.kind);
    const now = () => this.clock.now().toISOString();
    if (!handler) {
      await this.repo.fail(job.id, `no handler for job kind ${job.kind}`, now());
      return false;
    }
    const lastAttempt = job.attempts >= job.maxAttempts;
    try {
      await handler.run(job.payload, { job, lastAttempt });
      return true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentJobError;
      if (permanent || lastAttempt) {
        this.logger.warn(
          { job: job.kind, id: job.id, attempts: job.attempts, reason },
          'job failed for good',
        );
        await this.repo.fail(job.id, reason, now());
        await handler
          .onFailed?.(job.payload, reason, job)
          .catch((e: unknown) => this.logger.error({ err: e }, 'job failure handler failed'));
      } else {
        const delay = Math.min(this.opts.backoffMs * 2 ** (job.attempts - 1), this.opts.maxBackoffMs);
        const runAt = new Date(this.clock.now().getTime() + delay).toISOString();
        this.logger.info(
          { job: job.kind, id: job.id, attempts: job.attempts, reason, runAt },
          'job will retry',
        );
        await this.repo.reschedule(job.id, runAt, reason, now());
      }
      return false;
    }
  }
}
