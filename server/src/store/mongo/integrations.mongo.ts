import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import mongoose from 'mongoose';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  ApiTokenRecord,
  DeliveryFilter,
  DeliveryPatch,
  IntegrationsRepo,
  LaneClaim,
  LaneClaimRequest,
  WebhookDeliveryRecord,
  WebhookEventRecord,
  WebhookPatch,
  WebhookRecord,
} from '../integrations.port.js';
import type { WebhookEventType } from '@icabinet/shared';
import { mapMongoError } from './mongo-errors.js';

type TokenDoc = Omit<ApiTokenRecord, 'id'> & { _id: string };
type HookDoc = Omit<WebhookRecord, 'id'> & { _id: string };
type EventDoc = Omit<WebhookEventRecord, 'id'> & { _id: string; seq: number };
type DeliveryDoc = Omit<WebhookDeliveryRecord, 'id'> & { _id: string };
interface CounterDoc {
  _id: string;
  n: number;
}

const tokenSchema = new Schema<TokenDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    scopes: { type: [String], required: true },
    hash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    createdAt: { type: String, required: true },
    createdBy: { type: String, default: null },
    lastUsedAt: { type: String, default: null },
    revokedAt: { type: String, default: null },
  },
  { collection: 'apiTokens', versionKey: false },
);

const hookSchema = new Schema<HookDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    url: { type: String, required: true },
    secret: { type: String, required: true },
    events: { type: [String], required: true },
    active: { type: Boolean, required: true },
    createdAt: { type: String, required: true },
    createdBy: { type: String, default: null },
    updatedAt: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'webhooks', versionKey: false },
);

const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true, unique: true },
    type: { type: String, required: true },
    meetingId: { type: String, default: null },
    payload: { type: Schema.Types.Mixed, required: true },
    at: { type: String, required: true },
  },
  { collection: 'webhookEvents', versionKey: false, minimize: false },
);
eventSchema.index({ meetingId: 1, seq: 1 });

const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    webhookId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    meetingId: { type: String, default: null },
    lane: { type: String, required: true },
    seq: { type: Number, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    lastStatus: { type: Number, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    deliveredAt: { type: String, default: null },
    claimedBy: { type: String, default: null },
    leaseUntil: { type: String, default: null },
  },
  { collection: 'webhookDeliveries', versionKey: false },
);
deliverySchema.index({ webhookId: 1, lane: 1, status: 1, seq: 1 });
deliverySchema.index({ seq: -1 });

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, n: { type: Number, required: true } },
  { collection: 'webhookEventCounters', versionKey: false },
);

function fromDoc<T extends { _id: string }>(d: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
}
/** Deliveries stored before claims existed have no claim fields: none. */
const toDelivery = (d: DeliveryDoc): WebhookDeliveryRecord => ({
  ...fromDoc(d),
  claimedBy: d.claimedBy ?? null,
  leaseUntil: d.leaseUntil ?? null,
});
const toEvent = (d: EventDoc): WebhookEventRecord => {
  const { seq: _seq, ...rest } = d;
  return fromDoc(rest);
};

export interface IntegrationModels {
  tokens: Model<TokenDoc>;
  hooks: Model<HookDoc>;
  events: Model<EventDoc>;
  deliveries: Model<DeliveryDoc>;
  counters: Model<CounterDoc>;
}

export function integrationModels(conn: Connection): IntegrationModels {
  return {
    tokens: conn.model<TokenDoc>('ApiToken', tokenSchema),
    hooks: conn.model<HookDoc>('Webhook', hookSchema),
    events: conn.model<EventDoc>('WebhookEvent', eventSchema),
    deliveries: conn.model<DeliveryDoc>('WebhookDelivery', deliverySchema),
    counters: conn.model<CounterDoc>('IntegrationCounter', counterSchema),
  };
}

/** API tokens, webhooks, their events and deliveries on MongoDB; event order from a counter document. */
export class MongoIntegrationsRepo implements IntegrationsRepo {
  constructor(private readonly m: IntegrationModels) {}

  async createToken(token: ApiTokenRecord): Promise<ApiTokenRecord> {
    const { id, ...rest } = token;
    try {
      await this.m.tokens.create({ _id: id, ...rest });
    } catch (e) {
      throw mapMongoError(e);
    }
    return token;
  }

  async listTokens(): Promise<ApiTokenRecord[]> {
    const docs = await this.m.tokens.find().sort({ createdAt: -1, _id: 1 }).lean<TokenDoc[]>();
    return docs.map(fromDoc);
  }

  async getToken(id: string): Promise<ApiTokenRecord | null> {
    const d = await this.m.tokens.findById(id).lean<TokenDoc>();
    return d ? fromDoc(d) : null;
  }

  async getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    const d = await this.m.tokens.findOne({ hash }).lean<TokenDoc>();
    return d ? fromDoc(d) : null;
  }

  async revokeToken(id: string, at: string): Promise<ApiTokenRecord | null> {
    await this.m.tokens.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
    return this.getToken(id);
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.m.tokens.updateOne({ _id: id }, { $set: { lastUsedAt: at } });
  }

  async createWebhook(hook: WebhookRecord): Promise<WebhookRecord> {
    const { id, ...rest } = hook;
    try {
      await this.m.hooks.create({ _id: id, ...rest });
    } catch (e) {
      throw mapMongoError(e);
    }
    return hook;
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    const docs = await this.m.hooks.find().sort({ createdAt: 1, _id: 1 }).lean<HookDoc[]>();
    return docs.map(fromDoc);
  }

  async getWebhook(id: string): Promise<WebhookRecord | null> {
    const d = await this.m.hooks.findById(id).lean<HookDoc>();
    return d ? fromDoc(d) : null;
  }

  async updateWebhook(
    id: string,
    patch: WebhookPatch,
    expectedVersion: number,
    now: string,
  ): Promise<WebhookRecord> {
    const current = await this.getWebhook(id);
    if (!current) throw new RecordNotFoundError('webhook', id);
    if (current.version !== expectedVersion) throw new VersionConflictError('webhook', id);
    const next: WebhookRecord = { ...current, ...patch, updatedAt: now, version: expectedVersion + 1 };
    const { id: _id, ...fields } = next;
    const res = await this.m.hooks.updateOne({ _id: id, version: expectedVersion }, { $set: fields });
    if (res.matchedCount === 0) throw new VersionConflictError('webhook', id);
    return next;
  }

  async removeWebhook(id: string): Promise<boolean> {
    await this.m.deliveries.deleteMany({ webhookId: id });
    const res = await this.m.hooks.deleteOne({ _id: id });
    return res.deletedCount === 1;
  }

  async recordEvent(
    event: WebhookEventRecord,
    deliveries: Omit<WebhookDeliveryRecord, 'seq'>[],
  ): Promise<WebhookDeliveryRecord[]> {
    const counter = await this.m.counters
      .findOneAndUpdate({ _id: 'webhookEvents' }, { $inc: { n: 1 } }, { upsert: true, new: true })
      .lean<CounterDoc>();
    const seq = counter.n;
    const { id, ...rest } = event;
    await this.m.events.create({ _id: id, seq, ...rest });
    const stored = deliveries.map((d) => ({ ...d, seq }));
    if (stored.length)
      await this.m.deliveries.insertMany(
        stored.map(({ id: did, ...d }) => ({ _id: did, ...d })),
        { ordered: true },
      );
    return stored;
  }

  async getEvent(id: string): Promise<WebhookEventRecord | null> {
    const d = await this.m.events.findById(id).lean<EventDoc>();
    return d ? toEvent(d) : null;
  }

  async listEvents(meetingId: string, types: WebhookEventType[]): Promise<WebhookEventRecord[]> {
    if (types.length === 0) return [];
    const docs = await this.m.events
      .find({ meetingId, type: mongoose.trusted({ $in: types }) })
      .sort({ seq: 1 })
      .lean<EventDoc[]>();
    return docs.map(toEvent);
  }

  async getDelivery(id: string): Promise<WebhookDeliveryRecord | null> {
    const d = await this.m.deliveries.findById(id).lean<DeliveryDoc>();
    return d ? toDelivery(d) : null;
  }

  /**
   * The first pending delivery of the lane is read, then taken with a conditional update (still
   * pending, no live claim): two processes cannot both take it. Read and update are two steps,
   * so after taking it the lane is read again: had an earlier delivery become pending in between
   * (an administrator's re-send), the claim is given back and the caller told the lane is busy.
   */
  async claimNextInLane(
    webhookId: string,
    lane: string,
    uptoSeq: number,
    claim: LaneClaimRequest,
  ): Promise<LaneClaim> {
    const firstPending = () =>
      this.m.deliveries
        .findOne({ webhookId, lane, status: 'pending' })
        .sort({ seq: 1, _id: 1 })
        .lean<DeliveryDoc>();
    // A lost race (another process took or settled the first one meanwhile) is looked at again.
    for (let round = 0; ; round++) {
      const first = await firstPending();
      if (!first || first.seq > uptoSeq) return { state: 'idle' };
      const live = !!first.claimedBy && !!first.leaseUntil && first.leaseUntil > claim.now;
      if (live || round === 3) return { state: 'busy', delivery: toDelivery(first) };
      const taken = await this.m.deliveries
        .findOneAndUpdate(
          {
            _id: first._id,
            status: 'pending',
            $or: [{ claimedBy: null }, { leaseUntil: mongoose.trusted({ $lte: claim.now }) }],
          },
          { $set: { claimedBy: claim.by, leaseUntil: claim.until } },
          { new: true },
        )
        .lean<DeliveryDoc>();
      if (!taken) continue;
      const still = await firstPending();
      if (still && still._id !== taken._id) {
        await this.m.deliveries.updateOne(
          { _id: taken._id, claimedBy: claim.by },
          { $set: { claimedBy: null, leaseUntil: null } },
        );
        return { state: 'busy', delivery: toDelivery(still) };
      }
      return { state: 'claimed', delivery: toDelivery(taken) };
    }
  }

  async settleClaim(id: string, by: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null> {
    const d = await this.m.deliveries
      .findOneAndUpdate(
        { _id: id, claimedBy: by },
        { $set: { ...patch, claimedBy: null, leaseUntil: null } },
        { new: true },
      )
      .lean<DeliveryDoc>();
    return d ? toDelivery(d) : null;
  }

  async updateDelivery(id: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null> {
    const d = await this.m.deliveries
      .findOneAndUpdate({ _id: id }, { $set: patch }, { new: true })
      .lean<DeliveryDoc>();
    return d ? toDelivery(d) : null;
  }

  async listDeliveries(filter: DeliveryFilter): Promise<{ items: WebhookDeliveryRecord[]; total: number }> {
    const q: Record<string, string> = {};
    if (filter.webhookId) q['webhookId'] = filter.webhookId;
    if (filter.status) q['status'] = filter.status;
    const [docs, total] = await Promise.all([
      this.m.deliveries
        .find(q)
        .sort({ seq: -1, _id: 1 })
        .skip(filter.offset)
        .limit(filter.limit)
        .lean<DeliveryDoc[]>(),
      this.m.deliveries.countDocuments(q),
    ]);
    return { items: docs.map(toDelivery), total };
  }
}
