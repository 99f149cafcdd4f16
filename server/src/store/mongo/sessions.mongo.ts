import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import { RecordNotFoundError } from '../port.js';
import type { SessionRecord, SessionsRepo } from '../port.js';
import type { SessionDoc, UserDoc } from './models.js';
import { mapDuplicates } from './mongo-errors.js';

const toRecord = (d: SessionDoc): SessionRecord => ({
  id: d._id,
  userId: d.userId,
  createdAt: d.createdAt,
  lastSeenAt: d.lastSeenAt,
  expiresAt: d.expiresAt,
  ip: d.ip,
  userAgent: d.userAgent,
});

/** The sessions repository on MongoDB. */
export class MongoSessionsRepo implements SessionsRepo {
  constructor(
    private readonly model: Model<SessionDoc>,
    private readonly users: Model<UserDoc>,
  ) {}

  async create(s: SessionRecord): Promise<void> {
    // MongoDB has no foreign keys; checking here keeps the contract the SQLite FK gives.
    if (!(await this.users.exists({ _id: s.userId }))) throw new RecordNotFoundError('user', s.userId);
    const { id, ...rest } = s;
    await mapDuplicates(() =>
      this.model.create({
        _id: id,
        ...rest,
        lastSeenAtMs: Date.parse(s.lastSeenAt),
        expiresAtMs: Date.parse(s.expiresAt),
      }),
    );
  }

  async get(id: string): Promise<SessionRecord | null> {
    const doc = await this.model.findById(id).lean<SessionDoc>();
    return doc ? toRecord(doc) : null;
  }

  async touch(id: string, lastSeenAt: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastSeenAt, lastSeenAtMs: Date.parse(lastSeenAt) } });
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const docs = await this.model.find({ userId }).sort({ lastSeenAtMs: -1, _id: 1 }).lean<SessionDoc[]>();
    return docs.map(toRecord);
  }

  async deleteByUser(userId: string): Promise<number> {
    return (await this.model.deleteMany({ userId })).deletedCount;
  }

  async deleteExpired(now: string, idleBefore: string): Promise<number> {
    const result = await this.model.deleteMany({
      $or: [
        { expiresAtMs: mongoose.trusted({ $lt: Date.parse(now) }) },
        { lastSeenAtMs: mongoose.trusted({ $lt: Date.parse(idleBefore) }) },
      ],
    });
    return result.deletedCount;
  }
}
