import { describe, expect, it } from 'vitest';
import { authorize, type Permission, type Subject } from './permissions.js';

const roles = ['admin', 'secretary', 'member'] as const;

describe('authorize', () => {
  it.each([
    ['users:manage', { admin: true, secretary: false, member: false }],
    ['units:manage', { admin: true, secretary: false, member: false }],
    ['audit:read', { admin: true, secretary: false, member: false }],
    ['users:read', { admin: true, secretary: true, member: false }],
    ['units:read', { admin: true, secretary: true, member: true }],
  ] as const)('grants %s by system role only', (permission, expected) => {
    for (const role of roles) {
      expect(authorize({ systemRole: role }, permission), `${role} ${permission}`).toBe(expected[role]);
      // A meeting role never widens an administrative permission.
      expect(authorize({ systemRole: role, meetingRole: 'chair' }, permission)).toBe(expected[role]);
    }
  });

  const meetingCases: [Subject, 'public' | 'internal' | 'confidential', boolean][] = [
    [{ systemRole: 'member', meetingRole: null }, 'public', false],
    [{ systemRole: 'member', meetingRole: 'delegate' }, 'confidential', true],
    [{ systemRole: 'member', meetingRole: 'observer' }, 'internal', true],
    [{ systemRole: 'secretary', meetingRole: null }, 'internal', true],
    [{ systemRole: 'secretary', meetingRole: null }, 'confidential', false],
    [{ systemRole: 'secretary', meetingRole: 'secretary' }, 'confidential', true],
    [{ systemRole: 'admin', meetingRole: null }, 'confidential', true],
  ];
  it.each(meetingCases)('lets %o view and join a %s meeting: %s', (subject, confidentiality, expected) => {
    for (const p of ['meeting:view', 'meeting:join'] as Permission[]) {
      expect(authorize(subject, p, { confidentiality })).toBe(expected);
    }
  });
});
