import type { AsyncLocalStorage } from 'node:async_hooks';
import mongoose, { type ClientSession, type Connection } from 'mongoose';

/**
 * Units of work on MongoDB. With mongoose's `transactionAsyncLocalStorage` on, every operation
 * awaited inside `connection.transaction(fn)` runs in that transaction's session without being
 * passed it, so services write through the ordinary repositories. Transactions need a replica
 * set or a sharded cluster; on a standalone server `runUnitOfWork` falls back to running `fn`
 * as is (each write on its own, as before), which is documented in the README.
 */
mongoose.set('transactionAsyncLocalStorage', true);

const storage = (
  mongoose as unknown as { transactionAsyncLocalStorage?: AsyncLocalStorage<{ session?: ClientSession }> }
).transactionAsyncLocalStorage;

/** The session of the transaction this code runs in, if any. */
export function currentSession(): ClientSession | undefined {
  return storage?.getStore()?.session;
}

/**
 * Runs `fn` in a transaction when the deployment has them: joins the one already open, or
 * starts one (retried by the driver after a transient error). Without transactions, runs `fn`.
 */
export function inTransaction<T>(
  conn: Connection,
  transactions: boolean,
  fn: (session: ClientSession | undefined) => Promise<T>,
): Promise<T> {
  const open = currentSession();
  if (open) return fn(open);
  if (!transactions) return fn(undefined);
  return conn.transaction((session) => fn(session));
}

/** `Store.transaction` on MongoDB. */
export function runUnitOfWork<T>(conn: Connection, transactions: boolean, fn: () => Promise<T>): Promise<T> {
  return inTransaction(conn, transactions, () => fn());
}
