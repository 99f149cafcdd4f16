import { type Channel, type Invitation, type InvitationStatus, type Meeting } from '@icabinet/shared';
import { accessFor, callerOfActor } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import type { IoServer } from '../../realtime/types.js';
import type { Store } from '../../store/port.js';
import type { InvitationRecord, InvitationsRepo } from '../../store/invitations.port.js';
import type { AuditService } from '../audit/audit.service.js';
import { type JobRunner } from '../../jobs/job-runner.js';
import type { InAppNotifier } from '../../notify/in-app.js';
import type { GatewayPost } from '../integrations/gateway-post.js';
import type { LinkTokens } from './links.js';
import { type Mailer } from '../../notify/mailer.js';
import { type MailKind } from './templates.js';

export interface InvitationSettings {
  /** The address people reach the server at (PUBLIC_URL, or where this server listens). */
  publicUrl: () => string;
  organisation: string;
  mailFrom: { name: string; email: string };
  /** The SMS/Zalo gateway in force (the admin page's setting, else WEBHOOK_URL), or null (off). */
  webhook: () => Promise<{ url: string; secret: string; timeoutMs: number } | null>;
  /** Minutes before the start at which reminders go out, e.g. [1440, 60]. */
  reminderMinutes: number[];
  /** VND saved per invitation delivered digitally instead of by SMS and paper. */
  unitCostVnd: number;
  /** A deputy named by a participant is approved without the secretariat (admin page, else DEPUTY_AUTO_APPROVE). */
  autoApproveDeputies: () => Promise<boolean>;
}

export const DELIVER_JOB = 'invitation.deliver';
export const REMIND_JOB = 'invitation.remind';
export const AGENDA_UPDATE_JOB = 'invitation.agenda_update';

/** Agenda edits within this window go out as one update e-mail. */
export const AGENDA_COALESCE_MS = 5 * 60_000;

export interface DeliverPayload {
  invitationId: string;
  channel: Channel;
  mail: MailKind;
  sequence: number;
  changes: string[];
  leadMinutes: number | null;
}

/** What a reply page shows: nothing beyond what the invitation itself said. */
export interface PublicInvitation {
  recipientName: string;
  recipientTitle: string | null;
  status: InvitationStatus;
  reason: string | null;
  deputy: Invitation['deputy'];
  deputyFor: string | null;
  meeting: Pick<Meeting, 'title' | 'location' | 'startsAt' | 'endsAt' | 'status' | 'statusReason'>;
  agenda: { title: string }[];
  canReply: boolean;
}

export const LIVE_STATUSES = new Set(['published', 'in_progress', 'postponed']);

/** What the invitation services are built with (src/modules/invitations/invitations.module.ts). */
export interface InvitationsDeps {
  store: Store;
  invitations: InvitationsRepo;
  jobs: JobRunner;
  mailer: Mailer;
  links: LinkTokens;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  /** The in-app channel (src/notify). */
  inApp: InAppNotifier;
  /** For the secretariat's tracking room. */
  io: IoServer;
  settings: InvitationSettings;
  /** Sends a message through the SMS/Zalo gateway, its address checked first (address-guard.ts). */
  postGateway: GatewayPost;
  /** Told when a deputy joins the meeting (the live room recomputes its quorum). */
  onParticipantsChanged?: (meetingId: string) => Promise<void>;
  /** The numbered giấy mời (Decree 30) attached to invitation e-mails, null before it is issued. */
  invitationPdf?: (meeting: Meeting) => Promise<{ filename: string; bytes: Uint8Array } | null>;
}

/** The meeting, if the caller may edit it (the secretariat's views and decisions). */
export async function requireEditor(store: Store, actor: Actor, meetingId: string): Promise<Meeting> {
  return (await accessFor(store).require(callerOfActor(actor), meetingId, 'organise')).meeting;
}

/** The wire shape: never the token hash. */
export function present(i: InvitationRecord): Invitation {
  const { tokenHash: _hidden, ...rest } = i;
  return rest;
}

export { countsOf } from '@icabinet/shared';
