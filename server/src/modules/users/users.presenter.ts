import type { Unit, User } from '@icabinet/shared';
import type { UserRecord } from '../../store/port.js';

/** The only shape in which a user leaves the server: never the password hash. */
export function presentUser(u: UserRecord): User {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    title: u.title,
    unitId: u.unitId,
    email: u.email,
    phone: u.phone,
    systemRole: u.systemRole,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    version: u.version,
  };
}

/** The shape in which a unit leaves the server. */
export function presentUnit(u: Unit): Unit {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    parentId: u.parentId,
    active: u.active,
    headUserId: u.headUserId ?? null,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    version: u.version,
  };
}
