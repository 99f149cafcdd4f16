import {
  DEFAULT_PASSWORD_RULES,
  SecuritySettings,
  type PasswordRules,
  type SecuritySettingsInput,
  type SecuritySettingsView,
  type SystemRole,
} from '@icabinet/shared';
import { VersionConflictError, type Store } from '../../store/port.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';

/** The key of the security settings in the settings store. */
export const SECURITY_KEY = 'security';

/** Settings are read on every request (two-step sign-in); another process's change shows within this. */
const CACHE_MS = 2000;

/**
 * The security settings an administrator changes at run time: the password policy and the roles
 * that must use two-step sign-in. Until an administrator saves them they are the defaults (the
 * two-step roles from TWO_FACTOR_REQUIRED). Every change is audited with what changed.
 */
export class SettingsService {
  private cached: { view: SecuritySettingsView; at: number } | null = null;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly defaults: { twoFactorRoles: readonly SystemRole[] },
  ) {}

  private defaultSettings(): SecuritySettings {
    return {
      passwordMinLength: DEFAULT_PASSWORD_RULES.minLength,
      passwordHistory: DEFAULT_PASSWORD_RULES.history,
      passwordBlockCommon: DEFAULT_PASSWORD_RULES.blockCommon,
      passwordBlockPersonal: DEFAULT_PASSWORD_RULES.blockPersonal,
      passwordBlockSequences: DEFAULT_PASSWORD_RULES.blockSequences,
      twoFactorRoles: [...this.defaults.twoFactorRoles],
    };
  }

  async security(): Promise<SecuritySettingsView> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.view;
    const record = await this.store.settings.get(SECURITY_KEY);
    // A stored value from an older version lacking a field gets that field's default.
    const parsed = SecuritySettings.safeParse({ ...this.defaultSettings(), ...(record?.value as object) });
    const view: SecuritySettingsView = {
      settings: parsed.success ? parsed.data : this.defaultSettings(),
      version: record?.version ?? 0,
      updatedAt: record?.updatedAt ?? null,
      updatedBy: record?.updatedBy ?? null,
    };
    this.cached = { view, at: now };
    return view;
  }

  async passwordRules(): Promise<PasswordRules> {
    const { settings: s } = await this.security();
    return {
      minLength: s.passwordMinLength,
      history: s.passwordHistory,
      blockCommon: s.passwordBlockCommon,
      blockPersonal: s.passwordBlockPersonal,
      blockSequences: s.passwordBlockSequences,
    };
  }

  async twoFactorRoles(): Promise<readonly SystemRole[]> {
    return (await this.security()).settings.twoFactorRoles;
  }

  /** Saves every field (admins only); audited with each changed field's old and new value. */
  async updateSecurity(
    actor: Actor,
    input: SecuritySettingsInput,
    ip: string,
  ): Promise<SecuritySettingsView> {
    if (actor.user.systemRole !== 'admin') throw errors.forbidden();
    this.cached = null;
    const before = await this.security();
    const { version, ...next } = input;
    if (version !== before.version) throw errors.conflict('setting_conflict');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof SecuritySettings)[]) {
      if (JSON.stringify(before.settings[key]) !== JSON.stringify(next[key]))
        changes[key] = { from: before.settings[key], to: next[key] };
    }
    if (Object.keys(changes).length === 0) return before;
    const at = this.clock.now().toISOString();
    try {
      await this.store.settings.put(SECURITY_KEY, next, version, at, actor.user.id);
    } catch (err) {
      if (err instanceof VersionConflictError) throw errors.conflict('setting_conflict');
      throw err;
    }
    this.cached = null;
    await this.audit.record({
      actorId: actor.user.id,
      action: 'settings.changed',
      targetType: 'settings',
      targetId: SECURITY_KEY,
      data: { changes },
      ip,
    });
    return this.security();
  }
}
