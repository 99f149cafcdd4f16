import mongoose, { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { Channel, Delivery, DeputyInput, InvitationStatus } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  InvitationPatch,
  InvitationRecord,
  InvitationsRepo,
  NotificationRecord,
  NotificationsRepo,
} from '../invitations.port.js';
import { mapDuplicates } from './mongo-errors.js';
import { inTransaction } from './transactions.js';

type DeliveryDoc = Omit<Delivery, 'channel'>;

export interface InvitationDoc {
  _id: string;
  meetingId: string;
  participantId: string;
  deputyForInvitationId: string | null;
  recipientName: string;
  recipientTitle: string | null;
  email: string | null;
  phone: string | null;
  userId: string | null;
  status: InvitationStatus;
  reason: string | null;
  deputy: DeputyInput | null;
  /** Keyed by channel, so one channel's update never touches another's ($set deliveries.email). */
  deliveries: Partial<Record<Channel, DeliveryDoc>>;
  sequence: number;
  tokenHash: string;
  openedAt: string | null;
  repliedAt: string | null;
  createdAt: string;
  createdAtMs: number;
  updatedAt: string;
  version: number;
}

export interface NotificationDoc {
  _id: string;
  userId: string;
  meetingId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  createdAtMs: number;
  readAt: string | null;
}

export const invitationSchema = new Schema<InvitationDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true, index: true },
    participantId: { type: String, required: true, unique: true },
    deputyForInvitationId: { type: String, default: null },
    recipientName: { type: String, required: true },
    recipientTitle: { type: String, default: null },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    userId: { type: String, default: null, index: true },
    status: { type: String, required: true },
    reason: { type: String, default: null },
    deputy: { type: Schema.Types.Mixed, default: null },
    deliveries: { type: Schema.Types.Mixed, default: {} },
    sequence: { type: Number, required: true },
    tokenHash: { type: String, required: true, unique: true },
    openedAt: { type: String, default: null },
    repliedAt: { type: String, default: null },
    createdAt: { type: String, required: true },
    createdAtMs: { type: Number, required: true },
    updatedAt: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'invitations', versionKey: false, minimize: false },
);

export const notificationSchema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    meetingId: { type: String, default: null },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: String, default: null },
    createdAt: { type: String, required: true },
    createdAtMs: { type: Number, required: true },
    readAt: { type: String, default: null },
  },
  { collection: 'notifications', versionKey: false },
);
notificationSchema.index({ userId: 1, createdAtMs: -1 });

const CHANNELS: Channel[] = ['in_app', 'email', 'webhook'];

const toRecord = (d: InvitationDoc): InvitationRecord => ({
  id: d._id,
  meetingId: d.meetingId,
  participantId: d.participantId,
  deputyForInvitationId: d.deputyForInvitationId,
  recipientName: d.recipientName,
  recipientTitle: d.recipientTitle,
  email: d.email,
  phone: d.phone,
  userId: d.userId,
  status: d.status,
  reason: d.reason,
  deputy: d.deputy,
  deliveries: CHANNELS.flatMap((channel) => {
    const x = d.deliveries[channel];
    return x ? [{ channel, ...x }] : [];
  }),
  sequence: d.sequence,
  tokenHash: d.tokenHash,
  openedAt: d.openedAt,
  repliedAt: d.repliedAt,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

function toDoc(i: InvitationRecord): InvitationDoc {
  const { id, deliveries, ...rest } = i;
  return {
    _id: id,
    ...rest,
    deliveries: Object.fromEntries(deliveries.map(({ channel, ...d }) => [channel, d])),
    createdAtMs: Date.parse(i.createdAt),
  };
}

export class MongoInvitationsRepo implements InvitationsRepo {
  constructor(private readonly model: Model<InvitationDoc>) {}

  async createMany(invitations: InvitationRecord[]): Promise<void> {
    if (invitations.length === 0) return;
    // Joins the unit of work (Store.transaction) this runs in, if any.
    await inTransaction(this.model.db, true, (session) =>
      mapDuplicates(() => this.model.insertMany(invitations.map(toDoc), { session, ordered: true })),
    );
  }

  private async one(filter: Record<string, string>): Promise<InvitationRecord | null> {
    const doc = await this.model.findOne(filter).lean<InvitationDoc>();
    return doc ? toRecord(doc) : null;
  }

  getById(id: string) {
    return this.one({ _id: id });
  }
  getByTokenHash(tokenHash: string) {
    return this.one({ tokenHash });
  }
  getByParticipant(participantId: string) {
    return this.one({ participantId });
  }

  async listByMeeting(meetingId: string) {
    const docs = await this.model
      .find({ meetingId })
      .sort({ createdAtMs: 1, recipientName: 1 })
      .lean<InvitationDoc[]>();
    return docs.map(toRecord);
  }

  async listByUser(userId: string) {
    const docs = await this.model.find({ userId }).sort({ createdAtMs: 1 }).lean<InvitationDoc[]>();
    return docs.map(toRecord);
  }

  async update(id: string, patch: InvitationPatch, expectedVersion: number | null, now: string) {
    const current = await this.getById(id);
    if (!current) throw new RecordNotFoundError('invitation', id);
    if (expectedVersion !== null && current.version !== expectedVersion)
      throw new VersionConflictError('invitation', id);
    const doc = await this.model
      .findOneAndUpdate(
        { _id: id, version: current.version },
        { $set: { ...patch, updatedAt: now }, $inc: { version: 1 } },
        { new: true },
      )
      .lean<InvitationDoc>();
    if (!doc) throw new VersionConflictError('invitation', id);
    return toRecord(doc);
  }

  async setDelivery(id: string, d: Delivery): Promise<void> {
    const { channel, ...rest } = d;
    await this.model.updateOne({ _id: id }, { $set: { [`deliveries.${channel}`]: rest } });
  }

  async countDelivered(channels: Channel[], from: string | null, to: string | null) {
    const delivered = channels.map((c) => ({
      [`deliveries.${c}.status`]: mongoose.trusted({ $in: ['sent', 'delivered'] }),
    }));
    const range: Record<string, number> = {};
    if (from) range.$gte = Date.parse(from);
    if (to) range.$lt = Date.parse(to);
    const filter = { $or: delivered, ...(from || to ? { createdAtMs: mongoose.trusted(range) } : {}) };
    const invitations = await this.model.countDocuments(filter);
    const meetings = (await this.model.distinct('meetingId', filter)).length;
    return { invitations, meetings };
  }
}

export class MongoNotificationsRepo implements NotificationsRepo {
  constructor(private readonly model: Model<NotificationDoc>) {}

  async add(n: NotificationRecord): Promise<void> {
    const { id, ...rest } = n;
    await this.model.create({ _id: id, ...rest, createdAtMs: Date.parse(n.createdAt) });
  }

  async listByUser(userId: string, limit: number) {
    const docs = await this.model
      .find({ userId })
      .sort({ createdAtMs: -1 })
      .limit(limit)
      .lean<NotificationDoc[]>();
    const unread = await this.model.countDocuments({ userId, readAt: null });
    return {
      items: docs.map(({ _id, createdAtMs: _ms, ...rest }) => ({ id: _id, ...rest })),
      unread,
    };
  }

  async markRead(userId: string, ids: string[] | 'all', now: string) {
    const filter =
      ids === 'all'
        ? { userId, readAt: null }
        : { userId, readAt: null, _id: mongoose.trusted({ $in: ids }) };
    return (await this.model.updateMany(filter, { $set: { readAt: now } })).modifiedCount;
  }
}
