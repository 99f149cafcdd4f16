import { authorize, type DocumentClassification, type MeetingRole, type SystemRole } from '@icabinet/shared';
import type { MeetingRecord } from '../../store/port.js';

/** The caller as seen by one meeting. */
export interface MeetingSubject {
  systemRole: SystemRole;
  meetingRole: MeetingRole | null;
  votingRight: boolean;
}

/** The three document questions, each asked of the one authorization function. */
export const documentAccess = {
  /** Upload, replace, edit or delete documents of a meeting. */
  canEdit: (s: MeetingSubject, meeting: MeetingRecord): boolean =>
    authorize(s, 'meeting:edit', { confidentiality: meeting.confidentiality }),

  canOpen: (s: MeetingSubject, meeting: MeetingRecord, c: DocumentClassification): boolean =>
    authorize(s, 'document:open', { confidentiality: meeting.confidentiality, documentAccess: c }),

  canDownload: (s: MeetingSubject, meeting: MeetingRecord, c: DocumentClassification): boolean =>
    authorize(s, 'document:download', { confidentiality: meeting.confidentiality, documentAccess: c }),
};

/** Statuses in which the documents of a meeting may no longer change. */
export const LOCKED_STATUSES: readonly string[] = ['closed', 'cancelled'];
