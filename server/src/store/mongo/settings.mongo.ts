import { Schema } from 'mongoose';
import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import { RecordNotFoundError, VersionConflictError, DuplicateKeyError } from '../port.js';
import type { PasswordHistoryRepo, SettingRecord, SettingsRepo } from '../settings.port.js';
import type { UserDoc } from './models.js';
import { mapMongoError } from './mongo-errors.js';

export interface SettingDoc {
  _id: string;
  value: unknown;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export const settingSchema = new Schema<SettingDoc>(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    updatedAt: { type: String, required: true },
    updatedBy: { type: String, default: null },
  },
  { collection: 'settings', versionKey: false, minimize: false },
);

export interface PasswordHistoryDoc {
  userId: string;
  hash: string;
  at: string;
  /** Insertion order within a user (newest has the highest). */
  n: number;
}

export const passwordHistorySchema = new Schema<PasswordHistoryDoc>(
  {
    userId: { type: String, required: true },
    hash: { type: String, required: true },
    at: { type: String, required: true },
    n: { type: Number, required: true },
  },
  { collection: 'passwordHistory', versionKey: false },
);
passwordHistorySchema.index({ userId: 1, n: -1 }, { unique: true });

const toRecord = (d: SettingDoc): SettingRecord => ({
  key: d._id,
  value: d.value,
  version: d.version,
  updatedAt: d.updatedAt,
  updatedBy: d.updatedBy,
});

/** Settings on MongoDB: one document per key, compare-and-set on `version`. */
export class MongoSettingsRepo implements SettingsRepo {
  constructor(private readonly model: Model<SettingDoc>) {}

  async get(key: string): Promise<SettingRecord | null> {
    const d = await this.model.findById(key).lean<SettingDoc>();
    return d ? toRecord(d) : null;
  }

  async put(
    key: string,
    value: unknown,
    expectedVersion: number,
    at: string,
    by: string | null,
  ): Promise<SettingRecord> {
    const doc: SettingDoc = { _id: key, value, version: expectedVersion + 1, updatedAt: at, updatedBy: by };
    if (expectedVersion === 0) {
      try {
        await this.model.create(doc);
      } catch (e) {
        if (mapMongoError(e) instanceof DuplicateKeyError) throw new VersionConflictError('setting', key);
        throw e;
      }
      return toRecord(doc);
    }
    const { _id, ...fields } = doc;
    const res = await this.model.updateOne({ _id, version: expectedVersion }, { $set: fields });
    if (res.matchedCount === 0) throw new VersionConflictError('setting', key);
    return toRecord(doc);
  }
}

/** Previous password hashes on MongoDB, pruned to the newest `keep` per user on every add. */
export class MongoPasswordHistoryRepo implements PasswordHistoryRepo {
  constructor(
    private readonly model: Model<PasswordHistoryDoc>,
    private readonly users: Model<UserDoc>,
  ) {}

  async add(userId: string, hash: string, at: string, keep: number): Promise<void> {
    if (!(await this.users.exists({ _id: userId }))) throw new RecordNotFoundError('user', userId);
    const newest = await this.model.findOne({ userId }, { n: 1 }).sort({ n: -1 }).lean<PasswordHistoryDoc>();
    await this.model.create({ userId, hash, at, n: (newest?.n ?? 0) + 1 });
    const kept = await this.model
      .find({ userId }, { n: 1 })
      .sort({ n: -1 })
      .limit(Math.max(0, keep))
      .lean<PasswordHistoryDoc[]>();
    const oldestKept = kept.at(-1)?.n ?? Number.POSITIVE_INFINITY;
    await this.model.deleteMany({ userId, n: mongoose.trusted({ $lt: oldestKept }) });
  }

  async list(userId: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const docs = await this.model
      .find({ userId }, { hash: 1 })
      .sort({ n: -1 })
      .limit(limit)
      .lean<PasswordHistoryDoc[]>();
    return docs.map((d) => d.hash);
  }
}
