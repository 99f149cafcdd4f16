import type { MeetingRole, Participant, Subject } from '@icabinet/shared';
import {
  accessFor,
  callerOfActor,
  visibilityOf as visibleTo,
  type MeetingStanding,
} from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import type { MeetingRecord, MeetingVisibility, Store } from '../../store/port.js';

/**
 * The meetings module's view of the one access policy (server/src/access/meeting-access.ts):
 * what the meetings, agenda and participants services ask of a meeting.
 */

/** A meeting as one caller stands in it. */
export interface MeetingAccess {
  meeting: MeetingRecord;
  /** The caller's participant record (null: not a participant). */
  participant: Participant | null;
  subject: Subject;
  canEdit: boolean;
}

export { callerOfActor };

/** Which meetings a caller may list or find (mirrors `meeting:view`); undefined: all of them. */
export function visibilityOf(actor: Actor): MeetingVisibility | undefined {
  return visibleTo(callerOfActor(actor));
}

const present = (standing: MeetingStanding): MeetingAccess => ({
  meeting: standing.meeting,
  participant: standing.participant,
  subject: standing.subject,
  canEdit: standing.may('organise'),
});

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
  return present(await accessFor(store).require(callerOfActor(actor), meetingId, need));
}

/** The caller's meeting role, for presenters. */
export const roleOf = (access: MeetingAccess): MeetingRole | null => access.participant?.role ?? null;
