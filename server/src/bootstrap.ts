import type { Store } from './store/port.js';
import type { Clock } from './lib/clock.js';
import { newId, temporaryPassword } from './lib/ids.js';
import type { AuditService } from './modules/audit/audit.service.js';
import { hashPassword, verifyPassword } from './modules/auth/password.js';

export const BOOTSTRAP_ADMIN = 'admin';

/** What the operator is told when ICABINET_ADMIN_PASSWORD could not take effect. */
export const ADMIN_PASSWORD_IGNORED =
  'ICABINET_ADMIN_PASSWORD was ignored: users already exist, so no administrator was created and no password was changed. Sign in with the existing password (or reset it under Quản trị).';

/**
 * On the very first run (no user at all), creates the administrator. The password comes from
 * ICABINET_ADMIN_PASSWORD or is generated; a generated one is returned so it can be shown once.
 * When users already exist the variable changes nothing, and `passwordIgnored` says so, so the
 * caller can warn instead of leaving the operator to guess why the password does not work.
 */
export async function ensureAdmin(
  store: Store,
  audit: AuditService,
  clock: Clock,
  configuredPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string; passwordIgnored?: boolean }> {
  if ((await store.users.count()) > 0) {
    if (!configuredPassword) return { created: false };
    // Setting the password admin already has is no news; any other value was not applied.
    const admin = await store.users.getByUsername(BOOTSTRAP_ADMIN);
    const same = admin !== null && (await verifyPassword(admin.passwordHash, configuredPassword));
    return same ? { created: false } : { created: false, passwordIgnored: true };
  }
  const generated = configuredPassword ? undefined : temporaryPassword() + '-' + temporaryPassword();
  const now = clock.now().toISOString();
  const id = newId();
  await store.users.create({
    id,
    username: BOOTSTRAP_ADMIN,
    fullName: 'Quản trị hệ thống',
    title: null,
    unitId: null,
    email: null,
    phone: null,
    systemRole: 'admin',
    active: true,
    mustChangePassword: generated !== undefined,
    lastLoginAt: null,
    createdAt: now,
    updatedAt: now,
    version: 0,
    passwordHash: await hashPassword(configuredPassword ?? generated ?? ''),
  });
  await audit.record({
    actorId: null,
    action: 'system.bootstrap',
    targetType: 'user',
    targetId: id,
    data: { username: BOOTSTRAP_ADMIN },
  });
  return generated ? { created: true, generatedPassword: generated } : { created: true };
}
