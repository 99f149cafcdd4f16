import type Database from 'better-sqlite3';
import type { SystemRole } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { UserListFilter, UserPatch, UserRecord, UsersRepo } from '../port.js';
import { USER_PATCH_KEYS, pickDefined } from '../patch.js';
import { searchTokens, userSearchText, viCollator } from '../search.js';
import { asPromise, mapConstraintError, toBool, toInt } from './sql.js';

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  title: string | null;
  unit_id: string | null;
  email: string | null;
  phone: string | null;
  system_role: string;
  active: number;
  password_hash: string;
  must_change_password: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

type UserParams = UserRow & { search: string };

const DUPLICATE_FIELDS = { 'users.username': 'username', 'users.id': 'id' } as const;

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  title: r.title,
  unitId: r.unit_id,
  email: r.email,
  phone: r.phone,
  systemRole: r.system_role as SystemRole,
  active: toBool(r.active),
  passwordHash: r.password_hash,
  mustChangePassword: toBool(r.must_change_password),
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toParams = (u: UserRecord): UserParams => ({
  id: u.id,
  username: u.username,
  full_name: u.fullName,
  title: u.title,
  unit_id: u.unitId,
  email: u.email,
  phone: u.phone,
  system_role: u.systemRole,
  active: toInt(u.active),
  password_hash: u.passwordHash,
  must_change_password: toInt(u.mustChangePassword),
  last_login_at: u.lastLoginAt,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
  version: u.version,
  search: userSearchText(u),
});

/** Usernames are case-insensitive: stored and looked up in lower case. */
const normalise = (u: UserRecord): UserRecord => ({ ...u, username: u.username.toLowerCase() });

/** The users repository on SQLite. */
export class SqliteUsersRepo implements UsersRepo {
  private readonly insert;
  private readonly byId;
  private readonly byUsername;
  private readonly existing;
  private readonly matching;
  private readonly byIds;
  private readonly replace;
  private readonly countAll;
  private readonly countActiveRole;
  private readonly insertAll;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<UserParams>(`INSERT INTO users (id, username, full_name, title, unit_id, email,
      phone, system_role, active, password_hash, must_change_password, last_login_at, created_at, updated_at,
      version, search) VALUES (@id, @username, @full_name, @title, @unit_id, @email, @phone, @system_role,
      @active, @password_hash, @must_change_password, @last_login_at, @created_at, @updated_at, @version, @search)`);
    this.byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
    this.byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
    this.existing = db
      .prepare<[string], string>(
        'SELECT username FROM users WHERE username IN (SELECT value FROM json_each(?))',
      )
      .pluck();
    // Filters are optional parameters (NULL = no filter) so one statement serves every combination;
    // every folded search word must occur in the search column.
    this.matching = db.prepare<
      { unitId: string | null; role: string | null; active: number | null; tokens: string },
      { id: string; full_name: string; username: string }
    >(`SELECT id, full_name, username FROM users
      WHERE (@unitId IS NULL OR unit_id = @unitId)
        AND (@role IS NULL OR system_role = @role)
        AND (@active IS NULL OR active = @active)
        AND NOT EXISTS (SELECT 1 FROM json_each(@tokens) t WHERE instr(users.search, t.value) = 0)`);
    this.byIds = db.prepare<[string], UserRow>(
      'SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))',
    );
    this.replace = db.prepare<UserParams & { expected: number }>(`UPDATE users SET full_name = @full_name,
      title = @title, unit_id = @unit_id, email = @email, phone = @phone, system_role = @system_role,
      active = @active, password_hash = @password_hash, must_change_password = @must_change_password,
      last_login_at = @last_login_at, updated_at = @updated_at, version = @version, search = @search
      WHERE id = @id AND version = @expected`);
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
    this.countActiveRole = db
      .prepare<[string], number>('SELECT count(*) FROM users WHERE active = 1 AND system_role = ?')
      .pluck();
    this.insertAll = db.transaction((users: UserRecord[]) => {
      for (const u of users) this.insert.run(toParams(normalise(u)));
    });
  }

  create(user: UserRecord): Promise<UserRecord> {
    return asPromise(() => {
      const stored = normalise(user);
      try {
        this.insert.run(toParams(stored));
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
      return stored;
    });
  }

  createMany(users: UserRecord[]): Promise<void> {
    return asPromise(() => {
      try {
        // One transaction: a duplicate anywhere rolls back every row inserted before it.
        this.insertAll.immediate(users);
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
    });
  }

  getById(id: string): Promise<UserRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  getByUsername(username: string): Promise<UserRecord | null> {
    return asPromise(() => {
      const row = this.byUsername.get(username.toLowerCase());
      return row ? toRecord(row) : null;
    });
  }

  existingUsernames(usernames: string[]): Promise<string[]> {
    return asPromise(() =>
      usernames.length === 0 ? [] : this.existing.all(JSON.stringify(usernames.map((u) => u.toLowerCase()))),
    );
  }

  /**
   * Matching rows are found in SQL, then ordered in JS with Intl.Collator('vi') (SQLite has no
   * Vietnamese collation): only id and names are read for the sort, and full rows only for
   * the requested page, so `total` counts every match and the page is exact.
   */
  list(filter: UserListFilter): Promise<{ items: UserRecord[]; total: number }> {
    return asPromise(() => this.listNow(filter));
  }

  private listNow(filter: UserListFilter): { items: UserRecord[]; total: number } {
    const keys = this.matching.all({
      unitId: filter.unitId ?? null,
      role: filter.systemRole ?? null,
      active: filter.active === undefined ? null : toInt(filter.active),
      tokens: JSON.stringify(searchTokens(filter.q)),
    });
    keys.sort(
      (a, b) => viCollator.compare(a.full_name, b.full_name) || viCollator.compare(a.username, b.username),
    );
    const page = keys.slice(filter.offset, filter.offset + filter.limit).map((k) => k.id);
    if (page.length === 0) return { items: [], total: keys.length };
    const rows = new Map(this.byIds.all(JSON.stringify(page)).map((r) => [r.id, r]));
    const items = page.flatMap((id) => {
      const row = rows.get(id);
      return row ? [toRecord(row)] : [];
    });
    return { items, total: keys.length };
  }

  update(id: string, patch: UserPatch, expectedVersion: number | null, now: string): Promise<UserRecord> {
    return asPromise(() => this.updateNow(id, patch, expectedVersion, now));
  }

  private updateNow(id: string, patch: UserPatch, expectedVersion: number | null, now: string): UserRecord {
    const row = this.byId.get(id);
    if (!row) throw new RecordNotFoundError('user', id);
    const current = toRecord(row);
    if (expectedVersion !== null && current.version !== expectedVersion)
      throw new VersionConflictError('user', id);
    const next: UserRecord = {
      ...current,
      ...pickDefined(patch, USER_PATCH_KEYS),
      updatedAt: now,
      version: current.version + 1,
    };
    // The version guard in WHERE also catches a write by another process between read and update.
    const { changes } = this.replace.run({ ...toParams(next), expected: current.version });
    if (changes === 0) throw new VersionConflictError('user', id);
    return next;
  }

  recordLogin(id: string, at: string): Promise<UserRecord> {
    return asPromise(() => {
      const { changes } = this.db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(at, id);
      if (changes === 0) throw new RecordNotFoundError('user', id);
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('user', id);
      return toRecord(row);
    });
  }

  count(): Promise<number> {
    return asPromise(() => this.countAll.get() ?? 0);
  }

  countActiveByRole(role: SystemRole): Promise<number> {
    return asPromise(() => this.countActiveRole.get(role) ?? 0);
  }
}
