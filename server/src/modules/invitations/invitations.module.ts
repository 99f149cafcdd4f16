import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { JobRunner, DEFAULT_RUNNER_OPTIONS } from '../../jobs/job-runner.js';
import { withAck } from '../../realtime/with-ack.js';
import { watchAccess } from '../../realtime/live-access.js';
import type { Core, ServerModule } from '../module.js';
import { LinkTokens, loadLinkSecret } from './links.js';
import { createOutboxMailer, createSmtpMailer, InAppNotifier, type Mailer } from '../../notify/index.js';
import { InvitationDelivery } from './invitations.delivery.js';
import { InvitationsLifecycle } from './invitations.lifecycle.js';
import { InvitationReplies } from './invitations.replies.js';
import type { GatewayPost } from '../integrations/gateway-post.js';
import type { InvitationsDeps } from './invitations.shared.js';
import { InvitationTracking } from './invitations.tracking.js';
import { invitationsRouter } from './invitations.router.js';
import { replyPages } from './reply-page.js';

/** Without PUBLIC_URL, links point where this server listens (0.0.0.0 → localhost). */
function listeningUrl(address: AddressInfo | string | null, host: string): string {
  const port = typeof address === 'object' && address ? address.port : 8080;
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** The address people reach the server at: PUBLIC_URL, else where it listens. */
export const publicUrlOf = (core: Pick<Core, 'config' | 'io'>): string =>
  core.config.publicUrl ?? listeningUrl(core.io.httpServer.address(), core.config.host);

/** The room the secretariat's tracking view listens on. */
export const invitationsRoom = (meetingId: string) => `meeting:${meetingId}:invitations`;

/** The invitations module's parts, built in src/compose.ts. */
export interface InvitationsModuleServices {
  delivery: InvitationDelivery;
  lifecycle: InvitationsLifecycle;
  replies: InvitationReplies;
  tracking: InvitationTracking;
  /** The member's notifications (src/notify), fed by the in-app channel. */
  inbox: InAppNotifier;
  /** The persisted job runner that delivers invitations (tests wake and drain it). */
  jobs: JobRunner;
  mailer: Mailer;
  /** The personal-link signer (LINK_SECRET), shared with written opinions. */
  links: LinkTokens;
  /** The address people reach the server at, for links in messages. */
  publicUrl: () => string;
  /** Sends a message through the SMS/Zalo gateway, its address checked first (address-guard.ts). */
  postGateway: GatewayPost;
  /** The SMS/Zalo gateway in force: the one saved on the settings page, else the environment's. */
  gateway: () => Promise<{ url: string; secret: string; timeoutMs: number } | null>;
}

/** Builds the mailer (SMTP or outbox), the job runner, the link signer and the services. */
export async function createInvitations(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'io' | 'bus'>,
  extras: Pick<InvitationsDeps, 'invitationPdf' | 'postGateway'> & {
    /** The settings an administrator changes in the app; the environment's values without it. */
    runtime?: {
      gateway: () => Promise<{ url: string; secret: string; timeoutMs: number } | null>;
      autoApproveDeputies: () => Promise<boolean>;
    };
  },
): Promise<InvitationsModuleServices> {
  const { runtime, ...more } = extras;
  const { config, logger } = core;
  const cfg = config.invitations;
  const from = `"${cfg.organisation.replace(/"/g, '')}" <${cfg.mailFrom}>`;
  const mailer: Mailer = config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, from, logger)
    : createOutboxMailer(path.join(config.dataDir, 'outbox'), from);
  const jobs = new JobRunner(
    core.store.jobs,
    core.clock,
    logger.child({ component: 'jobs' }),
    DEFAULT_RUNNER_OPTIONS,
  );
  const secret = await loadLinkSecret(config.dataDir, cfg.linkSecret);
  const links = new LinkTokens(secret);
  const inbox = new InAppNotifier({
    notifications: core.store.notifications,
    io: core.io,
    clock: core.clock,
  });
  const deps: InvitationsDeps = {
    store: core.store,
    invitations: core.store.invitations,
    jobs,
    mailer,
    links,
    audit: core.audit,
    clock: core.clock,
    logger: logger.child({ component: 'invitations' }),
    inApp: inbox,
    io: core.io,
    onParticipantsChanged: (meetingId) => core.bus.emit('meeting.participantsChanged', { meetingId }),
    ...more,
    settings: {
      publicUrl: () => publicUrlOf(core),
      organisation: cfg.organisation,
      mailFrom: { name: cfg.organisation, email: cfg.mailFrom },
      webhook: runtime ? runtime.gateway : () => Promise.resolve(cfg.webhook),
      reminderMinutes: cfg.reminderMinutes,
      unitCostVnd: cfg.unitCostVnd,
      autoApproveDeputies: runtime
        ? runtime.autoApproveDeputies
        : () => Promise.resolve(cfg.autoApproveDeputies),
    },
  };
  const delivery = new InvitationDelivery(deps);
  const lifecycle = new InvitationsLifecycle(deps, delivery);
  // Invitations follow the meeting's life: out on publication, updates, cancellations.
  core.bus.on('meeting.published', ({ meeting }) => lifecycle.onPublished(meeting));
  core.bus.on('meeting.changed', ({ meeting, changes }) => lifecycle.onChanged(meeting, changes));
  core.bus.on('meeting.agendaChanged', ({ meeting, summary }) => lifecycle.onAgendaChanged(meeting, summary));
  core.bus.on('meeting.cancelled', ({ meeting }) => lifecycle.onCancelled(meeting));
  logger.info({ mail: mailer.kind, webhook: !!cfg.webhook }, 'invitations ready');
  return {
    delivery,
    lifecycle,
    replies: new InvitationReplies(deps, delivery),
    tracking: new InvitationTracking(deps, delivery),
    inbox,
    jobs,
    mailer,
    links,
    publicUrl: deps.settings.publicUrl,
    postGateway: deps.postGateway,
    gateway: deps.settings.webhook,
  };
}

/**
 * Digital invitations (issue: SMS and paper replaced): the REST API, the reply page behind each
 * personal link, and the secretariat's live tracking room. The job runner starts in compose.ts
 * once every service exists.
 */
export const invitationsModule: ServerModule = {
  name: 'invitations',
  router: (ctx) =>
    invitationsRouter({
      auth: ctx.auth,
      replies: ctx.services.invitations.replies,
      tracking: ctx.services.invitations.tracking,
      inbox: ctx.services.invitations.inbox,
    }),
  pages: (ctx) =>
    replyPages({
      invitations: ctx.services.invitations.replies,
      allowedOrigins: () => (ctx.config.publicUrl ? [new URL(ctx.config.publicUrl).origin] : []),
    }),
  socket: (ctx) => ({
    onConnection(socket, ackDeps) {
      /** Whether the socket's user may (still) follow a meeting's invitation tracking. */
      const mayWatch = async (meetingId: string): Promise<boolean> => {
        const meeting = await ctx.store.meetings.getById(meetingId);
        return !!meeting && (await ctx.access.standingIn(socket.data, meeting)).may('watchInvitations');
      };
      // A demoted secretary or a removed organiser stops hearing about replies at once. The rooms
      // are read from the socket itself, so a connection restored after a drop is covered too.
      watchAccess(socket, async ({ meetingId }) => {
        for (const room of [...socket.rooms]) {
          const m = /^meeting:(.+):invitations$/.exec(room)?.[1];
          if (!m || (meetingId && m !== meetingId)) continue;
          if (await mayWatch(m)) continue;
          await socket.leave(room);
        }
      });
      socket.on(
        'invitations:watch',
        withAck(ackDeps, socket, 'invitations:watch', async (_c, { meetingId }) => {
          await ctx.access.require(socket.data, meetingId, 'watchInvitations');
          await socket.join(invitationsRoom(meetingId));
          return null;
        }),
      );
    },
  }),
  async close(ctx) {
    await ctx.services.invitations.jobs.stop();
    ctx.services.invitations.mailer.close();
  },
};
