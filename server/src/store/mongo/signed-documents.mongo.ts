import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { SignableDocumentType } from '@icabinet/shared';
import { DuplicateKeyError, RecordNotFoundError } from '../port.js';
import type { SignedDocumentRecord, SignedDocumentsRepo } from '../signed-documents.port.js';
import type { MeetingDoc } from './models.js';
import { mapMongoError } from './mongo-errors.js';

export interface SignedDocumentDoc extends Omit<SignedDocumentRecord, 'pdf'> {
  /** `<meetingId>:<type>`. */
  _id: string;
  pdf: Buffer;
}

export const signedDocumentSchema = new Schema<SignedDocumentDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true },
    type: { type: String, required: true },
    fileName: { type: String, required: true },
    pdf: { type: Buffer, required: true },
    revision: { type: Number, required: true },
    signatures: { type: Schema.Types.Mixed, required: true },
    area: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'signedDocuments', versionKey: false },
);

const toRecord = (d: SignedDocumentDoc): SignedDocumentRecord => ({
  meetingId: d.meetingId,
  type: d.type,
  fileName: d.fileName,
  // lean() answers a BSON Binary for a Buffer path.
  pdf: Buffer.isBuffer(d.pdf) ? d.pdf : Buffer.from((d.pdf as unknown as { buffer: Uint8Array }).buffer),
  revision: d.revision,
  signatures: d.signatures,
  area: d.area,
  updatedAt: d.updatedAt,
});

/** Signed documents on MongoDB: the revision in the update's filter makes signing race-free. */
export class MongoSignedDocumentsRepo implements SignedDocumentsRepo {
  constructor(
    private readonly documents: Model<SignedDocumentDoc>,
    private readonly meetings: Model<MeetingDoc>,
  ) {}

  async get(meetingId: string, type: SignableDocumentType): Promise<SignedDocumentRecord | null> {
    const d = await this.documents.findById(`${meetingId}:${type}`).lean<SignedDocumentDoc>();
    return d ? toRecord(d) : null;
  }

  async save(record: SignedDocumentRecord): Promise<boolean> {
    if (!(await this.meetings.exists({ _id: record.meetingId }))) {
      throw new RecordNotFoundError('meeting', record.meetingId);
    }
    const _id = `${record.meetingId}:${record.type}`;
    if (record.revision === 1) {
      try {
        await this.documents.create({ _id, ...record });
        return true;
      } catch (e) {
        if (mapMongoError(e) instanceof DuplicateKeyError) return false;
        throw e;
      }
    }
    const res = await this.documents.updateOne(
      { _id, revision: record.revision - 1 },
      { $set: { ...record } },
    );
    return res.modifiedCount === 1;
  }
}
