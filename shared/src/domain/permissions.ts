import type { Confidentiality } from '../schemas/meeting.js';
import type { MeetingRole } from '../schemas/participant.js';
import type { SystemRole } from '../schemas/user.js';

/** Everything the authorization function can be asked about. */
export const Permission = {
  usersRead: 'users:read',
  usersManage: 'users:manage',
  unitsRead: 'units:read',
  unitsManage: 'units:manage',
  auditRead: 'audit:read',
  meetingView: 'meeting:view',
  meetingJoin: 'meeting:join',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** Who asks: their system role and, for meeting objects, their role in that meeting (null: not a participant). */
export interface Subject {
  systemRole: SystemRole;
  meetingRole?: MeetingRole | null;
}

/** What is asked about: for meeting objects, its classification. */
export interface ResourceAttrs {
  confidentiality?: Confidentiality;
}

/**
 * The one authorization function: system role × meeting role × classification. Every REST route
 * and socket handler asks it; the web uses it only to hide what would be refused anyway.
 */
export function authorize(subject: Subject, permission: Permission, resource: ResourceAttrs = {}): boolean {
  const { systemRole } = subject;
  const meetingRole = subject.meetingRole ?? null;
  switch (permission) {
    case 'users:manage':
    case 'units:manage':
    case 'audit:read':
      return systemRole === 'admin';
    case 'users:read':
      return systemRole === 'admin' || systemRole === 'secretary';
    case 'units:read':
      return true;
    case 'meeting:view':
    case 'meeting:join':
      if (meetingRole !== null) return true;
      if (systemRole === 'admin') return true;
      // The secretariat prepares every meeting except confidential ones it is not part of.
      return systemRole === 'secretary' && resource.confidentiality !== 'confidential';
  }
}
