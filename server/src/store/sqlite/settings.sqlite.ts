import type Database from 'better-sqlite3';
import { VersionConflictError } from '../port.js';
import type { PasswordHistoryRepo, SettingRecord, SettingsRepo } from '../settings.port.js';
import { asPromise, fromJson, isForeignKeyError } from './sql.js';
import { RecordNotFoundError } from '../port.js';

/** Migration 12: run-time settings and the hashes of previous passwords. */
export const SETTINGS_MIGRATION_SQL = `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
  ) STRICT;
  CREATE TABLE password_history (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX password_history_user ON password_history (user_id, id);
`;

interface SettingRow {
  key: string;
  value: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

const toRecord = (r: SettingRow): SettingRecord => ({
  key: r.key,
  value: fromJson<unknown>(r.value),
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** Settings on SQLite: one row per key, the value as JSON text. */
export class SqliteSettingsRepo implements SettingsRepo {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly putTx;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], SettingRow>('SELECT * FROM settings WHERE key = ?');
    this.insertStmt =
      db.prepare<SettingRow>(`INSERT INTO settings (key, value, version, updated_at, updated_by)
      VALUES (@key, @value, @version, @updated_at, @updated_by) ON CONFLICT (key) DO NOTHING`);
    this.updateStmt = db.prepare<SettingRow & { expected: number }>(`UPDATE settings SET value = @value,
      version = @version, updated_at = @updated_at, updated_by = @updated_by
      WHERE key = @key AND version = @expected`);
    this.putTx = db.transaction((row: SettingRow, expected: number) => {
      const changes =
        expected === 0 ? this.insertStmt.run(row).changes : this.updateStmt.run({ ...row, expected }).changes;
      if (changes !== 1) throw new VersionConflictError('setting', row.key);
    });
  }

  get(key: string): Promise<SettingRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(key);
      return row ? toRecord(row) : null;
    });
  }

  put(
    key: string,
    value: unknown,
    expectedVersion: number,
    at: string,
    by: string | null,
  ): Promise<SettingRecord> {
    return asPromise(() => {
      const row: SettingRow = {
        key,
        value: JSON.stringify(value),
        version: expectedVersion + 1,
        updated_at: at,
        updated_by: by,
      };
      this.putTx(row, expectedVersion);
      return toRecord(row);
    });
  }
}

/** Previous password hashes on SQLite, pruned to the newest `keep` per user on every add. */
export class SqlitePasswordHistoryRepo implements PasswordHistoryRepo {
  private readonly insertStmt;
  private readonly pruneStmt;
  private readonly listStmt;
  private readonly addTx;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare<[string, string, string]>(
      'INSERT INTO password_history (user_id, hash, at) VALUES (?, ?, ?)',
    );
    this.pruneStmt = db.prepare<[string, string, number]>(`DELETE FROM password_history WHERE user_id = ?
      AND id NOT IN (SELECT id FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?)`);
    this.listStmt = db
      .prepare<[string, number], string>(
        'SELECT hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?',
      )
      .pluck();
    this.addTx = db.transaction((userId: string, hash: string, at: string, keep: number) => {
      this.insertStmt.run(userId, hash, at);
      this.pruneStmt.run(userId, userId, keep);
    });
  }

  add(userId: string, hash: string, at: string, keep: number): Promise<void> {
    return asPromise(() => {
      try {
        this.addTx(userId, hash, at, Math.max(0, keep));
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('user', userId);
        throw e;
      }
    });
  }

  list(userId: string, limit: number): Promise<string[]> {
    return asPromise(() => (limit <= 0 ? [] : this.listStmt.all(userId, limit)));
  }
}
