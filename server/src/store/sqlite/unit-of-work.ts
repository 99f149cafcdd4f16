import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

/**
 * Async transactions on the one better-sqlite3 connection.
 *
 * better-sqlite3's own `db.transaction(fn)` needs a synchronous `fn`, but the Store API is async
 * (it is shared with MongoDB), and a service's unit of work is a chain of awaited store calls. So
 * `transaction(fn)` runs `BEGIN IMMEDIATE`, awaits `fn`, then `COMMIT` (or `ROLLBACK` when it
 * throws). On a single connection every statement joins whatever transaction is open, so while
 * one is open, every repository call made outside it — reads too, which would otherwise see
 * uncommitted rows — waits until it ends (`gate`). Calls inside it are recognised by an
 * AsyncLocalStorage scope and run at once. Transactions run one after another; one inside
 * another joins the outer one. Each repository method is synchronous underneath (no await
 * between its statements), so a call never straddles BEGIN or COMMIT. Repositories that use
 * `db.transaction` internally become SAVEPOINTs inside an open transaction.
 *
 * Keep a unit of work to store calls: awaiting something that itself waits for the store
 * from another request would wait forever.
 */
export class SqliteUnitOfWork {
  private readonly scope = new AsyncLocalStorage<object>();
  private active: { token: object; done: Promise<void> } | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inside()) return fn();
    const run = this.tail.then(() => this.runOne(fn));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The repository, with each method waiting for a transaction opened elsewhere to end. */
  gate<R extends object>(repo: R): R {
    return new Proxy(repo, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          this.whenFree(() => (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  }

  private inside(): boolean {
    return this.active !== null && this.scope.getStore() === this.active.token;
  }

  /** Runs `call` now if no transaction is open elsewhere; otherwise after it ends (checked again then). */
  private whenFree(call: () => unknown): unknown {
    const open = this.active;
    if (!open || this.inside()) return call();
    return open.done.then(() => this.whenFree(call));
  }

  private async runOne<T>(fn: () => Promise<T>): Promise<T> {
    const token = {};
    let release = () => {};
    this.active = { token, done: new Promise<void>((resolve) => (release = resolve)) };
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.scope.run(token, fn);
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    } finally {
      this.active = null;
      // Off between units of work: while an AsyncLocalStorage is enabled, Node runs its async
      // hooks for every promise and every I/O callback of the process (each socket write of a
      // broadcast); `run` turns it on again for the next one.
      this.scope.disable();
      release();
    }
  }
}
