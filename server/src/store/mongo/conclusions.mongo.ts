import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { ConclusionNoticeRecord, ConclusionRecord, ConclusionsRepo } from '../conclusions.port.js';
import type { AgendaItemDoc, MeetingDoc } from './models.js';
import { mapMongoError } from './mongo-errors.js';
import { DuplicateKeyError } from '../port.js';

export interface ConclusionDoc extends Omit<ConclusionRecord, 'id'> {
  _id: string;
}

export interface ConclusionNoticeDoc extends Omit<ConclusionNoticeRecord, 'meetingId'> {
  /** The meeting's id: one notice per meeting. */
  _id: string;
}

export const conclusionSchema = new Schema<ConclusionDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true },
    agendaItemId: { type: String, required: true },
    points: { type: [{ _id: false, id: String, text: String }], required: true },
    version: { type: Number, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'conclusions', versionKey: false },
);
conclusionSchema.index({ meetingId: 1, agendaItemId: 1 }, { unique: true, name: 'conclusion_item' });

export const conclusionNoticeSchema = new Schema<ConclusionNoticeDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    version: { type: Number, required: true },
    signed: { type: Schema.Types.Mixed, default: null },
    documentId: { type: String, default: null },
    issuedAt: { type: String, default: null },
    history: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'conclusionNotices', versionKey: false },
);

const toRecord = (d: ConclusionDoc): ConclusionRecord => ({
  id: d._id,
  meetingId: d.meetingId,
  agendaItemId: d.agendaItemId,
  points: d.points.map((p) => ({ id: p.id, text: p.text })),
  version: d.version,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  updatedBy: d.updatedBy,
});

const toNotice = (d: ConclusionNoticeDoc): ConclusionNoticeRecord => ({
  meetingId: d._id,
  state: d.state,
  version: d.version,
  signed: d.signed ?? null,
  documentId: d.documentId ?? null,
  issuedAt: d.issuedAt ?? null,
  history: d.history,
  updatedAt: d.updatedAt,
});

/** Conclusions and notices on MongoDB: a conditional `findOneAndUpdate` on the version read. */
export class MongoConclusionsRepo implements ConclusionsRepo {
  constructor(
    private readonly conclusions: Model<ConclusionDoc>,
    private readonly notices: Model<ConclusionNoticeDoc>,
    private readonly meetings: Model<MeetingDoc>,
    private readonly agendaItems: Model<AgendaItemDoc>,
  ) {}

  async listByMeeting(meetingId: string): Promise<ConclusionRecord[]> {
    return (await this.conclusions.find({ meetingId }).lean<ConclusionDoc[]>()).map(toRecord);
  }

  async get(meetingId: string, agendaItemId: string): Promise<ConclusionRecord | null> {
    const d = await this.conclusions.findOne({ meetingId, agendaItemId }).lean<ConclusionDoc>();
    return d ? toRecord(d) : null;
  }

  async save(record: ConclusionRecord, expectedVersion: number): Promise<ConclusionRecord> {
    const { id, ...rest } = record;
    if (expectedVersion === 0) {
      if (!(await this.agendaItems.exists({ _id: record.agendaItemId, meetingId: record.meetingId }))) {
        throw new RecordNotFoundError('agenda_item', record.agendaItemId);
      }
      try {
        await this.conclusions.create({ _id: id, ...rest });
      } catch (e) {
        if (mapMongoError(e) instanceof DuplicateKeyError) {
          throw new VersionConflictError('conclusion', record.agendaItemId);
        }
        throw e;
      }
      return { ...record };
    }
    const written = await this.conclusions
      .findOneAndUpdate(
        { meetingId: record.meetingId, agendaItemId: record.agendaItemId, version: expectedVersion },
        {
          $set: {
            points: rest.points,
            version: rest.version,
            updatedAt: rest.updatedAt,
            updatedBy: rest.updatedBy,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<ConclusionDoc>();
    if (!written) throw new VersionConflictError('conclusion', record.agendaItemId);
    return toRecord(written);
  }

  getNotice(meetingId: string): Promise<ConclusionNoticeRecord | null> {
    return getApprovalDoc(this.notices, meetingId);
  }

  saveNotice(record: ConclusionNoticeRecord, expectedVersion: number): Promise<ConclusionNoticeRecord> {
    return saveApprovalDoc(this.notices, this.meetings, record, expectedVersion, 'conclusion_notice');
  }
}

/** An approval record (the notice's, the minutes') by its meeting's id. */
export async function getApprovalDoc(
  model: Model<ConclusionNoticeDoc>,
  meetingId: string,
): Promise<ConclusionNoticeRecord | null> {
  const d = await model.findById(meetingId).lean<ConclusionNoticeDoc>();
  return d ? toNotice(d) : null;
}

/** Stores an approval record on the version read (0: the first), as `ConclusionsRepo.saveNotice` says. */
export async function saveApprovalDoc(
  model: Model<ConclusionNoticeDoc>,
  meetings: Model<MeetingDoc>,
  record: ConclusionNoticeRecord,
  expectedVersion: number,
  entity: string,
): Promise<ConclusionNoticeRecord> {
  const { meetingId, ...rest } = record;
  if (expectedVersion === 0) {
    if (!(await meetings.exists({ _id: meetingId }))) throw new RecordNotFoundError('meeting', meetingId);
    try {
      await model.create({ _id: meetingId, ...rest });
    } catch (e) {
      if (mapMongoError(e) instanceof DuplicateKeyError) throw new VersionConflictError(entity, meetingId);
      throw e;
    }
    return { ...record };
  }
  const written = await model
    .findOneAndUpdate(
      { _id: meetingId, version: expectedVersion },
      { $set: rest },
      { returnDocument: 'after' },
    )
    .lean<ConclusionNoticeDoc>();
  if (!written) throw new VersionConflictError(entity, meetingId);
  return toNotice(written);
}
