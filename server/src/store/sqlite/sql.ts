import Database from 'better-sqlite3';
import { DuplicateKeyError } from '../port.js';

/** SQLite has no boolean type; STRICT tables keep them as 0/1. */
export const toInt = (b: boolean): number => (b ? 1 : 0);

/** Reads a 0/1 column back as a boolean. */
export const toBool = (n: number): boolean => n !== 0;

/** Milliseconds since the epoch for an ISO timestamp, for the `*_ms` columns. */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO-8601 timestamp: ${iso}`);
  return ms;
}

/** Parses a JSON column written by this adapter. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** The sqlite error code, when `e` is a better-sqlite3 error. */
export function sqliteCode(e: unknown): string | null {
  return e instanceof Database.SqliteError ? e.code : null;
}

/**
 * Turns a UNIQUE or PRIMARY KEY violation into `DuplicateKeyError` naming the port's field.
 * SQLite reports "UNIQUE constraint failed: users.username" (or "t.a, t.b" for a compound
 * index); `fields` maps those column lists to field names. Any other error is returned as is.
 */
export function mapConstraintError(e: unknown, fields: Readonly<Record<string, string>>): unknown {
  if (!isDuplicateKeyError(e)) return e;
  const columns = (e as Error).message.replace(/^.*constraint failed:\s*/i, '').trim();
  return new DuplicateKeyError(fields[columns] ?? columns);
}

/** Whether `e` is a UNIQUE or PRIMARY KEY violation (the row is there already). */
export const isDuplicateKeyError = (e: unknown): boolean => {
  const code = sqliteCode(e);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/** Whether `e` is a FOREIGN KEY violation (the referenced row does not exist). */
export const isForeignKeyError = (e: unknown): boolean => sqliteCode(e) === 'SQLITE_CONSTRAINT_FOREIGNKEY';

/**
 * Runs a synchronous better-sqlite3 call and hands back a promise, so an error becomes a
 * rejection (as the async port promises) instead of a throw at the call site.
 */
export const asPromise = <T>(fn: () => T): Promise<T> => new Promise<T>((resolve) => resolve(fn()));

/**
 * Runs a write whose commit need not reach the disk before it returns: at `synchronous = NORMAL`
 * (in WAL mode the commit is written to the log — a killed process loses nothing — but not
 * fsynced; the next FULL commit or log sync makes it durable too), then back to FULL, the level
 * the connection runs at. Inside a unit of work the level cannot change (SQLite refuses): the
 * write joins it and its FULL commit. (`db.exec` each time, ~2 µs: a prepared PRAGMA statement
 * did not take effect on its first run.)
 */
export function withoutSync<T>(db: Database.Database, write: () => T): T {
  if (db.inTransaction) return write();
  db.exec('PRAGMA synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.exec('PRAGMA synchronous = FULL');
  }
}
