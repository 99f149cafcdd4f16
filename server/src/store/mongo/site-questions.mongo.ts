import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { DuplicateKeyError, RecordNotFoundError, VersionConflictError } from '../port.js';
import type { SiteQuestionPatch, SiteQuestionRecord, SiteQuestionsRepo } from '../site-questions.port.js';
import { mapDuplicates } from './mongo-errors.js';

export interface SiteQuestionDoc extends Omit<SiteQuestionRecord, 'id'> {
  _id: string;
}

export const siteQuestionSchema = new Schema<SiteQuestionDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true },
    siteId: { type: String, required: true },
    number: { type: Number, required: true },
    kind: { type: String, required: true },
    text: { type: String, default: null },
    status: { type: String, required: true },
    askedBy: { type: String, required: true },
    askedAt: { type: String, required: true },
    answer: { type: String, default: null },
    closedBy: { type: String, default: null },
    floorAt: { type: String, default: null },
    closedAt: { type: String, default: null },
    version: { type: Number, required: true },
  },
  { collection: 'siteQuestions', versionKey: false },
);
siteQuestionSchema.index({ meetingId: 1, number: 1 }, { unique: true });
// At most one question of a meeting holds the floor.
siteQuestionSchema.index(
  { meetingId: 1 },
  { unique: true, name: 'site_questions_floor', partialFilterExpression: { status: 'floor' } },
);

const toRecord = (d: SiteQuestionDoc): SiteQuestionRecord => ({
  id: d._id,
  meetingId: d.meetingId,
  siteId: d.siteId,
  number: d.number,
  kind: d.kind,
  text: d.text ?? null,
  status: d.status,
  askedBy: d.askedBy,
  askedAt: d.askedAt,
  answer: d.answer ?? null,
  closedBy: d.closedBy ?? null,
  floorAt: d.floorAt ?? null,
  closedAt: d.closedAt ?? null,
  version: d.version,
});

/** The floor index names only `meetingId`: a duplicate there means a second floor. */
const floorDuplicate = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await mapDuplicates(write);
  } catch (e) {
    if (e instanceof DuplicateKeyError && e.field === 'meetingId') throw new DuplicateKeyError('floor');
    throw e;
  }
};

/** The questions-from-sites repository on MongoDB (collection `siteQuestions`). */
export class MongoSiteQuestionsRepo implements SiteQuestionsRepo {
  constructor(private readonly questions: Model<SiteQuestionDoc>) {}

  async create(question: SiteQuestionRecord): Promise<void> {
    const { id, ...rest } = question;
    await floorDuplicate(() => this.questions.create([{ _id: id, ...rest }]));
  }

  async getById(id: string): Promise<SiteQuestionRecord | null> {
    const d = await this.questions.findById(id).lean<SiteQuestionDoc>();
    return d ? toRecord(d) : null;
  }

  async listByMeeting(meetingId: string): Promise<SiteQuestionRecord[]> {
    const docs = await this.questions.find({ meetingId }).sort({ number: 1 }).lean<SiteQuestionDoc[]>();
    return docs.map(toRecord);
  }

  async lastNumber(meetingId: string): Promise<number> {
    const d = await this.questions.findOne({ meetingId }).sort({ number: -1 }).lean<SiteQuestionDoc>();
    return d?.number ?? 0;
  }

  async update(id: string, patch: SiteQuestionPatch, expectedVersion: number): Promise<SiteQuestionRecord> {
    const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const written = await floorDuplicate(() =>
      this.questions
        .findOneAndUpdate(
          { _id: id, version: expectedVersion },
          { $set: fields, $inc: { version: 1 } },
          { returnDocument: 'after' },
        )
        .lean<SiteQuestionDoc>(),
    );
    if (written) return toRecord(written);
    if (await this.questions.exists({ _id: id })) throw new VersionConflictError('site_question', id);
    throw new RecordNotFoundError('site_question', id);
  }
}
