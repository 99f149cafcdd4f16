import { authorize, isFrozen, type MeetingRole, type Participant, type Subject } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { MeetingRecord, MeetingVisibility, Store } from '../../store/port.js';

/** A meeting as one caller stands in it. */
export interface MeetingAccess {
  meeting: MeetingRecord;
  /** The caller's participant record (null: not a participant). */
  participant: Participant | null;
  subject: Subject;
  canEdit: boolean;
}

/** The caller as the authorization function sees them in one meeting. */
export function subjectOf(actor: Actor, participant: Participant | null): Subject {
  return {
    systemRole: actor.user.systemRole,
    meetingRole: participant?.role ?? null,
    votingRight: participant?.votingRight ?? false,
  };
}

/** Which meetings a caller may list or find (mirrors `meeting:view`); undefined: all of them. */
export function visibilityOf(actor: Actor): MeetingVisibility | undefined {
  switch (actor.user.systemRole) {
    case 'admin':
      return undefined;
    case 'secretary':
      return { userId: actor.user.id, nonConfidential: true };
    case 'member':
      return { userId: actor.user.id, nonConfidential: false };
  }
}

/** The 409 that says why a closed or cancelled meeting cannot change. */
export function frozenError(meeting: MeetingRecord) {
  return meeting.status === 'cancelled'
    ? errors.invalidState('meeting_cancelled', { reason: meeting.statusReason ?? '—' })
    : errors.invalidState('meeting_closed');
}

/**
 * Loads a meeting for a caller and checks what they want to do with it: `view`, or `edit`
 * (details, participants, agenda, status), which also refuses a closed or cancelled meeting.
 * Unknown meeting → 404; not allowed → 403; frozen → 409 with the reason.
 */
export async function loadMeeting(
  store: Store,
  actor: Actor,
  meetingId: string,
  need: 'view' | 'edit',
): Promise<MeetingAccess> {
  const meeting = await store.meetings.getById(meetingId);
  if (!meeting) throw errors.notFound('meeting_not_found');
  const participant = await store.participants.getByMeetingAndUser(meetingId, actor.user.id);
  const subject = subjectOf(actor, participant);
  const resource = { confidentiality: meeting.confidentiality };
  if (!authorize(subject, 'meeting:view', resource)) throw errors.forbidden('not_participant');
  const canEdit = authorize(subject, 'meeting:edit', resource);
  if (need === 'edit') {
    if (!canEdit) throw errors.forbidden();
    if (isFrozen(meeting.status)) throw frozenError(meeting);
  }
  return { meeting, participant, subject, canEdit };
}

/** The caller's meeting role, for presenters. */
export const roleOf = (access: MeetingAccess): MeetingRole | null => access.participant?.role ?? null;
