import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import type { AuditAction, AuditEntry } from '@icabinet/shared';
import type { AuditRepo } from '../port.js';
import type { AuditDoc } from './models.js';
import { mapDuplicates } from './mongo-errors.js';

const toEntry = (d: AuditDoc): AuditEntry => ({
  seq: d.seq,
  at: d.at,
  actorId: d.actorId,
  action: d.action as AuditAction,
  targetType: d.targetType,
  targetId: d.targetId,
  data: d.data,
  ip: d.ip,
  prevHash: d.prevHash,
  hash: d.hash,
});

/** Projection that leaves out MongoDB's own `_id`. */
const NO_ID = { _id: 0 } as const;

/** The append-only audit log on MongoDB; the unique `seq` index makes a second writer fail. */
export class MongoAuditRepo implements AuditRepo {
  constructor(private readonly model: Model<AuditDoc>) {}

  async append(entry: AuditEntry): Promise<void> {
    await mapDuplicates(() => this.model.create({ ...entry }));
  }

  async last(): Promise<AuditEntry | null> {
    const doc = await this.model.findOne({}, NO_ID).sort({ seq: -1 }).lean<AuditDoc>();
    return doc ? toEntry(doc) : null;
  }

  async listAfter(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const docs = await this.model
      .find({ seq: mongoose.trusted({ $gt: afterSeq }) }, NO_ID)
      .sort({ seq: 1 })
      .limit(limit)
      .lean<AuditDoc[]>();
    return docs.map(toEntry);
  }

  async listRecent(
    limit: number,
    offset: number,
    action?: string,
  ): Promise<{ items: AuditEntry[]; total: number }> {
    // An action or a group: `document` matches `document.uploaded`, `document.deleted`, ...
    const filter = !action
      ? {}
      : action.includes('.')
        ? { action }
        : { action: { $regex: `^${action.replace(/[^a-z_]/g, '')}\\.` } };
    const [docs, total] = await Promise.all([
      this.model.find(filter, NO_ID).sort({ seq: -1 }).skip(offset).limit(limit).lean<AuditDoc[]>(),
      this.model.countDocuments(filter),
    ]);
    return { items: docs.map(toEntry), total };
  }
}
