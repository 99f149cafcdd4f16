import type { MeetingPatch, UnitPatch, UserPatch } from './port.js';

/** The fields `users.update` may change; anything else in a patch (id, version…) is ignored. */
export const USER_PATCH_KEYS = [
  'fullName',
  'title',
  'unitId',
  'email',
  'phone',
  'systemRole',
  'active',
  'passwordHash',
  'mustChangePassword',
  'lastLoginAt',
] as const satisfies readonly (keyof UserPatch)[];

/** The fields `units.update` may change. */
export const UNIT_PATCH_KEYS = [
  'code',
  'name',
  'parentId',
  'active',
  'headUserId',
] as const satisfies readonly (keyof UnitPatch)[];

/** The fields `meetings.update` may change. */
export const MEETING_PATCH_KEYS = [
  'title',
  'kind',
  'location',
  'startsAt',
  'endsAt',
  'status',
  'confidentiality',
  'chairId',
  'quorumRule',
  'statusReason',
  'description',
  'sharedAnnotationsOpen',
  'deputiesMayVote',
  'startedAt',
  'endedAt',
] as const satisfies readonly (keyof MeetingPatch)[];

/**
 * Keeps only the listed keys whose value is not undefined. Services often pass parsed request
 * bodies that also carry `version`; picking by name keeps such keys from ever reaching a row.
 */
export function pickDefined<T extends object, K extends keyof T>(
  patch: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) {
    if (patch[k] !== undefined) out[k] = patch[k];
  }
  return out;
}
