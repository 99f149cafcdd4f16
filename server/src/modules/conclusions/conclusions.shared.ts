import type { MeetingAccess } from '../../access/meeting-access.js';
import type { EventBus } from '../../events/bus.js';
import type { OfficialDocumentsConfig } from '../../config/config.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import type { InAppNotifier } from '../../notify/in-app.js';
import type { Mailer } from '../../notify/mailer.js';
import type { IoServer } from '../../realtime/types.js';
import type { Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DocumentsIntake } from '../documents/documents.intake.js';
import type { DocumentsModuleServices } from '../documents/documents.module.js';
import type { InvitationsModuleServices } from '../invitations/invitations.module.js';
import type { Core } from '../module.js';
import type { OfficialDocumentsService } from '../official-documents/official-documents.service.js';

/** What the conclusions module is built with (src/compose.ts via conclusions.module.ts). */
export interface ConclusionsDeps {
  store: Store;
  access: MeetingAccess;
  audit: AuditService;
  clock: Clock;
  logger: Pick<Logger, 'warn' | 'info'>;
  officialDocuments: OfficialDocumentsService;
  intake: Pick<DocumentsIntake, 'importGenerated'>;
  blobs: DiskBlobStore;
  jobs: JobRunner;
  mailer: Mailer;
  inApp: InAppNotifier;
  /** Tells `conclusion.issued`. */
  bus: Pick<EventBus, 'emit'>;
  /** For `conclusions:changed` broadcasts. */
  io: IoServer;
  settings: OfficialDocumentsConfig & { organisation: string; publicUrl: () => string };
}

/** The job that delivers an issued notice to one participant on one channel. */
export const NOTICE_DELIVER_JOB = 'conclusion_notice.deliver';

/** What the official documents' approval flows (the conclusion notice, the minutes) are built on. */
export interface OfficialFlowParts {
  invitations: InvitationsModuleServices;
  documents: DocumentsModuleServices;
  officialDocuments: OfficialDocumentsService;
}

/**
 * The dependencies of an official document's approval flow, the same for the conclusion notice
 * and the minutes: the invitations' channels (job queue, mailer, inbox), the document library,
 * the number register; `component` names its log lines.
 */
export function officialFlowDeps(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access' | 'io' | 'bus'>,
  parts: OfficialFlowParts,
  component: string,
): ConclusionsDeps {
  return {
    store: core.store,
    access: core.access,
    audit: core.audit,
    clock: core.clock,
    logger: core.logger.child({ component }),
    officialDocuments: parts.officialDocuments,
    intake: parts.documents.intake,
    blobs: parts.documents.library.blobs,
    jobs: parts.invitations.jobs,
    mailer: parts.invitations.mailer,
    inApp: parts.invitations.inbox,
    io: core.io,
    bus: core.bus,
    settings: {
      ...core.config.officialDocuments,
      organisation: core.config.invitations.organisation,
      publicUrl: parts.invitations.publicUrl,
    },
  };
}
