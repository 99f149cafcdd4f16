import { z } from 'zod';
import { Email, Id, IsoDateTime, OptionalText, Phone, QueryText, Text, Version } from './common.js';

/** System-wide role. Meeting roles (chair, delegate…) are separate, per meeting. */
export const SystemRole = z.enum(['admin', 'secretary', 'member']);
export type SystemRole = z.infer<typeof SystemRole>;

/** Login names: lower-case ASCII letters, digits, dot, dash, underscore. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'username');

/** Password policy: at least 10 characters, at most 200 (hashing cost stays bounded). */
export const NewPassword = z.string().min(10, 'password_too_short').max(200);

/** A user as every client sees it (never the password hash). */
export const User = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  title: z.string().nullable(),
  unitId: Id.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  systemRole: SystemRole,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type User = z.infer<typeof User>;

export const UserCreateInput = z.strictObject({
  username: Username,
  fullName: Text(120),
  title: OptionalText(200),
  unitId: Id.nullish().transform((v) => v ?? null),
  email: Email.nullish()
    .or(z.literal(''))
    .transform((v) => (v ? v : null)),
  phone: Phone.nullish()
    .or(z.literal(''))
    .transform((v) => (v ? v : null)),
  systemRole: SystemRole.default('member'),
  /** Omit to have the server generate a temporary password, returned once. */
  password: NewPassword.optional(),
});
export type UserCreateInput = z.infer<typeof UserCreateInput>;

export const UserUpdateInput = z.strictObject({
  fullName: Text(120).optional(),
  title: OptionalText(200).optional(),
  unitId: Id.nullable().optional(),
  email: Email.nullable().or(z.literal('')).optional(),
  phone: Phone.nullable().or(z.literal('')).optional(),
  systemRole: SystemRole.optional(),
  active: z.boolean().optional(),
  /** The version the editor saw; a stale one is answered with 409 conflict. */
  version: Version,
});
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

export const PasswordResetInput = z.strictObject({
  /** Omit to generate a temporary password. */
  password: NewPassword.optional(),
});
export type PasswordResetInput = z.infer<typeof PasswordResetInput>;

export const PasswordChangeInput = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewPassword,
});
export type PasswordChangeInput = z.infer<typeof PasswordChangeInput>;

export const UserListQuery = z.object({
  q: QueryText(100).optional(),
  unitId: Id.optional(),
  systemRole: SystemRole.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

/** Answer to creating a user or resetting a password: the temporary password is shown once. */
export interface UserWithSecret {
  user: User;
  temporaryPassword?: string;
}

/** Answer to a successful CSV import. */
export interface UserImportResult {
  imported: number;
  users: { username: string; fullName: string; temporaryPassword?: string }[];
}
