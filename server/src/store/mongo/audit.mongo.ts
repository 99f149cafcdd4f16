import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import type { AuditAction, AuditEntry } from '@icabinet/shared';
import type { AuditFilter, AuditRepo } from '../port.js';
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

/** Where the text search looks on MongoDB: the entry's fields and the data people search by. */
const Q_FIELDS = [
  'action',
  'targetType',
  'targetId',
  'ip',
  ...['username', 'name', 'fullName', 'title', 'reason', 'deputy', 'meetingId', 'from', 'to', 'answer'].map(
    (k) => `data.${k}`,
  ),
];

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
    filter: AuditFilter = {},
  ): Promise<{ items: AuditEntry[]; total: number }> {
    const query: Record<string, unknown> = {};
    const { action, actorId, targetId, from, to, q } = filter;
    // An action or a group: `document` matches `document.uploaded`, `document.deleted`, ...
    if (action) {
      query.action = action.includes('.')
        ? action
        : mongoose.trusted({ $regex: `^${action.replace(/[^a-z_]/g, '')}\\.` });
    }
    if (actorId) query.actorId = actorId;
    if (targetId) query.targetId = targetId;
    if (from || to)
      query.at = mongoose.trusted({ ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) });
    if (q) {
      // Server-side JavaScript (to search the whole data as text) is often disabled; the fields
      // people search by are matched one by one instead.
      const pattern = mongoose.trusted({ $regex: q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' });
      query.$or = Q_FIELDS.map((field) => ({ [field]: pattern }));
    }
    const [docs, total] = await Promise.all([
      this.model.find(query, NO_ID).sort({ seq: -1 }).skip(offset).limit(limit).lean<AuditDoc[]>(),
      this.model.countDocuments(query),
    ]);
    return { items: docs.map(toEntry), total };
  }
}
