import type { Connection, Model } from 'mongoose';
import {
  agendaItemSchema,
  agendaRevisionSchema,
  documentSchema,
  documentTextSchema,
  meetingSchema,
  participantSchema,
  searchEntrySchema,
  type AgendaItemDoc,
  type AgendaRevisionDoc,
  type DocumentDoc,
  type DocumentTextDoc,
  type MeetingDoc,
  type ParticipantDoc,
  type SearchEntryDoc,
} from './models.meetings.js';
import {
  auditSchema,
  sessionSchema,
  unitSchema,
  userSchema,
  type AuditDoc,
  type SessionDoc,
  type UnitDoc,
  type UserDoc,
} from './models.people.js';

/**
 * Documents as stored. `_id` is the record's UUID (the session's token hash), so no second
 * id index is needed. Timestamps stay the port's ISO strings; `*Ms` fields hold the same
 * instants as numbers for range queries and sorting, like the SQLite `*_ms` columns.
 */
export type * from './models.meetings.js';
export type * from './models.people.js';
export { VI_COLLATION } from './models.common.js';

/** The models of one store, bound to its own connection. */
export interface Models {
  users: Model<UserDoc>;
  units: Model<UnitDoc>;
  sessions: Model<SessionDoc>;
  audit: Model<AuditDoc>;
  meetings: Model<MeetingDoc>;
  participants: Model<ParticipantDoc>;
  documents: Model<DocumentDoc>;
  documentTexts: Model<DocumentTextDoc>;
  agendaItems: Model<AgendaItemDoc>;
  agendaRevisions: Model<AgendaRevisionDoc>;
  searchEntries: Model<SearchEntryDoc>;
}

/** Registers the models on `conn` (not on mongoose's global connection). */
export function createModels(conn: Connection): Models {
  return {
    users: conn.model<UserDoc>('User', userSchema),
    units: conn.model<UnitDoc>('Unit', unitSchema),
    sessions: conn.model<SessionDoc>('Session', sessionSchema),
    audit: conn.model<AuditDoc>('AuditEntry', auditSchema),
    meetings: conn.model<MeetingDoc>('Meeting', meetingSchema),
    participants: conn.model<ParticipantDoc>('Participant', participantSchema),
    documents: conn.model<DocumentDoc>('Document', documentSchema),
    documentTexts: conn.model<DocumentTextDoc>('DocumentText', documentTextSchema),
    agendaItems: conn.model<AgendaItemDoc>('AgendaItem', agendaItemSchema),
    agendaRevisions: conn.model<AgendaRevisionDoc>('AgendaRevision', agendaRevisionSchema),
    searchEntries: conn.model<SearchEntryDoc>('SearchEntry', searchEntrySchema),
  };
}

/** Unique indexes by name (as MongoDB reports them in E11000 errors), mapped to the port's field. */
export const UNIQUE_INDEX_FIELDS: Readonly<Record<string, string>> = {
  _id_: 'id',
  username_1: 'username',
  code_1: 'code',
  seq_1: 'seq',
  meetingId_1_userId_1: 'userId',
  chain_latest: 'latest',
  chainId_1_versionNo_1: 'versionNo',
  meetingId_1_version_1: 'version',
};
