import path from 'node:path';
import { DiskBlobStore } from '../../files/blob-store.js';
import type { Core, ServerModule } from '../module.js';
import type { InvitationsModuleServices } from '../invitations/invitations.module.js';
import { FollowUpSettingsService } from './tasks.follow-up.js';
import { TaskReminders } from './tasks.reminders.js';
import { tasksRouter } from './tasks.router.js';
import { TasksService } from './tasks.service.js';

/** The tasks module's parts, built in src/compose.ts. */
export interface TasksModuleServices {
  service: TasksService;
  reminders: TaskReminders;
  followUp: FollowUpSettingsService;
}

/** Files attached to tasks are capped well under a meeting document (a report, a scan). */
const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** Builds the services on the invitations' channels (job queue, mailer, inbox, SMS/Zalo gateway). */
export async function createTasks(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access' | 'bus'>,
  invitations: InvitationsModuleServices,
): Promise<TasksModuleServices> {
  // Under files/ (so backups carry them), in a store of their own: the documents' clean-up never sees them.
  const blobs = new DiskBlobStore(path.join(core.config.dataDir, 'files', 'tasks'));
  await blobs.init();
  const followUp = new FollowUpSettingsService(core, core.config.tasks.followUp);
  const deps = {
    store: core.store,
    access: core.access,
    audit: core.audit,
    clock: core.clock,
    bus: core.bus,
    logger: core.logger.child({ component: 'tasks' }),
    blobs,
    jobs: invitations.jobs,
    mailer: invitations.mailer,
    inApp: invitations.inbox,
    followUp,
    postGateway: invitations.postGateway,
    settings: {
      organisation: core.config.invitations.organisation,
      publicUrl: invitations.publicUrl,
      // The gateway saved on the settings page, as the invitations use it (else the environment's).
      webhook: invitations.gateway,
      maxFileBytes: Math.min(MAX_FILE_BYTES, core.config.documents.maxUploadBytes),
    },
  };
  const reminders = new TaskReminders(deps);
  return { service: new TasksService(deps, reminders), reminders, followUp };
}

/** Follow-up tasks from conclusions: workflow, reminders and escalation (issue 15 items 1–3). */
export const tasksModule: ServerModule = {
  name: 'tasks',
  router: (ctx) =>
    tasksRouter({
      auth: ctx.auth,
      tasks: ctx.services.tasks.service,
      followUp: ctx.services.tasks.followUp,
      maxFileBytes: Math.min(MAX_FILE_BYTES, ctx.config.documents.maxUploadBytes),
    }),
};
