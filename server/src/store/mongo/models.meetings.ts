import { Schema } from 'mongoose';
import { bool, nullableStr, num, options, str, text } from './models.common.js';

/** Meetings, agenda, participants, documents and search entries as stored (see models.ts). */
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
  deputiesMayVote?: boolean;
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
  /** An issued official document: never replaced, renamed or deleted. */
  readOnly?: boolean;
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

export const meetingSchema = new Schema<MeetingDoc>(
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
    deputiesMayVote: { type: Boolean, default: false },
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

export const agendaItemSchema = new Schema<AgendaItemDoc>(
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

export const agendaRevisionSchema = new Schema<AgendaRevisionDoc>(
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

export const searchEntrySchema = new Schema<SearchEntryDoc>(
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

export const participantSchema = new Schema<ParticipantDoc>(
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

export const documentSchema = new Schema<DocumentDoc>(
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
    readOnly: { type: Boolean, default: false },
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

export const documentTextSchema = new Schema<DocumentTextDoc>(
  { _id: str, pages: { type: [String], default: [] } },
  options('document_texts'),
);
