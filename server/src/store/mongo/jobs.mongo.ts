import mongoose, { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { JobRecord, JobsRepo, JobStatus } from '../jobs.port.js';

export interface JobDoc {
  _id: string;
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  runAt: string;
  runAtMs: number;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  leaseUntil: string | null;
  leaseUntilMs: number | null;
  createdAt: string;
  updatedAt: string;
}

export const jobSchema = new Schema<JobDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    key: { type: String, default: null },
    payload: { type: Schema.Types.Mixed, required: true },
    runAt: { type: String, required: true },
    runAtMs: { type: Number, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    maxAttempts: { type: Number, required: true },
    lastError: { type: String, default: null },
    leaseUntil: { type: String, default: null },
    leaseUntilMs: { type: Number, default: null },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'jobs', versionKey: false, minimize: false },
);
// Unique only among jobs that have a key.
jobSchema.index({ key: 1 }, { unique: true, partialFilterExpression: { key: { $type: 'string' } } });
jobSchema.index({ status: 1, runAtMs: 1 });
jobSchema.index({ status: 1, leaseUntilMs: 1 });

const toRecord = (d: JobDoc): JobRecord => ({
  id: d._id,
  kind: d.kind,
  key: d.key,
  payload: d.payload,
  runAt: d.runAt,
  status: d.status,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  lastError: d.lastError,
  leaseUntil: d.leaseUntil,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Jobs on MongoDB: each claim is one findOneAndUpdate, so two processes never take the same job. */
export class MongoJobsRepo implements JobsRepo {
  constructor(private readonly model: Model<JobDoc>) {}

  async enqueue(job: JobRecord): Promise<JobRecord> {
    const { id, ...rest } = job;
    const doc = { _id: id, ...rest, runAtMs: Date.parse(job.runAt), leaseUntilMs: null };
    if (!job.key) {
      await this.model.create(doc);
      return job;
    }
    const stored = await this.model
      .findOneAndUpdate({ key: job.key }, { $setOnInsert: doc }, { upsert: true, new: true })
      .lean<JobDoc>();
    return stored ? toRecord(stored) : job;
  }

  async enqueueMany(jobs: JobRecord[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.model.bulkWrite(
      jobs.map((job) => {
        const { id, ...rest } = job;
        const doc = { _id: id, ...rest, runAtMs: Date.parse(job.runAt), leaseUntilMs: null };
        return job.key
          ? { updateOne: { filter: { key: job.key }, update: { $setOnInsert: doc }, upsert: true } }
          : { insertOne: { document: doc } };
      }),
      { ordered: true },
    );
  }

  async completeMany(ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.model.updateMany(
      { _id: mongoose.trusted({ $in: ids }) },
      { $set: { status: 'done', leaseUntil: null, leaseUntilMs: null, updatedAt: now } },
    );
  }

  async claimDue(now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    const nowMs = Date.parse(now);
    const claimed: JobRecord[] = [];
    for (let i = 0; i < limit; i++) {
      const doc = await this.model
        .findOneAndUpdate(
          {
            $or: [
              { status: 'queued', runAtMs: mongoose.trusted({ $lte: nowMs }) },
              { status: 'running', leaseUntilMs: mongoose.trusted({ $lt: nowMs }) },
            ],
          },
          {
            $set: { status: 'running', leaseUntil, leaseUntilMs: Date.parse(leaseUntil), updatedAt: now },
            $inc: { attempts: 1 },
          },
          { sort: { runAtMs: 1 }, new: true },
        )
        .lean<JobDoc>();
      if (!doc) break;
      claimed.push(toRecord(doc));
    }
    return claimed;
  }

  async complete(id: string, now: string): Promise<void> {
    await this.model.updateOne(
      { _id: id },
      { $set: { status: 'done', leaseUntil: null, leaseUntilMs: null, updatedAt: now } },
    );
  }

  async reschedule(id: string, runAt: string, error: string, now: string): Promise<void> {
    await this.model.updateOne(
      { _id: id },
      {
        $set: {
          status: 'queued',
          runAt,
          runAtMs: Date.parse(runAt),
          lastError: error,
          leaseUntil: null,
          leaseUntilMs: null,
          updatedAt: now,
        },
      },
    );
  }

  async fail(id: string, error: string, now: string): Promise<void> {
    await this.model.updateOne(
      { _id: id },
      { $set: { status: 'failed', lastError: error, leaseUntil: null, leaseUntilMs: null, updatedAt: now } },
    );
  }

  async cancelByKeyPrefix(prefix: string, now: string): Promise<number> {
    const result = await this.model.updateMany(
      { status: 'queued', key: mongoose.trusted({ $regex: `^${escapeRegex(prefix)}` }) },
      { $set: { status: 'cancelled', updatedAt: now } },
    );
    return result.modifiedCount;
  }

  async get(id: string): Promise<JobRecord | null> {
    const doc = await this.model.findById(id).lean<JobDoc>();
    return doc ? toRecord(doc) : null;
  }

  async getByKey(key: string): Promise<JobRecord | null> {
    const doc = await this.model.findOne({ key }).lean<JobDoc>();
    return doc ? toRecord(doc) : null;
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    const rows = await this.model.aggregate<{ _id: JobStatus; n: number }>([
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    for (const row of rows) counts[row._id] = row.n;
    return counts;
  }

  async nextRunAt(): Promise<string | null> {
    const doc = await this.model.findOne({ status: 'queued' }).sort({ runAtMs: 1 }).lean<JobDoc>();
    return doc?.runAt ?? null;
  }
}
