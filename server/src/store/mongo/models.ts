import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * Documents as stored. `_id` is the record's UUID (the session's token hash), so no second
 * id index is needed. Timestamps stay the port's ISO strings; `*Ms` fields hold the same
 * instants as numbers for range queries and sorting, like the SQLite `*_ms` columns.
 */
export interface UserDoc {
  _id: string;
  username: string;
  fullName: string;
  title: string | null;
  unitId: string | null;
  email: string | null;
  phone: string | null;
  systemRole: string;
  active: boolean;
  passwordHash: string;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Folded username, name and e-mail for accent-insensitive search (see search.ts). */
  search: string;
}

export interface UnitDoc {
  _id: string;
  code: string;
  name: string;
  parentId: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SessionDoc {
  _id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  lastSeenAtMs: number;
  expiresAtMs: number;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditDoc {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface MeetingDoc {
  _id: string;
  title: string;
  kind: string;
  location: string | null;
  startsAt: string;
  endsAt: string;
  startsAtMs: number;
  endsAtMs: number;
  status: string;
  confidentiality: string;
  chairId: string | null;
  quorumRule: { numerator: number; denominator: number; comparison: string };
  statusReason: string | null;
  description: string | null;
  agendaVersion: number;
  seriesId: string | null;
  /** Absent on meetings stored before the setting existed (read as false). */
  sharedAnnotationsOpen?: boolean;
  /** When the room really started / ended the meeting (absent on meetings stored before). */
  startedAt?: string | null;
  endedAt?: string | null;
  /** Folded title, location and description for the meetings list filter (see search.ts). */
  search: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface AgendaItemDoc {
  _id: string;
  meetingId: string;
  parentId: string | null;
  order: number;
  title: string;
  description: string | null;
  presenterId: string | null;
  presenterName: string | null;
  plannedMinutes: number;
  actualStart: string | null;
  actualEnd: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AgendaRevisionDoc {
  meetingId: string;
  version: number;
  at: string;
  by: { userId: string; fullName: string };
  summary: string[];
}

/** One search entry: original text for snippets, folded text under the text index. */
export interface SearchEntryDoc {
  _id: string;
  kind: string;
  meetingId: string;
  title: string;
  body: string;
  foldedTitle: string;
  foldedBody: string;
}

export interface ParticipantDoc {
  _id: string;
  meetingId: string;
  userId: string | null;
  guest: Record<string, unknown> | null;
  role: string;
  votingRight: boolean;
  seat: string | null;
  deputyForId: string | null;
  createdAt: string;
}

export interface DocumentDoc {
  _id: string;
  meetingId: string;
  agendaItemId: string | null;
  chainId: string;
  name: string;
  sha256: string;
  size: number;
  pages: number;
  classification: { openBy: string; download: boolean; watermark: boolean };
  versionNo: number;
  previousId: string | null;
  latest: boolean;
  optimized: boolean;
  uploadedBy: string;
  createdAt: string;
  createdAtMs: number;
  updatedAt: string;
  version: number;
}

/** Page texts of one stored content, keyed by its sha256. */
export interface DocumentTextDoc {
  _id: string;
  pages: string[];
}

/** The Vietnamese collation, for sorting names the way Intl.Collator('vi') does. */
export const VI_COLLATION = { locale: 'vi' } as const;

/**
 * Common schema options: no mongoose `__v` (records carry their own `version`), unknown
 * filter paths rejected from queries, and empty objects kept (an audit entry may have `{}`).
 */
const options = (collection: string) => ({
  collection,
  versionKey: false as const,
  strictQuery: true,
  minimize: false,
  id: false,
});

const str = { type: String, required: true } as const;
// Mongoose's `required` also rejects '', which SQLite stores happily (a genesis prevHash may be
// empty); free text is therefore not `required`, the port's types already demand it.
const text = { type: String } as const;
const nullableStr = { type: String, default: null } as const;
const bool = { type: Boolean, required: true } as const;
const num = { type: Number, required: true } as const;

const userSchema = new Schema<UserDoc>(
  {
    _id: str,
    username: str,
    fullName: text,
    title: nullableStr,
    unitId: nullableStr,
    email: nullableStr,
    phone: nullableStr,
    systemRole: str,
    active: bool,
    passwordHash: text,
    mustChangePassword: bool,
    lastLoginAt: nullableStr,
    createdAt: str,
    updatedAt: str,
    version: num,
    search: str,
  },
  options('users'),
);
userSchema.index({ username: 1 }, { unique: true });
userSchema.index({ unitId: 1 });
userSchema.index({ systemRole: 1, active: 1 });
userSchema.index({ fullName: 1, username: 1 }, { collation: VI_COLLATION });

const unitSchema = new Schema<UnitDoc>(
  {
    _id: str,
    code: str,
    name: text,
    parentId: nullableStr,
    active: bool,
    createdAt: str,
    updatedAt: str,
    version: num,
  },
  options('units'),
);
unitSchema.index({ code: 1 }, { unique: true });

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: str,
    userId: str,
    createdAt: str,
    lastSeenAt: str,
    expiresAt: str,
    lastSeenAtMs: num,
    expiresAtMs: num,
    ip: nullableStr,
    userAgent: nullableStr,
  },
  options('sessions'),
);
sessionSchema.index({ userId: 1 });
// Expiry is enforced by deleteExpired (which reports how many it removed), not by a MongoDB
// TTL index: a TTL monitor would delete on its own schedule, and needs Date fields.
sessionSchema.index({ expiresAtMs: 1 });
sessionSchema.index({ lastSeenAtMs: 1 });

const auditSchema = new Schema<AuditDoc>(
  {
    seq: num,
    at: str,
    actorId: nullableStr,
    action: str,
    targetType: nullableStr,
    targetId: nullableStr,
    data: { type: Schema.Types.Mixed, required: true },
    ip: nullableStr,
    prevHash: text,
    hash: text,
  },
  options('audit_log'),
);
auditSchema.index({ seq: 1 }, { unique: true });

const meetingSchema = new Schema<MeetingDoc>(
  {
    _id: str,
    title: text,
    kind: str,
    location: nullableStr,
    startsAt: str,
    endsAt: str,
    startsAtMs: num,
    endsAtMs: num,
    status: str,
    confidentiality: str,
    chairId: nullableStr,
    quorumRule: { type: Schema.Types.Mixed, required: true },
    statusReason: nullableStr,
    description: nullableStr,
    agendaVersion: { type: Number, default: 0 },
    seriesId: nullableStr,
    sharedAnnotationsOpen: { type: Boolean, default: false },
    startedAt: nullableStr,
    endedAt: nullableStr,
    search: { type: String, default: '' },
    createdBy: str,
    createdAt: str,
    updatedAt: str,
    version: num,
  },
  options('meetings'),
);
meetingSchema.index({ startsAtMs: 1, _id: 1 });
meetingSchema.index({ status: 1, startsAtMs: 1 });
meetingSchema.index({ confidentiality: 1 });

const agendaItemSchema = new Schema<AgendaItemDoc>(
  {
    _id: str,
    meetingId: str,
    parentId: nullableStr,
    order: num,
    title: text,
    description: nullableStr,
    presenterId: nullableStr,
    presenterName: nullableStr,
    plannedMinutes: num,
    actualStart: nullableStr,
    actualEnd: nullableStr,
    createdAt: str,
    updatedAt: str,
  },
  options('agenda_items'),
);
agendaItemSchema.index({ meetingId: 1, order: 1 });
agendaItemSchema.index({ parentId: 1 });

const agendaRevisionSchema = new Schema<AgendaRevisionDoc>(
  {
    meetingId: str,
    version: num,
    at: str,
    by: { type: Schema.Types.Mixed, required: true },
    summary: { type: [String], default: [] },
  },
  options('agenda_revisions'),
);
agendaRevisionSchema.index({ meetingId: 1, version: 1 }, { unique: true });

const searchEntrySchema = new Schema<SearchEntryDoc>(
  {
    _id: str,
    kind: str,
    meetingId: str,
    title: text,
    body: text,
    foldedTitle: text,
    foldedBody: text,
  },
  options('search_entries'),
);
// The text is folded before it is stored, so no language stemming: default_language 'none'.
searchEntrySchema.index(
  { foldedTitle: 'text', foldedBody: 'text' },
  { weights: { foldedTitle: 5, foldedBody: 1 }, default_language: 'none', name: 'search_text' },
);
searchEntrySchema.index({ meetingId: 1 });

const participantSchema = new Schema<ParticipantDoc>(
  {
    _id: str,
    meetingId: str,
    userId: nullableStr,
    guest: { type: Schema.Types.Mixed, default: null },
    role: str,
    votingRight: bool,
    seat: nullableStr,
    deputyForId: nullableStr,
    createdAt: str,
  },
  options('participants'),
);
// A user once per meeting; guests (userId null) are not covered by the partial index.
participantSchema.index(
  { meetingId: 1, userId: 1 },
  { unique: true, partialFilterExpression: { userId: { $type: 'string' } } },
);
participantSchema.index({ meetingId: 1, createdAt: 1 });
participantSchema.index({ userId: 1 });

const documentSchema = new Schema<DocumentDoc>(
  {
    _id: str,
    meetingId: str,
    agendaItemId: nullableStr,
    chainId: str,
    name: text,
    sha256: str,
    size: num,
    pages: num,
    classification: { type: Schema.Types.Mixed, required: true },
    versionNo: num,
    previousId: nullableStr,
    latest: bool,
    optimized: bool,
    uploadedBy: str,
    createdAt: str,
    createdAtMs: num,
    updatedAt: str,
    version: num,
  },
  options('documents'),
);
documentSchema.index({ meetingId: 1, latest: 1, createdAtMs: 1 });
// One latest version per chain, and version numbers unique within a chain.
documentSchema.index(
  { chainId: 1 },
  { unique: true, partialFilterExpression: { latest: true }, name: 'chain_latest' },
);
documentSchema.index({ chainId: 1, versionNo: 1 }, { unique: true });
documentSchema.index({ sha256: 1 });
documentSchema.index({ agendaItemId: 1 });

const documentTextSchema = new Schema<DocumentTextDoc>(
  { _id: str, pages: { type: [String], default: [] } },
  options('document_texts'),
);

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
