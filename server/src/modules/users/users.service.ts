import {
  authorize,
  type PasswordResetInput,
  type SystemRole,
  type UserCreateInput,
  type UserImportResult,
  type UserListQuery,
  type UserUpdateInput,
  type UserWithSecret,
  type Paged,
  type User,
} from '@icabinet/shared';
import {
  DuplicateKeyError,
  RecordNotFoundError,
  VersionConflictError,
  type Store,
  type UserPatch,
  type UserRecord,
} from '../../store/port.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import { newId, temporaryPassword } from '../../lib/ids.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { problemMessage, type PasswordPolicyService } from '../auth/password-policy.service.js';
import { presentUser } from './users.presenter.js';
import { parseUserCsv } from './users.csv.js';

/** Called when a user's sessions must end now (deactivation, password reset). */
export type SessionKiller = (userId: string) => void;

/** User administration: create, edit, deactivate, reset passwords, import from CSV. */
export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly passwords: PasswordPolicyService,
    private readonly killSessions: SessionKiller,
    /** Re-checks the user's live sockets (role, unit, name changed): they must not keep old rights. */
    private readonly userChanged: (userId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  async list(actor: Actor, query: UserListQuery): Promise<Paged<User>> {
    this.require(actor, 'users:read');
    const { items, total } = await this.store.users.list(query);
    return { items: items.map(presentUser), total };
  }

  async get(actor: Actor, id: string): Promise<User> {
    this.require(actor, 'users:read');
    return presentUser(await this.load(id));
  }

  async create(actor: Actor, input: UserCreateInput, ip: string): Promise<UserWithSecret> {
    this.require(actor, 'users:manage');
    if (input.unitId) await this.requireUnit(input.unitId);
    if (input.password) await this.passwords.assertAcceptable(input.password, input, 'password');
    const generated = input.password ? undefined : temporaryPassword();
    const now = this.clock.now().toISOString();
    const record: UserRecord = {
      id: newId(),
      username: input.username,
      fullName: input.fullName,
      title: input.title,
      unitId: input.unitId,
      email: input.email,
      phone: input.phone,
      systemRole: input.systemRole,
      active: true,
      // Whoever chose the password is not the person who will use it.
      mustChangePassword: true,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
      passwordHash: await hashPassword(input.password ?? generated ?? ''),
    };
    try {
      await this.store.users.create(record);
    } catch (err) {
      if (err instanceof DuplicateKeyError)
        throw errors.conflict('username_taken', { username: input.username });
      throw err;
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'user.created',
      targetType: 'user',
      targetId: record.id,
      data: { username: record.username, systemRole: record.systemRole },
      ip,
    });
    return { user: presentUser(record), ...(generated ? { temporaryPassword: generated } : {}) };
  }

  async update(actor: Actor, id: string, input: UserUpdateInput, ip: string): Promise<User> {
    this.require(actor, 'users:manage');
    const before = await this.load(id);
    const { version, ...fields } = input;
    const patch: UserPatch = {};
    if (fields.fullName !== undefined) patch.fullName = fields.fullName;
    if (fields.title !== undefined) patch.title = fields.title;
    if (fields.unitId !== undefined) {
      if (fields.unitId) await this.requireUnit(fields.unitId);
      patch.unitId = fields.unitId;
    }
    if (fields.email !== undefined) patch.email = fields.email || null;
    if (fields.phone !== undefined) patch.phone = fields.phone || null;
    if (fields.systemRole !== undefined) patch.systemRole = fields.systemRole;
    if (fields.active !== undefined) patch.active = fields.active;

    const losesAdmin =
      before.systemRole === 'admin' &&
      before.active &&
      (patch.active === false || (patch.systemRole ?? 'admin') !== 'admin');
    if (losesAdmin) {
      if (before.id === actor.user.id) throw errors.invalidState('self_lockout');
      if ((await this.store.users.countActiveByRole('admin')) <= 1) throw errors.invalidState('last_admin');
    }
    const after = await this.save(id, patch, version);
    await this.auditChanges(actor, before, after, ip);
    if (before.active && !after.active) this.killSessions(id);
    else if ((['systemRole', 'unitId', 'fullName', 'active'] as const).some((k) => before[k] !== after[k]))
      await this.userChanged(id);
    return presentUser(after);
  }

  async resetPassword(
    actor: Actor,
    id: string,
    input: PasswordResetInput,
    ip: string,
  ): Promise<UserWithSecret> {
    this.require(actor, 'users:manage');
    const user = await this.load(id);
    // A password the administrator types follows the policy and the history; a generated one is
    // random and must be changed at the next sign-in anyway.
    if (input.password) await this.passwords.assertAcceptable(input.password, user, 'password', user);
    const generated = input.password ? undefined : temporaryPassword();
    const after = await this.passwords.replace(user, input.password ?? generated ?? '', {
      mustChangePassword: true,
    });
    await this.store.sessions.deleteByUser(id);
    this.killSessions(id);
    await this.audit.record({
      actorId: actor.user.id,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: id,
      ip,
    });
    return { user: presentUser(after), ...(generated ? { temporaryPassword: generated } : {}) };
  }

  /** Imports every row of a CSV file or none: all problems are reported with their line numbers. */
  async importCsv(actor: Actor, text: string, ip: string): Promise<UserImportResult> {
    this.require(actor, 'users:manage');
    const { rows, issues, columnName } = parseUserCsv(text);
    for (const row of rows) {
      if (!row.password) continue;
      const problem = await this.passwords.problem(row.password, row);
      if (!problem) continue;
      const { key, params } = problemMessage(problem);
      issues.push({
        path: 'password',
        key,
        ...(params ? { params } : {}),
        line: row.line,
        column: columnName('password'),
      });
    }
    const existing = new Set(await this.store.users.existingUsernames(rows.map((r) => r.username)));
    const units = new Map((await this.store.units.list()).map((u) => [u.code.toUpperCase(), u]));
    for (const row of rows) {
      if (existing.has(row.username)) {
        issues.push({
          path: 'username',
          key: 'csv_username_exists',
          params: { username: row.username },
          line: row.line,
          column: columnName('username'),
        });
      }
      if (row.unitCode && !units.has(row.unitCode)) {
        issues.push({
          path: 'unit',
          key: 'csv_unknown_unit',
          params: { code: row.unitCode },
          line: row.line,
          column: columnName('unit'),
        });
      }
    }
    if (issues.length > 0) {
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      throw errors.invalid(issues, 'csv_errors', { count: issues.length });
    }

    const now = this.clock.now().toISOString();
    const secrets = new Map<string, string>();
    const records: UserRecord[] = [];
    // argon2 runs on the libuv pool; a few at a time keeps the event loop responsive.
    for (let i = 0; i < rows.length; i += 4) {
      const chunk = rows.slice(i, i + 4);
      const hashed = await Promise.all(
        chunk.map(async (row) => {
          const password = row.password ?? temporaryPassword();
          if (!row.password) secrets.set(row.username, password);
          return hashPassword(password);
        }),
      );
      chunk.forEach((row, j) => {
        records.push({
          id: newId(),
          username: row.username,
          fullName: row.fullName,
          title: row.title,
          unitId: row.unitCode ? (units.get(row.unitCode)?.id ?? null) : null,
          email: row.email,
          phone: row.phone,
          systemRole: row.systemRole,
          active: true,
          mustChangePassword: true,
          lastLoginAt: null,
          createdAt: now,
          updatedAt: now,
          version: 0,
          passwordHash: hashed[j] ?? '',
        });
      });
    }
    try {
      await this.store.users.createMany(records);
    } catch (err) {
      // Someone created one of these usernames while we were hashing.
      if (err instanceof DuplicateKeyError) throw errors.conflict('username_taken', { username: '' });
      throw err;
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'user.imported',
      targetType: 'user',
      data: { count: records.length, usernames: records.map((r) => r.username) },
      ip,
    });
    return {
      imported: records.length,
      users: records.map((r) => ({
        username: r.username,
        fullName: r.fullName,
        ...(secrets.has(r.username) ? { temporaryPassword: secrets.get(r.username) } : {}),
      })),
    };
  }

  private async auditChanges(actor: Actor, before: UserRecord, after: UserRecord, ip: string): Promise<void> {
    const base = { actorId: actor.user.id, targetType: 'user', targetId: after.id, ip } as const;
    if (before.systemRole !== after.systemRole) {
      await this.audit.record({
        ...base,
        action: 'user.role_changed',
        data: { from: before.systemRole, to: after.systemRole },
      });
    }
    if (before.active !== after.active) {
      await this.audit.record({ ...base, action: after.active ? 'user.reactivated' : 'user.deactivated' });
    }
    const changed = (['fullName', 'title', 'unitId', 'email', 'phone'] as const).filter(
      (k) => before[k] !== after[k],
    );
    if (changed.length > 0)
      await this.audit.record({ ...base, action: 'user.updated', data: { fields: changed } });
  }

  private async save(id: string, patch: UserPatch, version: number | null): Promise<UserRecord> {
    try {
      return await this.store.users.update(id, patch, version, this.clock.now().toISOString());
    } catch (err) {
      if (err instanceof VersionConflictError) throw errors.conflict('version_conflict');
      if (err instanceof RecordNotFoundError) throw errors.notFound('user_not_found');
      throw err;
    }
  }

  private async load(id: string): Promise<UserRecord> {
    const user = await this.store.users.getById(id);
    if (!user) throw errors.notFound('user_not_found');
    return user;
  }

  private async requireUnit(id: string): Promise<void> {
    if (!(await this.store.units.getById(id)))
      throw errors.invalid([{ path: 'unitId', key: 'unit_not_found' }], 'unit_not_found');
  }

  private require(actor: Actor, permission: 'users:read' | 'users:manage'): void {
    if (!authorize({ systemRole: actor.user.systemRole }, permission)) throw errors.forbidden();
  }
}

export type { SystemRole };
