import type { ServerModule } from './module.js';
import { annotationsModule } from './annotations/annotations.module.js';
import { agendaModule } from './agenda/agenda.module.js';
import { auditModule } from './audit/audit.module.js';
import { documentsModule } from './documents/documents.module.js';
import { invitationsModule } from './invitations/invitations.module.js';
import { meetingsModule } from './meetings/meetings.module.js';
import { opinionsModule } from './opinions/opinions.module.js';
import { participantsModule } from './participants/participants.module.js';
import { presenceModule } from './presence/presence.module.js';
import { roomModule } from './room/room.module.js';
import { searchModule } from './search/search.module.js';
import { settingsModule } from './settings/settings.module.js';
import { sitesModule } from './sites/sites.module.js';
import { unitsModule } from './units/units.module.js';
import { usersModule } from './users/users.module.js';
import { votesModule } from './votes/votes.module.js';
import { officialDocumentsModule } from './official-documents/official-documents.module.js';
import { viewersModule } from './viewers/viewers.module.js';
import { questionsModule } from './questions/questions.module.js';
import { devicesModule } from './devices/devices.module.js';
import { conclusionsModule } from './conclusions/conclusions.module.js';
import { signaturesModule } from './signatures/signatures.module.js';
import { minutesModule } from './minutes/minutes.module.js';
import { reportsModule } from './reports/reports.module.js';
import { apiDocsModule } from './api-docs/api-docs.module.js';
import { integrationsModule } from './integrations/integrations.module.js';
import { tasksModule } from './tasks/tasks.module.js';

/**
 * Every feature module's edges (routes, pages, sockets). Their services are built in
 * src/compose.ts, so this order only decides the order of routes and of `close` (reversed).
 */
export const featureModules: readonly ServerModule[] = [
  usersModule,
  unitsModule,
  auditModule,
  settingsModule,
  presenceModule,
  searchModule,
  meetingsModule,
  participantsModule,
  agendaModule,
  documentsModule,
  invitationsModule,
  opinionsModule,
  roomModule,
  annotationsModule,
  votesModule,
  sitesModule,
  officialDocumentsModule,
  viewersModule,
  questionsModule,
  devicesModule,
  conclusionsModule,
  signaturesModule,
  minutesModule,
  integrationsModule,
  reportsModule,
  tasksModule,
  apiDocsModule,
];
