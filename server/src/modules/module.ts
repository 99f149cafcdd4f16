import type { Router } from 'express';
import type { AccessChange } from '@icabinet/shared';
import type { Config } from '../config/config.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../store/port.js';
import type { MeetingAccess } from '../access/meeting-access.js';
import type { SocketModule } from '../realtime/gateway.js';
import type { IoServer } from '../realtime/types.js';
import type { AnnotationsService } from './annotations/annotations.service.js';
import type { AgendaService } from './agenda/agenda.service.js';
import type { AuditService } from './audit/audit.service.js';
import type { AuthService } from './auth/auth.service.js';
import type { PasswordPolicyService } from './auth/password-policy.service.js';
import type { SettingsService } from './settings/settings.service.js';
import type { DocumentsModuleServices } from './documents/documents.module.js';
import type { InvitationsModuleServices } from './invitations/invitations.module.js';
import type { MeetingsService } from './meetings/meetings.service.js';
import type { OpinionsModuleServices } from './opinions/opinions.module.js';
import type { ParticipantsService } from './participants/participants.service.js';
import type { RoomService } from './room/room.service.js';
import type { SearchService } from './search/search.service.js';
import type { BriefingService } from './sites/briefing.service.js';
import type { SitesService } from './sites/sites.service.js';
import type { UnitsService } from './units/units.service.js';
import type { UsersService } from './users/users.service.js';
import type { VotesService } from './votes/votes.service.js';
import type { OfficialDocumentsService } from './official-documents/official-documents.service.js';
import type { ViewersService } from './viewers/viewers.service.js';
import type { QuestionsService } from './questions/questions.service.js';
import type { DevicesService } from './devices/devices.service.js';
import type { PinService } from './devices/devices.pin.js';
import type { ConclusionsModuleServices } from './conclusions/conclusions.module.js';
import type { SignaturesService } from './signatures/signatures.service.js';
import type { MinutesApprovalFlow } from './minutes/minutes.approval.js';
import type { MinutesService } from './minutes/minutes.service.js';
import type { ApiTokensService } from './integrations/api-tokens.service.js';
import type { WebhooksService } from './integrations/webhooks.service.js';
import type { IntegrationApi } from './integrations/integration-api.js';
import type { AppSettingsService } from './settings/app-settings.service.js';
import type { TasksModuleServices } from './tasks/tasks.module.js';

/** What every service may be built with: infrastructure, built first in src/compose.ts. */
export interface Core {
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  auth: AuthService;
  audit: AuditService;
  /** Run-time security settings (password policy, two-step sign-in roles). */
  settings: SettingsService;
  /** The password policy every path that sets a password goes through. */
  passwords: PasswordPolicyService;
  /** The Socket.IO server (for broadcasts), created before any service. */
  io: IoServer;
  /** Cross-module reactions (see src/events/bus.ts). */
  bus: EventBus;
  /** The one meeting-access policy: every route and socket command asks it (server/src/access). */
  access: MeetingAccess;
  /** Ends every live session (sockets) of a user at once. */
  endUserSessions: (userId: string) => void;
  /** Rights changed (a user's role or account, a meeting's participants or status): live sockets on every process are re-checked now. */
  accessChanged: (change: AccessChange) => Promise<void>;
}

/** Every feature service, built explicitly with its typed dependencies in src/compose.ts. */
export interface Services {
  users: UsersService;
  units: UnitsService;
  search: SearchService;
  meetings: MeetingsService;
  participants: ParticipantsService;
  agenda: AgendaService;
  documents: DocumentsModuleServices;
  invitations: InvitationsModuleServices;
  opinions: OpinionsModuleServices;
  room: RoomService;
  annotations: AnnotationsService;
  votes: VotesService;
  sites: SitesService;
  briefing: BriefingService;
  /** Decree 30 documents and their number registers. */
  officialDocuments: OfficialDocumentsService;
  /** Viewer links: read-only screens without an account. */
  viewers: ViewersService;
  /** Questions from sites in online briefings (the chair's moderator queue). */
  questions: QuestionsService;
  /** Meeting-room tablets: pairing and the fleet, and PIN sign-in on them. */
  devices: { fleet: DevicesService; pins: PinService };
  /** Conclusions per agenda item and the conclusion notice's approval. */
  conclusions: ConclusionsModuleServices;
  /** Digital signatures of official documents and verification of signed PDFs. */
  signatures: SignaturesService;
  /** The minutes of meetings (biên bản): a Yjs document each, versions and the lock. */
  minutes: MinutesService;
  /** The minutes as an official document (Decree 30 PDF, approval, two signatures, issue). */
  minutesApproval: MinutesApprovalFlow;
  /**
   * The city's other systems: API tokens, outgoing webhooks, the token-readable API, and the
   * invitations' settings of the admin page (deputy auto-approval, SMS/Zalo gateway).
   */
  integrations: {
    tokens: ApiTokensService;
    webhooks: WebhooksService;
    api: IntegrationApi;
    appSettings: AppSettingsService;
  };
  /** Follow-up tasks from conclusions: workflow, reminders, escalation, the follow-up settings. */
  tasks: TasksModuleServices;
}

/** What a module's routes, pages and socket handlers are given. */
export interface ModuleContext extends Core {
  services: Services;
}

/**
 * One feature of the server's edges: its REST routes (mounted under /api), its socket handlers,
 * its pages, and what to stop with the server. Services are built in src/compose.ts, not here,
 * so no module depends on the order of the list.
 */
export interface ServerModule {
  readonly name: string;
  router?(ctx: ModuleContext): Router;
  socket?(ctx: ModuleContext): SocketModule;
  /** Pages served outside /api, before the web app (e.g. the invitation reply page behind an e-mailed link). */
  pages?(ctx: ModuleContext): Router;
  /** Called when the server stops, in reverse order. */
  close?(ctx: ModuleContext): void | Promise<void>;
}
