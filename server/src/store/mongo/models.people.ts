import { Schema } from 'mongoose';
import { bool, nullableStr, num, options, str, text, VI_COLLATION } from './models.common.js';

/** Users, units, sessions and the audit log as stored (see models.ts). */
export interface UserDoc {
  _id: string;
  username: string;
  fullName: string;
  title: string | null;
  unitId: string | null;
  email: string | null;
  phone: string | null;
  systemRole: string;
  active: boolean;
  passwordHash: string;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Folded username, name and e-mail for accent-insensitive search (see search.ts). */
  search: string;
  /** The TOTP second factor (see second-factor.port.ts); null or absent when none. */
  secondFactor?: SecondFactorDoc | null;
}

export interface SecondFactorDoc {
  secret: string;
  enabledAt: string | null;
  lastStep: number;
  recoveryHashes: string[];
  challengeId: string | null;
  challengeExpiresAt: string | null;
  createdAt: string;
}

export interface UnitDoc {
  _id: string;
  code: string;
  name: string;
  parentId: string | null;
  active: boolean;
  headUserId?: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SessionDoc {
  _id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  lastSeenAtMs: number;
  expiresAtMs: number;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditDoc {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
  hash: string;
}

const secondFactorSchema = new Schema<SecondFactorDoc>(
  {
    secret: str,
    enabledAt: nullableStr,
    lastStep: num,
    recoveryHashes: { type: [String], default: [] },
    challengeId: nullableStr,
    challengeExpiresAt: nullableStr,
    createdAt: str,
  },
  { _id: false, id: false },
);

export const userSchema = new Schema<UserDoc>(
  {
    _id: str,
    username: str,
    fullName: text,
    title: nullableStr,
    unitId: nullableStr,
    email: nullableStr,
    phone: nullableStr,
    systemRole: str,
    active: bool,
    passwordHash: text,
    mustChangePassword: bool,
    lastLoginAt: nullableStr,
    createdAt: str,
    updatedAt: str,
    version: num,
    search: str,
    secondFactor: { type: secondFactorSchema, default: null },
  },
  options('users'),
);
userSchema.index({ username: 1 }, { unique: true });
userSchema.index({ unitId: 1 });
userSchema.index({ systemRole: 1, active: 1 });
userSchema.index({ 'secondFactor.challengeId': 1 }, { sparse: true });
userSchema.index({ fullName: 1, username: 1 }, { collation: VI_COLLATION });

export const unitSchema = new Schema<UnitDoc>(
  {
    _id: str,
    code: str,
    name: text,
    parentId: nullableStr,
    active: bool,
    headUserId: nullableStr,
    createdAt: str,
    updatedAt: str,
    version: num,
  },
  options('units'),
);
unitSchema.index({ code: 1 }, { unique: true });

export const sessionSchema = new Schema<SessionDoc>(
  {
    _id: str,
    userId: str,
    createdAt: str,
    lastSeenAt: str,
    expiresAt: str,
    lastSeenAtMs: num,
    expiresAtMs: num,
    ip: nullableStr,
    userAgent: nullableStr,
  },
  options('sessions'),
);
sessionSchema.index({ userId: 1 });
// Expiry is enforced by deleteExpired (which reports how many it removed), not by a MongoDB
// TTL index: a TTL monitor would delete on its own schedule, and needs Date fields.
sessionSchema.index({ expiresAtMs: 1 });
sessionSchema.index({ lastSeenAtMs: 1 });

export const auditSchema = new Schema<AuditDoc>(
  {
    seq: num,
    at: str,
    actorId: nullableStr,
    action: str,
    targetType: nullableStr,
    targetId: nullableStr,
    data: { type: Schema.Types.Mixed, required: true },
    ip: nullableStr,
    prevHash: text,
    hash: text,
  },
  options('audit_log'),
);
auditSchema.index({ seq: 1 }, { unique: true });
