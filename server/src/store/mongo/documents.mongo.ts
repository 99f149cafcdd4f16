import type { Model } from 'mongoose';
import type { DocumentClassification } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { DocumentListOptions, DocumentPatch, DocumentRecord, DocumentsRepo } from '../documents.port.js';
import type { DocumentDoc, DocumentTextDoc, MeetingDoc } from './models.js';
import { mapDuplicates } from './mongo-errors.js';

const toRecord = (d: DocumentDoc): DocumentRecord => ({
  id: d._id,
  meetingId: d.meetingId,
  agendaItemId: d.agendaItemId,
  chainId: d.chainId,
  name: d.name,
  sha256: d.sha256,
  size: d.size,
  pages: d.pages,
  mime: 'application/pdf',
  classification: d.classification as DocumentClassification,
  versionNo: d.versionNo,
  previousId: d.previousId,
  latest: d.latest,
  optimized: d.optimized,
  ...(d.readOnly ? { readOnly: true } : {}),
  uploadedBy: d.uploadedBy,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

const toDoc = (r: DocumentRecord): DocumentDoc => ({
  _id: r.id,
  meetingId: r.meetingId,
  agendaItemId: r.agendaItemId,
  chainId: r.chainId,
  name: r.name,
  sha256: r.sha256,
  size: r.size,
  pages: r.pages,
  classification: { ...r.classification },
  versionNo: r.versionNo,
  previousId: r.previousId,
  latest: r.latest,
  optimized: r.optimized,
  readOnly: r.readOnly === true,
  uploadedBy: r.uploadedBy,
  createdAt: r.createdAt,
  createdAtMs: Date.parse(r.createdAt),
  updatedAt: r.updatedAt,
  version: r.version,
});

/** Meeting documents (one record per version) and their page texts on MongoDB. */
export class MongoDocumentsRepo implements DocumentsRepo {
  constructor(
    private readonly model: Model<DocumentDoc>,
    private readonly texts: Model<DocumentTextDoc>,
    private readonly meetings: Model<MeetingDoc>,
  ) {}

  async create(doc: DocumentRecord): Promise<DocumentRecord> {
    // No foreign keys in MongoDB: check the meeting, as the SQLite foreign key does.
    if (!(await this.meetings.exists({ _id: doc.meetingId })))
      throw new RecordNotFoundError('meeting', doc.meetingId);
    await mapDuplicates(() => this.model.create(toDoc(doc)));
    return doc;
  }

  /**
   * Retires the previous latest with a conditional update (only one writer can win it), then
   * inserts the new version; if the insert fails the previous version is made latest again.
   * The partial unique index on chainId keeps one latest per chain in any case.
   */
  async addVersion(doc: DocumentRecord, now: string): Promise<DocumentRecord> {
    if (!(await this.meetings.exists({ _id: doc.meetingId })))
      throw new RecordNotFoundError('meeting', doc.meetingId);
    const previous = doc.previousId ? await this.model.findById(doc.previousId).lean<DocumentDoc>() : null;
    if (!previous || previous.chainId !== doc.chainId)
      throw new RecordNotFoundError('document', doc.previousId ?? '');
    const retired = await this.model.updateOne(
      { _id: previous._id, latest: true },
      { $set: { latest: false, updatedAt: now }, $inc: { version: 1 } },
    );
    if (retired.modifiedCount === 0) throw new VersionConflictError('document', previous._id);
    try {
      await mapDuplicates(() => this.model.create(toDoc(doc)));
    } catch (e) {
      await this.model.updateOne(
        { _id: previous._id },
        { $set: { latest: true, updatedAt: previous.updatedAt }, $inc: { version: -1 } },
      );
      throw e;
    }
    return doc;
  }

  async getById(id: string): Promise<DocumentRecord | null> {
    const doc = await this.model.findById(id).lean<DocumentDoc>();
    return doc ? toRecord(doc) : null;
  }

  async listByMeeting(meetingId: string, options: DocumentListOptions = {}): Promise<DocumentRecord[]> {
    const filter = options.all ? { meetingId } : { meetingId, latest: true };
    const sort: Record<string, 1> = options.all
      ? { createdAtMs: 1, chainId: 1, versionNo: 1 }
      : { createdAtMs: 1, _id: 1 };
    const docs = await this.model.find(filter).sort(sort).lean<DocumentDoc[]>();
    return docs.map(toRecord);
  }

  countByMeeting(meetingId: string): Promise<number> {
    return this.model.countDocuments({ meetingId, latest: true });
  }

  async countByMeetings(meetingIds: string[]): Promise<Map<string, number>> {
    const out = new Map(meetingIds.map((id) => [id, 0]));
    if (meetingIds.length === 0) return out;
    const rows = await this.model.aggregate<{ _id: string; n: number }>([
      { $match: { meetingId: { $in: meetingIds }, latest: true } },
      { $group: { _id: '$meetingId', n: { $sum: 1 } } },
    ]);
    for (const r of rows) out.set(r._id, r.n);
    return out;
  }

  async listChain(chainId: string): Promise<DocumentRecord[]> {
    const docs = await this.model.find({ chainId }).sort({ versionNo: 1 }).lean<DocumentDoc[]>();
    return docs.map(toRecord);
  }

  async update(
    id: string,
    patch: DocumentPatch,
    expectedVersion: number,
    now: string,
  ): Promise<DocumentRecord> {
    const set: Record<string, unknown> = { updatedAt: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.agendaItemId !== undefined) set.agendaItemId = patch.agendaItemId;
    if (patch.classification !== undefined) set.classification = { ...patch.classification };
    const doc = await this.model
      .findOneAndUpdate(
        { _id: id, version: expectedVersion },
        { $set: set, $inc: { version: 1 } },
        { new: true },
      )
      .lean<DocumentDoc>();
    if (doc) return toRecord(doc);
    if (await this.model.exists({ _id: id })) throw new VersionConflictError('document', id);
    throw new RecordNotFoundError('document', id);
  }

  async removeChain(chainId: string): Promise<DocumentRecord[]> {
    const docs = await this.model.find({ chainId }).sort({ versionNo: 1 }).lean<DocumentDoc[]>();
    await this.model.deleteMany({ chainId });
    return docs.map(toRecord);
  }

  async unlinkAgendaItem(agendaItemId: string, now: string): Promise<number> {
    const res = await this.model.updateMany(
      { agendaItemId },
      { $set: { agendaItemId: null, updatedAt: now }, $inc: { version: 1 } },
    );
    return res.modifiedCount;
  }

  countAllLatest(): Promise<number> {
    return this.model.countDocuments({ latest: true });
  }

  countBySha(sha256: string): Promise<number> {
    return this.model.countDocuments({ sha256 });
  }

  async putText(sha256: string, pages: string[]): Promise<void> {
    await this.texts.updateOne({ _id: sha256 }, { $set: { pages } }, { upsert: true });
  }

  async getText(sha256: string): Promise<string[] | null> {
    const doc = await this.texts.findById(sha256).lean<DocumentTextDoc>();
    return doc ? doc.pages : null;
  }

  async removeText(sha256: string): Promise<void> {
    await this.texts.deleteOne({ _id: sha256 });
  }
}
