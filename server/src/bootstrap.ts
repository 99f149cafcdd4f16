import type { Store } from './store/port.js';
import type { Clock } from './lib/clock.js';
import { newId, temporaryPassword } from './lib/ids.js';
import type { AuditService } from './modules/audit/audit.service.js';
import { hashPassword } from './modules/auth/password.js';

export const BOOTSTRAP_ADMIN = 'admin';

/**
 * On the very first run (no user at all), creates the administrator. The password comes from
 * ICABINET_ADMIN_PASSWORD or is generated; a generated one is returned so it can be shown once.
 */
export async function ensureAdmin(
  store: Store,
  audit: AuditService,
  clock: Clock,
  configuredPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if ((await store.users.count()) > 0) return { created: false };
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
