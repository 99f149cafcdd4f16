import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { MajorityRule, OpinionAnswer, OpinionResponse, OpinionStatus } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  OpinionDraftFields,
  OpinionRecipientRecord,
  OpinionRequestPatch,
  OpinionRequestRecord,
  OpinionsRepo,
} from '../opinions.port.js';
import { mapMongoError } from './mongo-errors.js';
import { nullableStr, num, options, str, text } from './models.common.js';

export interface OpinionRequestDoc {
  _id: string;
  meetingId: string;
  documentId: string;
  title: string;
  note: string | null;
  deadline: string;
  rule: MajorityRule;
  status: OpinionStatus;
  questions: { id: string; text: string }[];
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
  version: number;
}

export interface OpinionRecipientDoc {
  _id: string;
  requestId: string;
  participantId: string;
  userId: string | null;
  name: string;
  title: string | null;
  email: string | null;
  answers: OpinionAnswer[];
  responses: OpinionResponse[];
  answeredAt: string | null;
  answeredVia: 'link' | 'app' | null;
  tokenHash: string;
  createdAt: string;
  seq: number;
}

export const opinionRequestSchema = new Schema<OpinionRequestDoc>(
  {
    _id: str,
    meetingId: str,
    documentId: str,
    title: text,
    note: nullableStr,
    deadline: str,
    rule: str,
    status: str,
    questions: { type: Schema.Types.Mixed, required: true },
    createdBy: str,
    createdAt: str,
    sentAt: nullableStr,
    updatedAt: str,
    version: num,
  },
  options('opinionRequests'),
);
opinionRequestSchema.index({ meetingId: 1, createdAt: -1 });

export const opinionRecipientSchema = new Schema<OpinionRecipientDoc>(
  {
    _id: str,
    requestId: str,
    participantId: str,
    userId: nullableStr,
    name: text,
    title: nullableStr,
    email: nullableStr,
    answers: { type: Schema.Types.Mixed, default: [] },
    responses: { type: Schema.Types.Mixed, default: [] },
    answeredAt: nullableStr,
    answeredVia: nullableStr,
    tokenHash: str,
    createdAt: str,
    seq: num,
  },
  options('opinionRecipients'),
);
opinionRecipientSchema.index({ tokenHash: 1 }, { unique: true });
opinionRecipientSchema.index({ requestId: 1, participantId: 1 }, { unique: true });
opinionRecipientSchema.index({ requestId: 1, seq: 1 });
opinionRecipientSchema.index({ userId: 1, createdAt: -1 });

const toRequest = (d: OpinionRequestDoc): OpinionRequestRecord => ({
  id: d._id,
  meetingId: d.meetingId,
  documentId: d.documentId,
  title: d.title,
  note: d.note,
  deadline: d.deadline,
  rule: d.rule,
  status: d.status,
  questions: d.questions.map((q) => ({ id: q.id, text: q.text })),
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  sentAt: d.sentAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

const toRecipient = (d: OpinionRecipientDoc): OpinionRecipientRecord => ({
  id: d._id,
  requestId: d.requestId,
  participantId: d.participantId,
  userId: d.userId,
  name: d.name,
  title: d.title,
  email: d.email,
  answers: d.answers ?? [],
  responses: d.responses ?? [],
  answeredAt: d.answeredAt,
  answeredVia: d.answeredVia,
  tokenHash: d.tokenHash,
  createdAt: d.createdAt,
});

/**
 * Requests for written opinions on MongoDB: one collection of requests, one of recipients. A
 * request and its recipients are written together inside the caller's Store.transaction.
 */
export class MongoOpinionsRepo implements OpinionsRepo {
  constructor(
    private readonly requests: Model<OpinionRequestDoc>,
    private readonly recipientsModel: Model<OpinionRecipientDoc>,
  ) {}

  async create(request: OpinionRequestRecord, recipients: OpinionRecipientRecord[]): Promise<void> {
    const { id, ...rest } = request;
    try {
      await this.requests.create([{ _id: id, ...rest }]);
      if (recipients.length > 0)
        await this.recipientsModel.insertMany(
          recipients.map(({ id: rid, ...r }, seq) => ({ _id: rid, ...r, requestId: id, seq })),
        );
    } catch (e) {
      throw mapMongoError(e);
    }
  }

  async replaceDraft(
    id: string,
    fields: OpinionDraftFields,
    recipients: OpinionRecipientRecord[],
    expectedVersion: number,
    now: string,
  ): Promise<OpinionRequestRecord> {
    const d = await this.requests
      .findOneAndUpdate(
        { _id: id, version: expectedVersion, status: 'draft' },
        { $set: { ...fields, updatedAt: now }, $inc: { version: 1 } },
        { new: true },
      )
      .lean<OpinionRequestDoc>();
    if (!d) {
      if (!(await this.requests.exists({ _id: id }))) throw new RecordNotFoundError('opinion_request', id);
      throw new VersionConflictError('opinion_request', id);
    }
    try {
      await this.recipientsModel.deleteMany({ requestId: id });
      if (recipients.length > 0)
        await this.recipientsModel.insertMany(
          recipients.map(({ id: rid, ...r }, seq) => ({ _id: rid, ...r, requestId: id, seq })),
        );
    } catch (e) {
      throw mapMongoError(e);
    }
    return toRequest(d);
  }

  async removeDraft(id: string, expectedVersion: number): Promise<void> {
    const gone = await this.requests.deleteOne({ _id: id, version: expectedVersion, status: 'draft' });
    if (gone.deletedCount !== 1) {
      if (!(await this.requests.exists({ _id: id }))) throw new RecordNotFoundError('opinion_request', id);
      throw new VersionConflictError('opinion_request', id);
    }
    await this.recipientsModel.deleteMany({ requestId: id });
  }

  async getById(id: string): Promise<OpinionRequestRecord | null> {
    const d = await this.requests.findById(id).lean<OpinionRequestDoc>();
    return d ? toRequest(d) : null;
  }

  async listByMeeting(meetingId: string): Promise<OpinionRequestRecord[]> {
    const docs = await this.requests
      .find({ meetingId })
      .sort({ createdAt: -1, _id: 1 })
      .lean<OpinionRequestDoc[]>();
    return docs.map(toRequest);
  }

  async update(
    id: string,
    patch: OpinionRequestPatch,
    expectedVersion: number,
    now: string,
  ): Promise<OpinionRequestRecord> {
    const set: Partial<OpinionRequestDoc> = { updatedAt: now };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.sentAt !== undefined) set.sentAt = patch.sentAt;
    const d = await this.requests
      .findOneAndUpdate(
        { _id: id, version: expectedVersion },
        { $set: set, $inc: { version: 1 } },
        { new: true },
      )
      .lean<OpinionRequestDoc>();
    if (d) return toRequest(d);
    if (!(await this.requests.exists({ _id: id }))) throw new RecordNotFoundError('opinion_request', id);
    throw new VersionConflictError('opinion_request', id);
  }

  async recipients(requestId: string): Promise<OpinionRecipientRecord[]> {
    const docs = await this.recipientsModel
      .find({ requestId })
      .sort({ seq: 1 })
      .lean<OpinionRecipientDoc[]>();
    return docs.map(toRecipient);
  }

  async getRecipient(id: string): Promise<OpinionRecipientRecord | null> {
    const d = await this.recipientsModel.findById(id).lean<OpinionRecipientDoc>();
    return d ? toRecipient(d) : null;
  }

  async getRecipientByTokenHash(tokenHash: string): Promise<OpinionRecipientRecord | null> {
    const d = await this.recipientsModel.findOne({ tokenHash }).lean<OpinionRecipientDoc>();
    return d ? toRecipient(d) : null;
  }

  async listRecipientsByUser(userId: string): Promise<OpinionRecipientRecord[]> {
    const docs = await this.recipientsModel
      .find({ userId })
      .sort({ createdAt: -1, _id: 1 })
      .lean<OpinionRecipientDoc[]>();
    return docs.map(toRecipient);
  }

  async saveAnswers(
    recipientId: string,
    answers: OpinionAnswer[],
    answeredAt: string,
    via: 'link' | 'app',
  ): Promise<OpinionRecipientRecord> {
    const d = await this.recipientsModel
      .findOneAndUpdate(
        { _id: recipientId },
        { $set: { answers, answeredAt, answeredVia: via } },
        { new: true },
      )
      .lean<OpinionRecipientDoc>();
    if (!d) throw new RecordNotFoundError('opinion_recipient', recipientId);
    return toRecipient(d);
  }

  async setResponse(
    recipientId: string,
    questionId: string,
    response: OpinionResponse | null,
  ): Promise<OpinionRecipientRecord> {
    // Two atomic steps on one document: take the old response out, put the new one in.
    const pulled = await this.recipientsModel
      .findOneAndUpdate({ _id: recipientId }, { $pull: { responses: { questionId } } }, { new: true })
      .lean<OpinionRecipientDoc>();
    if (!pulled) throw new RecordNotFoundError('opinion_recipient', recipientId);
    if (!response) return toRecipient(pulled);
    const d = await this.recipientsModel
      .findOneAndUpdate(
        { _id: recipientId },
        { $push: { responses: { ...response, questionId } } },
        { new: true },
      )
      .lean<OpinionRecipientDoc>();
    return toRecipient(d ?? pulled);
  }
}
