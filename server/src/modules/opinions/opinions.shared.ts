import {
  opinionResults,
  recipientState,
  type OpinionDetail,
  type OpinionRecipient,
  type OpinionSummary,
} from '@icabinet/shared';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import type { InAppNotifier } from '../../notify/in-app.js';
import type { Mailer } from '../../notify/mailer.js';
import type { IoServer } from '../../realtime/types.js';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { OpinionRecipientRecord, OpinionRequestRecord, Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { LinkTokens } from '../invitations/links.js';

/** What the written-opinion services are built with (src/modules/opinions/opinions.module.ts). */
export interface OpinionsDeps {
  store: Store;
  access: MeetingAccess;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  /** The persisted job runner shared with invitations (deliveries, reminders, the deadline). */
  jobs: JobRunner;
  mailer: Mailer;
  inApp: InAppNotifier;
  links: LinkTokens;
  io: IoServer;
  /** The document files, for the draft behind a personal link. */
  blobs: Pick<DiskBlobStore, 'pathOf' | 'sizeOf'>;
  settings: {
    publicUrl: () => string;
    organisation: string;
    /** Minutes before the deadline at which unanswered members are reminded. */
    reminderMinutes: number[];
  };
}

export const OPINION_DELIVER_JOB = 'opinion.deliver';
export const OPINION_REMIND_JOB = 'opinion.remind';
export const OPINION_DEADLINE_JOB = 'opinion.deadline';

/** The room the secretariat's consolidated table listens on (the meeting's invitation room). */
export const opinionsRoom = (meetingId: string) => `meeting:${meetingId}:invitations`;

/** The wire shape of a recipient: never the token hash; the state as of now. */
export function presentRecipient(
  r: OpinionRecipientRecord,
  request: Pick<OpinionRequestRecord, 'deadline' | 'status'>,
  now: Date,
): OpinionRecipient {
  const { tokenHash: _hidden, createdAt: _created, ...rest } = r;
  const state = request.status === 'draft' ? 'pending' : recipientState(r.answeredAt, request.deadline, now);
  return { ...rest, state };
}

/** A request with its counts. */
export function summarise(
  request: OpinionRequestRecord,
  recipients: OpinionRecipient[],
  documentTitle: string | null,
): OpinionSummary {
  return {
    ...request,
    documentTitle,
    recipients: recipients.length,
    answered: recipients.filter((r) => r.state === 'answered').length,
    overdue: recipients.filter((r) => r.state === 'overdue').length,
  };
}

/** The consolidated table of one request. */
export function detailOf(
  request: OpinionRequestRecord,
  records: OpinionRecipientRecord[],
  documentTitle: string | null,
  now: Date,
): OpinionDetail {
  const recipients = records.map((r) => presentRecipient(r, request, now));
  return {
    request: summarise(request, recipients, documentTitle),
    recipients,
    results: opinionResults(request.rule, request.questions, recipients),
    closed: request.status === 'sent' && Date.parse(request.deadline) <= now.getTime(),
  };
}
