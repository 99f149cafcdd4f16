import type { DocumentClassification } from '../schemas/document.js';
import type { Confidentiality } from '../schemas/meeting.js';
import type { MeetingStatus } from './meeting-status.js';
import type { MeetingRole } from '../schemas/participant.js';
import type { SystemRole } from '../schemas/user.js';

/** Everything the authorization function can be asked about. */
export const Permission = {
  usersRead: 'users:read',
  usersManage: 'users:manage',
  unitsRead: 'units:read',
  unitsManage: 'units:manage',
  auditRead: 'audit:read',
  /** Pair, list and revoke the meeting-room tablets (the fleet page): the secretariat. */
  devicesManage: 'devices:manage',
  meetingView: 'meeting:view',
  meetingJoin: 'meeting:join',
  meetingCreate: 'meeting:create',
  meetingEdit: 'meeting:edit',
  documentOpen: 'document:open',
  documentDownload: 'document:download',
  /** Run the live room: start/pause/end, agenda, presenter, speakers, others' attendance. */
  roomControl: 'room:control',
  /** Move the room's document (page, zoom, pointer): the current presenter or whoever controls the room. */
  roomPresent: 'room:present',
  /** Ask to speak. */
  roomSpeak: 'room:speak',
  /** Check oneself in or out. */
  roomCheckin: 'room:checkin',
  /**
   * Show a document to the whole room (`document.open`): whoever may move the room's document and
   * open it, and only a document every participant may open, since the room is told its name and length.
   */
  roomShowDocument: 'room:show-document',
  /** Prepare, open, close and annul the meeting's votes, and see who has not voted yet: the organisers. */
  voteControl: 'vote:control',
  /** Follow the replies to a meeting's invitations live (`invitations:watch`): the organisers. */
  invitationsWatch: 'invitations:watch',
  /** Read a document's shared annotation layer (and keep one's own private layer): whoever may open it. */
  annotationRead: 'annotation:read',
  /** Write the shared layer: organisers and the current presenter; other participants when the meeting opens it. */
  annotationWriteShared: 'annotation:write-shared',
  /** Write one's own private layer: whoever may open the document, except observers. */
  annotationWritePrivate: 'annotation:write-private',
  /**
   * Read the minutes: the organisers always; the other participants while the chair lets them
   * write, and once the minutes are locked (the text that goes to signing).
   */
  minutesRead: 'minutes:read',
  /** Write the minutes: the organisers (not observers); other participants when the chair allows it. */
  minutesWrite: 'minutes:write',
  /** Let the other participants write the minutes (the toggle): the chair, or an administrator. */
  minutesAllowOthers: 'minutes:allow-others',
  /** Lock the minutes for signing, save named versions of them, and reopen them: the organisers. */
  minutesLock: 'minutes:lock',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** Who asks: their system role and, for meeting objects, their role in that meeting (null: not a participant). */
export interface Subject {
  systemRole: SystemRole;
  meetingRole?: MeetingRole | null;
  /** Whether the subject votes in that meeting (participants only); decides `openBy: 'voting'` documents. */
  votingRight?: boolean;
}

/** What is asked about: for meeting objects, its classification; for documents, who may open/download them. */
export interface ResourceAttrs {
  confidentiality?: Confidentiality;
  /**
   * The meeting's status. A draft is the organisers' workspace: nobody else may see it or anything
   * in it (its documents, layers, room), whatever their meeting role.
   */
  status?: MeetingStatus;
  documentAccess?: Pick<DocumentClassification, 'openBy' | 'download'>;
  /** For `room:present`: whether the subject is the room's current presenter. */
  isPresenter?: boolean;
  /** For `annotation:write-shared`: the meeting lets every (non-observer) participant mark up the shared layer. */
  sharedAnnotationsOpen?: boolean;
  /** For the minutes: the chair lets every (non-observer) participant write them. */
  minutesOthersMayEdit?: boolean;
  /** For `minutes:read`: the minutes are locked (participants may read the locked text). */
  minutesLocked?: boolean;
}

/** Meeting roles that organise a meeting (edit it, see every document). */
const ORGANISER_ROLES: readonly MeetingRole[] = ['chair', 'secretary'];

function mayView(systemRole: SystemRole, meetingRole: MeetingRole | null, resource: ResourceAttrs): boolean {
  if (meetingRole !== null) return true;
  if (systemRole === 'admin') return true;
  // The secretariat prepares every meeting except confidential ones it is not part of.
  return systemRole === 'secretary' && resource.confidentiality !== 'confidential';
}

function mayEdit(systemRole: SystemRole, meetingRole: MeetingRole | null, resource: ResourceAttrs): boolean {
  if (systemRole === 'admin') return true;
  if (meetingRole !== null && ORGANISER_ROLES.includes(meetingRole)) return true;
  return systemRole === 'secretary' && resource.confidentiality !== 'confidential';
}

function mayOpen(subject: Subject, meetingRole: MeetingRole | null, resource: ResourceAttrs): boolean {
  const { systemRole } = subject;
  if (!mayView(systemRole, meetingRole, resource)) return false;
  if (mayEdit(systemRole, meetingRole, resource)) return true;
  switch (resource.documentAccess?.openBy ?? 'participants') {
    case 'participants':
      return true;
    case 'voting':
      return meetingRole !== null && subject.votingRight === true;
    case 'organisers':
      return false;
  }
}

/** Permissions about the system as a whole, which no meeting role or meeting attribute changes. */
const SYSTEM_PERMISSIONS: readonly Permission[] = [
  'users:read',
  'users:manage',
  'units:read',
  'units:manage',
  'audit:read',
  'devices:manage',
  'meeting:create',
];

/**
 * A document's effective classification: the stricter of the meeting's and the document's own
 * (max(meeting, document)). A confidential meeting stamps every copy of every one of its
 * documents with the reader's name, whatever the document itself asks.
 */
export function effectiveClassification(
  confidentiality: Confidentiality,
  own: DocumentClassification,
): DocumentClassification {
  return { ...own, watermark: own.watermark || confidentiality === 'confidential' };
}

/**
 * The one authorization function: system role × meeting role × classification. Every REST route
 * and socket handler asks it; the web uses it only to hide what would be refused anyway.
 */
export function authorize(subject: Subject, permission: Permission, resource: ResourceAttrs = {}): boolean {
  const { systemRole } = subject;
  const meetingRole = subject.meetingRole ?? null;
  // A draft shows nothing of itself to those who do not prepare it.
  if (
    resource.status === 'draft' &&
    !SYSTEM_PERMISSIONS.includes(permission) &&
    !mayEdit(systemRole, meetingRole, resource)
  )
    return false;
  switch (permission) {
    case 'users:manage':
    case 'units:manage':
    case 'audit:read':
      return systemRole === 'admin';
    case 'users:read':
    case 'devices:manage':
      return systemRole === 'admin' || systemRole === 'secretary';
    case 'units:read':
      return true;
    case 'meeting:view':
    case 'meeting:join':
      return mayView(systemRole, meetingRole, resource);
    case 'meeting:create':
      return systemRole === 'admin' || systemRole === 'secretary';
    case 'meeting:edit':
      return mayEdit(systemRole, meetingRole, resource);
    case 'document:open':
      return mayOpen(subject, meetingRole, resource);
    case 'document:download':
      if (!mayOpen(subject, meetingRole, resource)) return false;
      // Organisers may always download; everyone else only when the classification allows it.
      return mayEdit(systemRole, meetingRole, resource) || resource.documentAccess?.download !== false;
    case 'room:control':
      return mayEdit(systemRole, meetingRole, resource);
    case 'room:present':
      return (
        mayEdit(systemRole, meetingRole, resource) || (meetingRole !== null && resource.isPresenter === true)
      );
    case 'room:show-document':
      return (
        (mayEdit(systemRole, meetingRole, resource) ||
          (meetingRole !== null && resource.isPresenter === true)) &&
        mayOpen(subject, meetingRole, resource) &&
        (resource.documentAccess?.openBy ?? 'participants') === 'participants'
      );
    case 'invitations:watch':
    case 'vote:control':
      return mayEdit(systemRole, meetingRole, resource);
    case 'room:speak':
      // Observers follow the meeting but do not take the floor.
      return meetingRole !== null && meetingRole !== 'observer';
    case 'room:checkin':
      return meetingRole !== null;
    case 'annotation:read':
      return mayOpen(subject, meetingRole, resource);
    case 'annotation:write-shared':
      // Observers are read-only everywhere, whatever their system role.
      if (meetingRole === 'observer' || !mayOpen(subject, meetingRole, resource)) return false;
      return (
        mayEdit(systemRole, meetingRole, resource) ||
        (meetingRole !== null && (resource.isPresenter === true || resource.sharedAnnotationsOpen === true))
      );
    case 'annotation:write-private':
      return meetingRole !== 'observer' && mayOpen(subject, meetingRole, resource);
    case 'minutes:read':
      return (
        mayEdit(systemRole, meetingRole, resource) ||
        (meetingRole !== null && (resource.minutesOthersMayEdit === true || resource.minutesLocked === true))
      );
    case 'minutes:write':
      if (meetingRole === 'observer') return false;
      return (
        mayEdit(systemRole, meetingRole, resource) ||
        (meetingRole !== null && resource.minutesOthersMayEdit === true)
      );
    case 'minutes:allow-others':
      return systemRole === 'admin' || meetingRole === 'chair';
    case 'minutes:lock':
      return meetingRole !== 'observer' && mayEdit(systemRole, meetingRole, resource);
  }
}
