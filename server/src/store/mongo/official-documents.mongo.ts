import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { DuplicateKeyError, RecordNotFoundError } from '../port.js';
import type {
  OfficialDocumentRecord,
  OfficialDocumentsRepo,
  OfficialDocumentType,
} from '../official-documents.port.js';
import type { MeetingDoc } from './models.js';
import { mapMongoError } from './mongo-errors.js';

export interface DocumentRegisterDoc {
  /** `<type>:<year>`. */
  _id: string;
  type: string;
  year: number;
  lastNumber: number;
}

export interface OfficialDocumentDoc extends OfficialDocumentRecord {
  /** `<meetingId>:<type>`: one document of a type per meeting. */
  _id: string;
}

export const documentRegisterSchema = new Schema<DocumentRegisterDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    year: { type: Number, required: true },
    lastNumber: { type: Number, required: true },
  },
  { collection: 'documentRegisters', versionKey: false },
);

export const officialDocumentSchema = new Schema<OfficialDocumentDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true },
    type: { type: String, required: true },
    year: { type: Number, required: true },
    number: { type: Number, required: true },
    symbol: { type: String, required: true },
    issuedAt: { type: String, required: true },
    issuedBy: { type: String, default: null },
  },
  { collection: 'officialDocuments', versionKey: false },
);
officialDocumentSchema.index({ type: 1, year: 1, number: 1 }, { unique: true, name: 'register_number' });

const toRecord = (d: OfficialDocumentDoc): OfficialDocumentRecord => ({
  meetingId: d.meetingId,
  type: d.type,
  year: d.year,
  number: d.number,
  symbol: d.symbol,
  issuedAt: d.issuedAt,
  issuedBy: d.issuedBy ?? null,
});

/** The registers on MongoDB: an atomic `$inc` with upsert on one counter document per type and year. */
export class MongoOfficialDocumentsRepo implements OfficialDocumentsRepo {
  constructor(
    private readonly registers: Model<DocumentRegisterDoc>,
    private readonly documents: Model<OfficialDocumentDoc>,
    private readonly meetings: Model<MeetingDoc>,
  ) {}

  async nextNumber(type: OfficialDocumentType, year: number): Promise<number> {
    const _id = `${type}:${year}`;
    // Two first calls may both try to insert the counter; the loser retries and increments it.
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.registers
          .findOneAndUpdate(
            { _id },
            { $inc: { lastNumber: 1 }, $setOnInsert: { type, year } },
            { upsert: true, new: true },
          )
          .lean<DocumentRegisterDoc>();
        if (!doc) throw new Error(`register ${_id} returned no number`);
        return doc.lastNumber;
      } catch (e) {
        if (attempt < 2 && mapMongoError(e) instanceof DuplicateKeyError) continue;
        throw e;
      }
    }
  }

  async get(meetingId: string, type: OfficialDocumentType): Promise<OfficialDocumentRecord | null> {
    const d = await this.documents.findById(`${meetingId}:${type}`).lean<OfficialDocumentDoc>();
    return d ? toRecord(d) : null;
  }

  async create(record: OfficialDocumentRecord): Promise<OfficialDocumentRecord> {
    if (!(await this.meetings.exists({ _id: record.meetingId }))) {
      throw new RecordNotFoundError('meeting', record.meetingId);
    }
    try {
      await this.documents.create({ _id: `${record.meetingId}:${record.type}`, ...record });
    } catch (e) {
      const mapped = mapMongoError(e);
      if (mapped instanceof DuplicateKeyError) {
        throw new DuplicateKeyError(mapped.field === 'id' ? 'meeting_type' : 'number');
      }
      throw mapped;
    }
    return { ...record };
  }
}
