import { integrationModels, MongoIntegrationsRepo } from './integrations.mongo.js';
import {
  MongoMinutesRepo,
  minutesSchema,
  minutesVersionSchema,
  type MinutesDoc,
  type MinutesVersionDoc,
} from './minutes.mongo.js';
import mongoose from 'mongoose';
import { jobSchema, MongoJobsRepo, type JobDoc } from './jobs.mongo.js';
import {
  invitationSchema,
  MongoInvitationsRepo,
  MongoNotificationsRepo,
  notificationSchema,
  type InvitationDoc,
  type NotificationDoc,
} from './invitations.mongo.js';
import type { Connection } from 'mongoose';
import { MongoRoomRepo, roomSchema, type RoomDoc } from './room.mongo.js';
import {
  meetingSiteSchema,
  MongoSitesRepo,
  siteSchema,
  type MeetingSiteDoc,
  type SiteDoc,
} from './sites.mongo.js';
import { MongoDevicesRepo, deviceModels } from './devices.mongo.js';
import { MongoViewerLinksRepo, viewerLinkSchema, type ViewerLinkDoc } from './viewers.mongo.js';
import { MongoSiteQuestionsRepo, siteQuestionSchema, type SiteQuestionDoc } from './site-questions.mongo.js';
import {
  annotationCounterSchema,
  annotationUpdateSchema,
  MongoAnnotationsRepo,
  type AnnotationCounterDoc,
  type AnnotationUpdateDoc,
} from './annotations.mongo.js';
import {
  MongoVotesRepo,
  voteCounterSchema,
  voteSchema,
  voteVoterSchema,
  type VoteCounterDoc,
  type VoteDoc,
  type VoteVoterDoc,
} from './votes.mongo.js';
import { StoreOpenError } from '../port.js';
import type { Store } from '../port.js';
import { createModels } from './models.js';
import {
  MongoOpinionsRepo,
  opinionRecipientSchema,
  opinionRequestSchema,
  type OpinionRecipientDoc,
  type OpinionRequestDoc,
} from './opinions.mongo.js';
import { MongoAgendaRepo } from './agenda.mongo.js';
import {
  MongoPasswordHistoryRepo,
  MongoSettingsRepo,
  passwordHistorySchema,
  settingSchema,
  type PasswordHistoryDoc,
  type SettingDoc,
} from './settings.mongo.js';
import {
  documentRegisterSchema,
  MongoOfficialDocumentsRepo,
  officialDocumentSchema,
  type DocumentRegisterDoc,
  type OfficialDocumentDoc,
} from './official-documents.mongo.js';
import {
  conclusionNoticeSchema,
  conclusionSchema,
  MongoConclusionsRepo,
  type ConclusionDoc,
  type ConclusionNoticeDoc,
} from './conclusions.mongo.js';
import { MongoTasksRepo, taskSchema, type TaskDoc } from './tasks.mongo.js';
import {
  MongoSignedDocumentsRepo,
  signedDocumentSchema,
  type SignedDocumentDoc,
} from './signed-documents.mongo.js';
import { MongoAuditRepo } from './audit.mongo.js';
import { MongoDocumentsRepo } from './documents.mongo.js';
import { MongoMeetingsRepo } from './meetings.mongo.js';
import { MongoParticipantsRepo } from './participants.mongo.js';
import { MongoSearchRepo } from './search.mongo.js';
import { MongoSessionsRepo } from './sessions.mongo.js';
import { MongoSecondFactorsRepo } from './second-factors.mongo.js';
import { MongoUnitsRepo } from './units.mongo.js';
import { MongoUsersRepo } from './users.mongo.js';
import { runUnitOfWork } from './transactions.js';

/** How long startup waits for a reachable server before giving up with a clear error. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * The URI without user name, password or options, for log lines:
 * mongodb://admin:s3cret@db1,db2/icabinet?replicaSet=rs0 → mongodb://db1,db2/icabinet.
 */
export function redactMongoUri(uri: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(\/[^?]*)?/i.exec(uri.trim());
  if (!match) return 'mongodb (unparseable URI)';
  const [, scheme = '', authority = '', path = ''] = match;
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme}${hosts}${path}`;
}

/** Options for opening the MongoDB store. */
export interface MongoStoreOptions {
  /** Overrides the database named in the URI (the contract tests use one per test). */
  dbName?: string | undefined;
}

/** Whether the deployment runs multi-document transactions (replica set or sharded cluster). */
async function supportsTransactions(conn: Connection): Promise<boolean> {
  const admin = conn.getClient().db('admin');
  // `hello` exists from MongoDB 4.4.2; older servers answer the legacy `isMaster`.
  const hello = await admin.command({ hello: 1 }).catch(() => admin.command({ isMaster: 1 }));
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/**
 * Opens the MongoDB store on its own connection (never mongoose's global one), with filter
 * sanitising against operator injection and majority + journaled writes, and waits until
 * every index exists so uniqueness holds from the first write.
 */
export async function openMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<Store> {
  const location = redactMongoUri(uri) + (options.dbName ? ` (database ${options.dbName})` : '');
  const conn = mongoose.createConnection(uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    sanitizeFilter: true,
    writeConcern: { w: 'majority', journal: true },
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
  });
  try {
    await conn.asPromise();
    const models = createModels(conn);
    const jobsModel = conn.model<JobDoc>('Job', jobSchema);
    const invitationsModel = conn.model<InvitationDoc>('Invitation', invitationSchema);
    const notificationsModel = conn.model<NotificationDoc>('Notification', notificationSchema);
    const roomModel = conn.model<RoomDoc>('RoomState', roomSchema);
    const annotationUpdates = conn.model<AnnotationUpdateDoc>('AnnotationUpdate', annotationUpdateSchema);
    const annotationCounters = conn.model<AnnotationCounterDoc>('AnnotationCounter', annotationCounterSchema);
    const settingsModel = conn.model<SettingDoc>('Setting', settingSchema);
    const passwordHistoryModel = conn.model<PasswordHistoryDoc>('PasswordHistory', passwordHistorySchema);
    const votesModel = conn.model<VoteDoc>('Vote', voteSchema);
    const voteVoters = conn.model<VoteVoterDoc>('VoteVoter', voteVoterSchema);
    const voteCounters = conn.model<VoteCounterDoc>('VoteCounter', voteCounterSchema);
    const opinionRequests = conn.model<OpinionRequestDoc>('OpinionRequest', opinionRequestSchema);
    const opinionRecipients = conn.model<OpinionRecipientDoc>('OpinionRecipient', opinionRecipientSchema);
    const sitesModel = conn.model<SiteDoc>('Site', siteSchema);
    const meetingSitesModel = conn.model<MeetingSiteDoc>('MeetingSite', meetingSiteSchema);
    const registersModel = conn.model<DocumentRegisterDoc>('DocumentRegister', documentRegisterSchema);
    const officialModel = conn.model<OfficialDocumentDoc>('OfficialDocument', officialDocumentSchema);
    const viewerLinksModel = conn.model<ViewerLinkDoc>('ViewerLink', viewerLinkSchema);
    const siteQuestionsModel = conn.model<SiteQuestionDoc>('SiteQuestion', siteQuestionSchema);
    const devicesModels = deviceModels(conn);
    const conclusionsModel = conn.model<ConclusionDoc>('Conclusion', conclusionSchema);
    const noticesModel = conn.model<ConclusionNoticeDoc>('ConclusionNotice', conclusionNoticeSchema);
    const tasksModel = conn.model<TaskDoc>('Task', taskSchema);
    const signedModel = conn.model<SignedDocumentDoc>('SignedDocument', signedDocumentSchema);
    const minutesModel = conn.model<MinutesDoc>('Minutes', minutesSchema);
    const minutesVersionsModel = conn.model<MinutesVersionDoc>('MinutesVersion', minutesVersionSchema);
    // The minutes' approval: the notice's schema in a collection of its own.
    const minutesApprovalsModel = conn.model<ConclusionNoticeDoc>(
      'MinutesApproval',
      conclusionNoticeSchema.clone(),
      'minutesApprovals',
    );
    const integrations = integrationModels(conn);
    const { users, units, sessions, audit, meetings, participants } = models;
    await Promise.all([
      users.init(),
      units.init(),
      sessions.init(),
      audit.init(),
      meetings.init(),
      participants.init(),
      models.documents.init(),
      models.documentTexts.init(),
      models.agendaItems.init(),
      models.agendaRevisions.init(),
      models.searchEntries.init(),
      jobsModel.init(),
      invitationsModel.init(),
      notificationsModel.init(),
      roomModel.init(),
      annotationUpdates.init(),
      annotationCounters.init(),
      settingsModel.init(),
      passwordHistoryModel.init(),
      votesModel.init(),
      voteVoters.init(),
      voteCounters.init(),
      opinionRequests.init(),
      opinionRecipients.init(),
      sitesModel.init(),
      meetingSitesModel.init(),
      registersModel.init(),
      officialModel.init(),
      viewerLinksModel.init(),
      siteQuestionsModel.init(),
      minutesModel.init(),
      minutesVersionsModel.init(),
      minutesApprovalsModel.init(),
      ...Object.values(devicesModels).map((m) => m.init()),
      conclusionsModel.init(),
      noticesModel.init(),
      ...Object.values(integrations).map((m: { init(): Promise<unknown> }) => m.init()),
      tasksModel.init(),
    ]);
    const transactions = await supportsTransactions(conn);
    return {
      kind: 'mongo',
      location,
      users: new MongoUsersRepo(conn, models.users, transactions),
      units: new MongoUnitsRepo(models.units),
      sessions: new MongoSessionsRepo(models.sessions, models.users),
      secondFactors: new MongoSecondFactorsRepo(models.users),
      audit: new MongoAuditRepo(models.audit),
      settings: new MongoSettingsRepo(settingsModel),
      passwordHistory: new MongoPasswordHistoryRepo(passwordHistoryModel, models.users),
      meetings: new MongoMeetingsRepo(models.meetings, models.participants),
      participants: new MongoParticipantsRepo(models.participants, models.meetings),
      documents: new MongoDocumentsRepo(models.documents, models.documentTexts, models.meetings),
      agenda: new MongoAgendaRepo(
        models.agendaItems,
        models.agendaRevisions,
        models.meetings,
        conn,
        transactions,
      ),
      search: new MongoSearchRepo(models.searchEntries, models.meetings, models.participants),
      jobs: new MongoJobsRepo(jobsModel),
      invitations: new MongoInvitationsRepo(invitationsModel),
      notifications: new MongoNotificationsRepo(notificationsModel),
      room: new MongoRoomRepo(roomModel),
      annotations: new MongoAnnotationsRepo(annotationUpdates, annotationCounters),
      votes: new MongoVotesRepo(votesModel, voteVoters, voteCounters),
      opinions: new MongoOpinionsRepo(opinionRequests, opinionRecipients),
      sites: new MongoSitesRepo(sitesModel, meetingSitesModel),
      officialDocuments: new MongoOfficialDocumentsRepo(registersModel, officialModel, models.meetings),
      viewerLinks: new MongoViewerLinksRepo(viewerLinksModel),
      siteQuestions: new MongoSiteQuestionsRepo(siteQuestionsModel),
      devices: new MongoDevicesRepo(devicesModels),
      conclusions: new MongoConclusionsRepo(
        conclusionsModel,
        noticesModel,
        models.meetings,
        models.agendaItems,
      ),
      tasks: new MongoTasksRepo(tasksModel),
      signedDocuments: new MongoSignedDocumentsRepo(signedModel, models.meetings),
      minutes: new MongoMinutesRepo(
        minutesModel,
        minutesVersionsModel,
        models.meetings,
        minutesApprovalsModel,
      ),
      integrations: new MongoIntegrationsRepo(integrations),
      transaction: (fn) => runUnitOfWork(conn, transactions, fn),
      close: () => conn.close(),
    };
  } catch (e) {
    await conn.close().catch(() => undefined);
    const reason = e instanceof Error ? e.message : String(e);
    throw new StoreOpenError(`Cannot open the MongoDB store at ${location}: ${reason}`, { cause: e });
  }
}

/** Drops one database; the contract tests use it to remove the databases they created. */
export async function dropMongoDatabase(uri: string, dbName: string): Promise<void> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
  });
  try {
    await conn.asPromise();
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}
