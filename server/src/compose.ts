import type http from 'node:http';
import type { Config } from './config/config.js';
import { accessFor } from './access/meeting-access.js';
import { EventBus } from './events/bus.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './logger.js';
import type { Store } from './store/port.js';
import { createGateway, deviceIdentity, viewerIdentity } from './realtime/gateway.js';
import { limiterFactory, type LimiterFactory } from './realtime/rate-limit.js';
import type { RedisAdapter } from './realtime/redis-adapter.js';
import { AnnotationsService } from './modules/annotations/annotations.service.js';
import { AgendaService } from './modules/agenda/agenda.service.js';
import { ANCHOR_PERIOD_MS, AuditService } from './modules/audit/audit.service.js';
import { anchorMailer } from './modules/audit/audit.anchor-mail.js';
import { AuthService } from './modules/auth/auth.service.js';
import { PasswordPolicyService } from './modules/auth/password-policy.service.js';
import { SettingsService } from './modules/settings/settings.service.js';
import { broadcastDocumentChanges, createDocuments } from './modules/documents/documents.module.js';
import { featureModules } from './modules/index.js';
import { createInvitations, publicUrlOf } from './modules/invitations/invitations.module.js';
import { MeetingsService } from './modules/meetings/meetings.service.js';
import { createOpinions } from './modules/opinions/opinions.module.js';
import { createOfficialDocuments } from './modules/official-documents/official-documents.module.js';
import { createConclusions } from './modules/conclusions/conclusions.module.js';
import { createSignatures } from './modules/signatures/signatures.module.js';
import { createTasks } from './modules/tasks/tasks.module.js';
import type { Core, ModuleContext, Services } from './modules/module.js';
import { ParticipantsService } from './modules/participants/participants.service.js';
import { RoomService } from './modules/room/room.service.js';
import { SearchService } from './modules/search/search.service.js';
import { QuestionsService } from './modules/questions/questions.service.js';
import { BriefingService } from './modules/sites/briefing.service.js';
import { ViewersService } from './modules/viewers/viewers.service.js';
import { DevicesService } from './modules/devices/devices.service.js';
import { PinService } from './modules/devices/devices.pin.js';
import { SitesService } from './modules/sites/sites.service.js';
import { indexOnChanges } from './modules/search/search.subscriber.js';
import { UnitsService } from './modules/units/units.service.js';
import { UsersService } from './modules/users/users.service.js';
import { VotesService } from './modules/votes/votes.service.js';
import { MinutesService } from './modules/minutes/minutes.service.js';
import { createMinutesApproval } from './modules/minutes/minutes.module.js';
import { AppSettingsService } from './modules/settings/app-settings.service.js';
import { ApiTokensService } from './modules/integrations/api-tokens.service.js';
import { WebhooksService } from './modules/integrations/webhooks.service.js';
import { outgoingAddressCheck, type HostResolver } from './modules/integrations/address-guard.js';
import { guardedGatewayPost } from './modules/integrations/gateway-post.js';
import { IntegrationApi } from './modules/integrations/integration-api.js';

export interface Composed {
  ctx: ModuleContext;
  /** Ends the sockets of one login session (on logout). */
  endSession(sessionId: string): void;
}

/**
 * The composition root: the one place where the server's parts are built, in dependency order
 * and with typed dependencies. Infrastructure first (audit, auth, the Socket.IO server, the event
 * bus), then each service with exactly what it uses, then the bus subscriptions that connect
 * modules (invitations, live room, search index, broadcasts). Services never look each other up:
 * a service that needs another gets it here (the room gets `meetings.transition`), and reactions
 * across modules go through the bus.
 */
export async function compose(deps: {
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  httpServer: http.Server;
  redis: RedisAdapter | null;
  allowedOrigins: () => string[];
  /** How webhook receivers' names are resolved (tests add names); the system's resolver otherwise. */
  resolveHost?: HostResolver | undefined;
}): Promise<Composed> {
  const { config, store, logger, clock } = deps;
  const audit = new AuditService(store, clock);
  // Rate limits and login throttling are shared by every process through Redis when it is set.
  const limiters = limiterFactory(deps.redis?.client ?? null);
  // The security settings (password policy, two-step roles) start from the configuration.
  const settings = new SettingsService(store, audit, clock, {
    twoFactorRoles: config.session.secondFactorRequiredFor,
  });
  const passwords = new PasswordPolicyService(store, settings, clock);
  const auth = new AuthService(
    store,
    audit,
    clock,
    { ...config.session, secondFactorRequiredFor: () => settings.twoFactorRoles() },
    config.loginThrottle,
    limiters,
    { passwords },
  );
  const gateway = createGateway(
    deps.httpServer,
    { auth, store, logger, limiters },
    { ...config.socket, allowedOrigins: deps.allowedOrigins, adapter: deps.redis?.adapter },
  );
  const bus = new EventBus(logger);
  const core: Core = {
    config,
    store,
    logger,
    clock,
    auth,
    audit,
    settings,
    passwords,
    access: accessFor(store),
    io: gateway.io,
    bus,
    endUserSessions: (userId) => gateway.endUserSessions(userId),
    accessChanged: (change) => gateway.accessChanged(change),
  };
  auth.onSessionsEnded = (userId) => void gateway.accessChanged({ kind: 'user', userId });

  let services: Services;
  try {
    services = await buildServices(core, {
      limiters,
      endSession: (sessionId) => gateway.endSession(sessionId),
      resolveHost: deps.resolveHost,
    });
  } catch (err) {
    await new Promise<void>((resolve) => {
      void gateway.io.close(() => resolve());
    });
    throw err;
  }
  const ctx: ModuleContext = { ...core, services };
  gateway.useViewers(services.viewers);
  gateway.useDevices(services.devices.fleet);
  gateway.attach(featureModules.flatMap((m) => (m.socket ? [m.socket(ctx)] : [])));
  const { jobs, mailer } = services.invitations;
  const mailAnchor = config.auditAnchorEmail
    ? anchorMailer({ jobs, mailer, audit, store, to: config.auditAnchorEmail })
    : undefined;
  jobs.start();
  // Open votes with a deadline get their timers back (one already due closes now).
  await services.votes.resume();
  await audit.startAnchoring(logger, ANCHOR_PERIOD_MS, mailAnchor);
  return { ctx, endSession: (sessionId) => gateway.endSession(sessionId) };
}

/** Each service with its typed dependencies, then the bus subscriptions between modules. */
async function buildServices(
  core: Core,
  edge: {
    limiters: LimiterFactory;
    endSession: (sessionId: string) => void;
    resolveHost: HostResolver | undefined;
  },
): Promise<Services> {
  const { store, audit, clock, logger } = core;
  const search = new SearchService(store, logger);
  const meetings = new MeetingsService(core);
  const documents = await createDocuments(core);
  const room = new RoomService(core, meetings);
  // Before the invitations: on publication the invitation is numbered first, then sent.
  const officialDocuments = createOfficialDocuments(core);
  // Every outgoing call an administrator points somewhere (event webhooks, the SMS/Zalo gateway)
  // goes through one address guard: the same rules, the same WEBHOOKS_ALLOW_LOOPBACK.
  const checkAddress = outgoingAddressCheck({
    allowLoopback: core.config.integrations.allowLoopbackWebhooks,
    timeoutMs: core.config.integrations.timeoutMs,
    selfUrls: () => {
      const address = core.io.httpServer.address();
      const port = typeof address === 'object' && address ? address.port : core.config.port;
      const host = core.config.host.includes(':') ? `[${core.config.host}]` : core.config.host;
      return [publicUrlOf(core), `http://${host}:${port}`];
    },
    listenPort: () => {
      const address = core.io.httpServer.address();
      return typeof address === 'object' && address ? address.port : core.config.port || null;
    },
    resolveHost: edge.resolveHost,
  });
  // Deputy auto-approval and the SMS/Zalo gateway: the admin page's values, else the environment's.
  const appSettings = new AppSettingsService(
    store,
    audit,
    clock,
    {
      autoApproveDeputies: core.config.invitations.autoApproveDeputies,
      gateway: core.config.invitations.webhook,
      gatewayTimeoutMs: core.config.integrations.timeoutMs,
    },
    checkAddress,
  );
  const invitations = await createInvitations(core, {
    invitationPdf: (m) => officialDocuments.invitationAttachment(m),
    postGateway: guardedGatewayPost(checkAddress, () => clock.now()),
    runtime: {
      gateway: () => appSettings.gateway(),
      autoApproveDeputies: () => appSettings.autoApproveDeputies(),
    },
  });
  // Outgoing webhooks run on the same persisted job runner as the invitations.
  const webhooks = new WebhooksService({
    store,
    audit,
    clock,
    logger: logger.child({ component: 'webhooks' }),
    jobs: invitations.jobs,
    bus: core.bus,
    timeoutMs: core.config.integrations.timeoutMs,
    checkAddress,
  });
  webhooks.listen();
  // Site operators join as observers and are invited the way every participant is.
  const briefing = new BriefingService({ ...core, inviteNew: (m) => invitations.lifecycle.onPublished(m) });
  const fleet = new DevicesService({
    ...core,
    limiters: edge.limiters,
    endSession: edge.endSession,
    endDeviceSockets: (deviceId) => core.endUserSessions(deviceIdentity(deviceId)),
    signOutGraceMs: core.config.devices.signOutGraceMs,
  });
  await fleet.endStaleSessions();
  const minutes = new MinutesService(core);
  const services: Services = {
    users: new UsersService(store, audit, clock, core.passwords, core.endUserSessions, (userId) =>
      core.accessChanged({ kind: 'user', userId }),
    ),
    units: new UnitsService(store, audit, clock),
    search,
    meetings,
    participants: new ParticipantsService(store, clock, core.audit),
    agenda: new AgendaService(core),
    documents,
    invitations,
    opinions: createOpinions(core, invitations, documents),
    room,
    annotations: new AnnotationsService(core, documents.library.blobs),
    votes: new VotesService(core, room),
    sites: new SitesService(store, audit, clock),
    briefing,
    questions: new QuestionsService({ ...core, briefing }),
    officialDocuments,
    signatures: createSignatures(core, officialDocuments),
    viewers: new ViewersService({
      ...core,
      blobs: documents.library.blobs,
      shownDocument: (meetingId) => room.shownDocument(meetingId),
      identity: viewerIdentity,
    }),
    minutes,
    devices: { fleet, pins: new PinService({ ...core, limiters: edge.limiters, devices: fleet }) },
    conclusions: createConclusions(core, { invitations, documents, officialDocuments }),
    minutesApproval: createMinutesApproval(core, { invitations, documents, officialDocuments, minutes }),
    integrations: {
      tokens: new ApiTokensService(store, audit, clock),
      webhooks,
      api: new IntegrationApi(store, () => documents.library.blobs),
      appSettings,
    },
    tasks: await createTasks(core, invitations),
  };

  // The conclusion notice is signed by the chair once approved; its signed PDF moves it to `signed`.
  const noticeSigning = services.conclusions.notice.signingFlow();
  services.signatures.setFlow('conclusion_notice', noticeSigning);
  // The minutes: approved, then signed by the secretary and the chair (two incremental signatures).
  const minutesSigning = services.minutesApproval.signingFlow();
  services.signatures.setFlow('minutes', minutesSigning);
  services.signatures.setApprovalGate(async (meetingId, type) => {
    if (type === 'invitation') return 'none';
    const flow = type === 'minutes' ? minutesSigning : noticeSigning;
    return (await flow.state(meetingId)) === 'approved' ? 'approved' : 'not_approved';
  });

  // Reactions across modules, in the order they run for one event.
  core.bus.on('meeting.participantsChanged', ({ meetingId }) => room.participantsChanged(meetingId));
  // A meeting that stops running (the room ended) closes its open vote with the ballots
  // cast, before anyone's access is re-checked (the result reaches every screen still in the room).
  core.bus.on('meeting.statusChanged', ({ meeting, from, byUserId }) =>
    from === 'in_progress' && meeting.status !== 'in_progress'
      ? services.votes.control.closeForMeetingEnd(meeting.id, byUserId ?? null)
      : undefined,
  );
  // A briefing that stops (ended, cancelled, postponed) leaves no site holding the floor.
  core.bus.on('meeting.statusChanged', ({ meeting, byUserId }) =>
    services.questions.meetingStopped(meeting, byUserId ?? null),
  );
  // The room's tablets sign their delegates out and wipe once the meeting stops running.
  core.bus.on('meeting.statusChanged', ({ meeting, from }) =>
    from === 'in_progress' && meeting.status !== 'in_progress' ? fleet.meetingEnded(meeting) : undefined,
  );
  // Who may follow a meeting's rooms may have changed: every process re-checks its live sockets.
  const recheck = (meetingId: string) => core.accessChanged({ kind: 'meeting', meetingId });
  core.bus.on('meeting.participantsChanged', ({ meetingId }) => recheck(meetingId));
  core.bus.on('meeting.saved', ({ meeting }) => recheck(meeting.id));
  core.bus.on('meeting.statusChanged', ({ meeting }) => recheck(meeting.id));
  indexOnChanges(core.bus, search, store);
  broadcastDocumentChanges(core);
  return services;
}
