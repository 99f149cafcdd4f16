import { TIME_ZONE_OFFSET_MS } from '@icabinet/shared';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { EventBus, TaskEventSummary } from '../../events/bus.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import type { InAppNotifier } from '../../notify/in-app.js';
import type { Mailer } from '../../notify/mailer.js';
import type { Store, TaskRecord } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { GatewayPost } from '../integrations/gateway-post.js';
import type { FollowUpSettingsService } from './tasks.follow-up.js';

/** What the tasks module is built with (src/compose.ts via tasks.module.ts). */
export interface TasksDeps {
  store: Store;
  access: MeetingAccess;
  audit: AuditService;
  clock: Clock;
  bus: EventBus;
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** Files attached to tasks (their own folder, apart from the meeting documents). */
  blobs: DiskBlobStore;
  /** The persisted job runner shared with invitations (reminders, escalation, notices). */
  jobs: JobRunner;
  mailer: Mailer;
  inApp: InAppNotifier;
  followUp: FollowUpSettingsService;
  /** Sends a message through the SMS/Zalo gateway, its address checked first (address-guard.ts). */
  postGateway: GatewayPost;
  settings: {
    organisation: string;
    publicUrl: () => string;
    /** The SMS/Zalo gateway in force when a reminder is queued or sent (null: none). */
    webhook: () => Promise<{ url: string; secret: string; timeoutMs: number } | null>;
    maxFileBytes: number;
  };
}

/** At a reminder's time: checks the task still needs it, then queues one delivery per person and channel. */
export const TASK_STAGE_JOB = 'task.stage';
/** One notice about a task to one person on one channel (in the app, e-mail, SMS/Zalo gateway). */
export const TASK_DELIVER_JOB = 'task.deliver';
/** Tells the bus (`task.overdue`) and the audit log, once per task and deadline. */
export const TASK_OVERDUE_JOB = 'task.overdue';

/** The reminder kinds: before the deadline, on the day, overdue (escalation to the unit's head). */
export type TaskStage = 'assigned' | 'before' | 'due' | 'overdue' | 'reported' | 'decided';

const DAY_MS = 86_400_000;

/** The city's date (YYYY-MM-DD) at an instant. */
export const cityDate = (at: Date): string =>
  new Date(at.getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);

/** The instant of `hour` o'clock, city time, `plusDays` days after the date. */
export function cityInstant(date: string, plusDays: number, hour: number): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  return new Date(midnightUtc + plusDays * DAY_MS + hour * 3_600_000 - TIME_ZONE_OFFSET_MS);
}

/** Past its deadline (city time) and not accepted. */
export const isOverdue = (t: Pick<TaskRecord, 'deadline' | 'status'>, now: Date): boolean =>
  t.status !== 'accepted' && t.deadline < cityDate(now);

export const summaryOf = (t: TaskRecord): TaskEventSummary => ({
  taskId: t.id,
  meetingId: t.meetingId,
  title: t.title,
  leadUnitId: t.leadUnitId,
  deadline: t.deadline,
  status: t.status,
});

/** Prefix of every reminder key of a task (withdrawn when the deadline moves or the task closes). */
export const reminderKeyPrefix = (taskId: string) => `task:stage:${taskId}:`;
