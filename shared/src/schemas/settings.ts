import { z } from 'zod';
import { Id, IsoDateTime, Version } from './common.js';
import { SystemRole } from './user.js';

/**
 * The security settings an administrator sees and changes (Quản trị → Cài đặt bảo mật): the
 * password policy and which system roles must sign in with a second factor. Stored, audited.
 */
export const SecuritySettings = z.strictObject({
  passwordMinLength: z.number().int().min(10, 'settings_min_length').max(64, 'settings_min_length'),
  /** The new password may not be the current one nor one of the previous `passwordHistory − 1`; 0 = off. */
  passwordHistory: z.number().int().min(0, 'settings_history').max(12, 'settings_history'),
  passwordBlockCommon: z.boolean(),
  passwordBlockPersonal: z.boolean(),
  passwordBlockSequences: z.boolean(),
  /** Roles that must use two-step sign-in (TOTP); starts from TWO_FACTOR_REQUIRED. */
  twoFactorRoles: z
    .array(SystemRole)
    .max(3)
    .refine((roles) => new Set(roles).size === roles.length, 'settings_roles_repeated'),
});
export type SecuritySettings = z.infer<typeof SecuritySettings>;

/** The settings with who changed them last (null: still the defaults). */
export const SecuritySettingsView = z.object({
  settings: SecuritySettings,
  version: Version,
  updatedAt: IsoDateTime.nullable(),
  updatedBy: Id.nullable(),
});
export type SecuritySettingsView = z.infer<typeof SecuritySettingsView>;

/** `PUT /settings/security`: every field, with the `version` read (a stale one is a 409). */
export const SecuritySettingsInput = SecuritySettings.extend({ version: Version });
export type SecuritySettingsInput = z.infer<typeof SecuritySettingsInput>;
