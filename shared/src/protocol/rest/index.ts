import { annotationsContract, authContract } from './account.js';
import { auditContract, metricsContract, searchContract, unitsContract, usersContract } from './admin.js';
import { documentsContract } from './documents.js';
import { invitationsContract, notificationsContract } from './invitations.js';
import { agendaContract, meetingsContract, participantsContract } from './meetings.js';
import { settingsContract } from './settings.js';
import { votesContract } from './votes.js';
import { opinionsContract } from './opinions.js';
import { briefingContract, sitesContract } from './sites.js';
import { officialDocumentsContract } from './official-documents.js';
import { viewersContract } from './viewers.js';
import { devicesContract } from './devices.js';
import { conclusionsContract } from './conclusions.js';
import { signaturesContract } from './signatures.js';
import { minutesContract } from './minutes.js';
import { reportsContract } from './reports.js';
import { apiDocsContract } from './api-docs.js';
import { appSettingsContract, integrationsContract } from './integrations.js';
import { tasksContract } from './tasks.js';

export * from './account.js';
export * from './admin.js';
export * from './documents.js';
export * from './invitations.js';
export * from './meetings.js';
export * from './settings.js';
export * from './votes.js';
export * from './opinions.js';
export * from './sites.js';
export * from './official-documents.js';
export * from './viewers.js';
export * from './devices.js';
export * from './conclusions.js';
export * from './signatures.js';
export * from './minutes.js';
export * from './reports.js';
export * from './api-docs.js';
export * from './integrations.js';
export * from './tasks.js';

/**
 * Every REST endpoint by area: method, path, summary, the zod schemas of params / query / body,
 * success status, error codes and (in the type) the output. Server routers register from it with
 * `route()`, web `*.api.ts` call it with `call()`, and an OpenAPI description can be generated from it.
 */
export const restContract = {
  auth: authContract,
  meetings: meetingsContract,
  participants: participantsContract,
  agenda: agendaContract,
  documents: documentsContract,
  invitations: invitationsContract,
  notifications: notificationsContract,
  users: usersContract,
  units: unitsContract,
  audit: auditContract,
  metrics: metricsContract,
  search: searchContract,
  annotations: annotationsContract,
  settings: settingsContract,
  votes: votesContract,
  opinions: opinionsContract,
  sites: sitesContract,
  briefing: briefingContract,
  officialDocuments: officialDocumentsContract,
  viewers: viewersContract,
  devices: devicesContract,
  conclusions: conclusionsContract,
  signatures: signaturesContract,
  minutes: minutesContract,
  reports: reportsContract,
  apiDocs: apiDocsContract,
  appSettings: appSettingsContract,
  integrations: integrationsContract,
  tasks: tasksContract,
} as const;
