import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { authorize } from '@icabinet/shared';
import { errors } from '../../errors.js';
import { JobRunner, DEFAULT_RUNNER_OPTIONS } from '../../jobs/job-runner.js';
import { withAck } from '../../realtime/with-ack.js';
import type { ServerModule } from '../module.js';
import { addMeetingListener, emitMeetingEvent } from '../meeting-hooks.js';
import { LinkTokens, loadLinkSecret } from './links.js';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './mailer.js';
import { InvitationsService } from './invitations.service.js';
import { invitationsRouter } from './invitations.router.js';
import { replyPages } from './reply-page.js';

/** Without PUBLIC_URL, links point where this server listens (0.0.0.0 → localhost). */
function listeningUrl(address: AddressInfo | string | null, host: string): string {
  const port = typeof address === 'object' && address ? address.port : 8080;
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** The room the secretariat's tracking view listens on. */
export const invitationsRoom = (meetingId: string) => `meeting:${meetingId}:invitations`;

/**
 * Digital invitations (issue: SMS and paper replaced): the job runner that delivers them, the
 * mailer (SMTP or outbox), the REST API, the reply page behind each personal link, and the
 * secretariat's live tracking room.
 */
export const invitationsModule: ServerModule = {
  name: 'invitations',
  async init(ctx) {
    const cfg = ctx.config.invitations;
    const from = `"${cfg.organisation.replace(/"/g, '')}" <${cfg.mailFrom}>`;
    const mailer: Mailer = ctx.config.smtpUrl
      ? createSmtpMailer(ctx.config.smtpUrl, from, ctx.logger)
      : createOutboxMailer(path.join(ctx.config.dataDir, 'outbox'), from);
    const runner = new JobRunner(
      ctx.store.jobs,
      ctx.clock,
      ctx.logger.child({ component: 'jobs' }),
      DEFAULT_RUNNER_OPTIONS,
    );
    const secret = await loadLinkSecret(ctx.config.dataDir, cfg.linkSecret);
    const service = new InvitationsService({
      store: ctx.store,
      invitations: ctx.store.invitations,
      notifications: ctx.store.notifications,
      jobs: runner,
      mailer,
      links: new LinkTokens(secret),
      audit: ctx.audit,
      clock: ctx.clock,
      logger: ctx.logger.child({ component: 'invitations' }),
      io: ctx.io,
      onParticipantsChanged: (meetingId) => emitMeetingEvent(ctx, 'participantsChanged', meetingId),
      settings: {
        publicUrl: () => ctx.config.publicUrl ?? listeningUrl(ctx.io().httpServer.address(), ctx.config.host),
        organisation: cfg.organisation,
        mailFrom: { name: cfg.organisation, email: cfg.mailFrom },
        webhook: cfg.webhook,
        reminderMinutes: cfg.reminderMinutes,
        unitCostVnd: cfg.unitCostVnd,
        autoApproveDeputies: cfg.autoApproveDeputies,
      },
    });
    ctx.services.set('invitations', service);
    addMeetingListener(ctx, {
      published: (m) => service.onPublished(m),
      changed: (m, changes) => service.onChanged(m, changes),
      agendaChanged: (m, summary) => service.onAgendaChanged(m, summary),
      cancelled: (m) => service.onCancelled(m),
    });
    ctx.services.set('jobs', runner);
    ctx.services.set('mailer', mailer);
    ctx.logger.info({ mail: mailer.kind, webhook: !!cfg.webhook }, 'invitations ready');
    runner.start();
  },
  router: (ctx) =>
    invitationsRouter({ auth: ctx.auth, invitations: ctx.services.get('invitations') as InvitationsService }),
  pages: (ctx) =>
    replyPages({
      invitations: ctx.services.get('invitations') as InvitationsService,
      allowedOrigins: () => (ctx.config.publicUrl ? [new URL(ctx.config.publicUrl).origin] : []),
    }),
  socket: (ctx) => ({
    onConnection(socket, ackDeps) {
      socket.on(
        'invitations:watch',
        withAck(ackDeps, socket, 'invitations:watch', async (_c, { meetingId }) => {
          const meeting = await ctx.store.meetings.getById(meetingId);
          if (!meeting) throw errors.notFound('meeting_not_found');
          const participant = await ctx.store.participants.getByMeetingAndUser(meetingId, socket.data.userId);
          const allowed = authorize(
            { systemRole: socket.data.systemRole, meetingRole: participant?.role ?? null },
            'meeting:edit',
            { confidentiality: meeting.confidentiality },
          );
          if (!allowed) throw errors.forbidden();
          await socket.join(invitationsRoom(meetingId));
          return null;
        }),
      );
    },
  }),
  async close(ctx) {
    await (ctx.services.get('jobs') as JobRunner | undefined)?.stop();
    (ctx.services.get('mailer') as Mailer | undefined)?.close();
  },
};
