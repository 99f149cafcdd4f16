import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { JOBS_MIGRATION_SQL, SqliteJobsRepo } from '../store/sqlite/jobs.sqlite.js';
import { JobRunner, PermanentJobError, type JobRunnerOptions } from './job-runner.js';

const logger = createLogger('silent');
const OPTS: JobRunnerOptions = {
  pollMs: 60_000,
  leaseMs: 30_000,
  backoffMs: 1000,
  maxBackoffMs: 8000,
  batch: 5,
};

class TestClock {
  t = Date.parse('2024-11-27T01:00:00.000Z');
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

const dirs: string[] = [];
function openDb(file?: string) {
  const dir = file ? path.dirname(file) : mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
  if (!file) dirs.push(dir);
  const db = new Database(file ?? path.join(dir, 'jobs.sqlite'));
  db.pragma('journal_mode = WAL');
  if (!file) db.exec(JOBS_MIGRATION_SQL);
  return db;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('JobRunner on SQLite', () => {
  it('runs a job once, and a job enqueued again under the same key is not run twice', async () => {
    const clock = new TestClock();
    const repo = new SqliteJobsRepo(openDb());
    const runner = new JobRunner(repo, clock, logger, OPTS);
    const seen: unknown[] = [];
    runner.register('greet', (payload) => {
      seen.push(payload.name);
      return Promise.resolve();
    });
    runner.start();
    await runner.enqueue({ kind: 'greet', key: 'greet:an', payload: { name: 'Nguyễn Văn An' } });
    await runner.drain();
    await runner.enqueue({ kind: 'greet', key: 'greet:an', payload: { name: 'Nguyễn Văn An' } });
    await runner.drain();
    await runner.stop();
    expect(seen).toEqual(['Nguyễn Văn An']);
    expect((await repo.getByKey('greet:an'))?.status).toBe('done');
  });

  it('retries with doubling delays, then gives up and reports the last reason', async () => {
    const clock = new TestClock();
    const repo = new SqliteJobsRepo(openDb());
    const runner = new JobRunner(repo, clock, logger, OPTS);
    const attemptsAt: number[] = [];
    const failures: string[] = [];
    runner.register(
      'send',
      () => {
        attemptsAt.push(clock.t);
        return Promise.reject(new Error(`421 try later (#${attemptsAt.length})`));
      },
      (_p, reason) => {
        failures.push(reason);
        return Promise.resolve();
      },
    );
    runner.start();
    const job = await runner.enqueue({ kind: 'send', payload: {}, maxAttempts: 4 });
    await runner.drain();
    for (const wait of [1000, 2000, 4000]) {
      clock.advance(wait - 1);
      await runner.drain();
      expect(attemptsAt.length).toBeLessThan(5);
      clock.advance(1);
      await runner.drain();
    }
    await runner.stop();
    const start = attemptsAt[0]!;
    expect(attemptsAt.map((t) => t - start)).toEqual([0, 1000, 3000, 7000]);
    const stored = await repo.get(job.id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 4, lastError: '421 try later (#4)' });
    expect(failures).toEqual(['421 try later (#4)']);
  });

  it('does not retry a permanent failure', async () => {
    const clock = new TestClock();
    const repo = new SqliteJobsRepo(openDb());
    const runner = new JobRunner(repo, clock, logger, OPTS);
    let calls = 0;
    runner.register('send', () => {
      calls++;
      return Promise.reject(new PermanentJobError('550 mailbox unavailable'));
    });
    runner.start();
    const job = await runner.enqueue({ kind: 'send', payload: {} });
    await runner.drain();
    clock.advance(60_000);
    await runner.drain();
    await runner.stop();
    expect(calls).toBe(1);
    expect((await repo.get(job.id))?.status).toBe('failed');
  });

  it('runs a job that fell due while the server was down exactly once after it starts again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
    dirs.push(dir);
    const file = path.join(dir, 'jobs.sqlite');
    const clock = new TestClock();
    const first = openDb(file);
    first.exec(JOBS_MIGRATION_SQL);
    const before = new JobRunner(new SqliteJobsRepo(first), clock, logger, OPTS);
    await before.enqueue({
      kind: 'remind',
      key: 'remind:m1:24h',
      payload: {},
      runAt: '2024-11-27T02:00:00.000Z',
    });
    first.close(); // "server down"

    clock.advance(3 * 3_600_000); // now past the reminder time
    let sent = 0;
    const afterDb = openDb(file);
    const after = new JobRunner(new SqliteJobsRepo(afterDb), clock, logger, OPTS);
    after.register('remind', () => {
      sent++;
      return Promise.resolve();
    });
    after.start();
    await after.drain();
    clock.advance(3_600_000);
    after.wake();
    await after.drain();
    await after.stop();
    afterDb.close();
    expect(sent).toBe(1);
  });

  it('lets another worker take over a job whose worker died, after the lease', async () => {
    const clock = new TestClock();
    const repo = new SqliteJobsRepo(openDb());
    await repo.enqueue({
      id: 'j1',
      kind: 'k',
      key: null,
      payload: {},
      runAt: clock.now().toISOString(),
      status: 'queued',
      attempts: 0,
      maxAttempts: 3,
      lastError: null,
      leaseUntil: null,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    });
    const lease = new Date(clock.t + 30_000).toISOString();
    expect(await repo.claimDue(clock.now().toISOString(), lease, 10)).toHaveLength(1);
    // A second worker sees nothing while the lease holds…
    expect(await repo.claimDue(clock.now().toISOString(), lease, 10)).toHaveLength(0);
    clock.advance(30_001);
    // …and takes the job over once it has expired.
    const [taken] = await repo.claimDue(
      clock.now().toISOString(),
      new Date(clock.t + 30_000).toISOString(),
      10,
    );
    expect(taken).toMatchObject({ id: 'j1', attempts: 2, status: 'running' });
  });

  it('cancels a meeting’s queued reminders by key prefix, leaving others', async () => {
    const clock = new TestClock();
    const repo = new SqliteJobsRepo(openDb());
    const runner = new JobRunner(repo, clock, logger, OPTS);
    const later = new Date(clock.t + 86_400_000).toISOString();
    await runner.enqueue({ kind: 'remind', key: 'remind:m1:p1:24h', payload: {}, runAt: later });
    await runner.enqueue({ kind: 'remind', key: 'remind:m1:p2:24h', payload: {}, runAt: later });
    await runner.enqueue({ kind: 'remind', key: 'remind:m2:p1:24h', payload: {}, runAt: later });
    expect(await repo.cancelByKeyPrefix('remind:m1:', clock.now().toISOString())).toBe(2);
    expect((await repo.getByKey('remind:m2:p1:24h'))?.status).toBe('queued');
    expect((await repo.getByKey('remind:m1:p2:24h'))?.status).toBe('cancelled');
  });
});
