/**
 * The webhooks' event log and deliveries on SQLite (tables `webhook_events` and
 * `webhook_deliveries`, migrations 25 and 27): an event and its deliveries stored in one write,
 * the claim of a lane's first pending delivery and its settling under the write lock (so several
 * processes on one database post each delivery once, in order), and the delivery log.
 */
import type Database from 'better-sqlite3';
import type { WebhookDeliveryStatus, WebhookEventType } from '@icabinet/shared';
import type {
  DeliveryFilter,
  DeliveryPatch,
  LaneClaim,
  LaneClaimRequest,
  WebhookDeliveryRecord,
  WebhookEventRecord,
} from '../integrations.port.js';
import { asPromise, fromJson } from './sql.js';

interface EventRow {
  seq: number;
  id: string;
  type: string;
  meeting_id: string | null;
  payload: string;
  at: string;
}

const toEvent = (r: EventRow): WebhookEventRecord => ({
  id: r.id,
  type: r.type as WebhookEventType,
  meetingId: r.meeting_id,
  payload: fromJson<Record<string, unknown>>(r.payload),
  at: r.at,
});

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  meeting_id: string | null;
  lane: string;
  seq: number;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  claimed_by: string | null;
  lease_until: string | null;
}

const toDelivery = (r: DeliveryRow): WebhookDeliveryRecord => ({
  id: r.id,
  webhookId: r.webhook_id,
  eventId: r.event_id,
  eventType: r.event_type as WebhookEventType,
  meetingId: r.meeting_id,
  lane: r.lane,
  seq: r.seq,
  status: r.status as WebhookDeliveryStatus,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deliveredAt: r.delivered_at,
  claimedBy: r.claimed_by,
  leaseUntil: r.lease_until,
});

const deliveryRow = (d: WebhookDeliveryRecord): DeliveryRow => ({
  id: d.id,
  webhook_id: d.webhookId,
  event_id: d.eventId,
  event_type: d.eventType,
  meeting_id: d.meetingId,
  lane: d.lane,
  seq: d.seq,
  status: d.status,
  attempts: d.attempts,
  last_status: d.lastStatus,
  last_error: d.lastError,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
  delivered_at: d.deliveredAt,
  claimed_by: d.claimedBy,
  lease_until: d.leaseUntil,
});

export class SqliteWebhookDeliveries {
  private readonly s;
  private readonly recordTx;
  private readonly claimTx;
  private readonly settleTx;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insertEvent: db.prepare<Omit<EventRow, 'seq'>>(`INSERT INTO webhook_events (id, type, meeting_id,
        payload, at) VALUES (@id, @type, @meeting_id, @payload, @at)`),
      getEvent: db.prepare<[string], EventRow>('SELECT * FROM webhook_events WHERE id = ?'),
      insertDelivery: db.prepare<DeliveryRow>(`INSERT INTO webhook_deliveries (id, webhook_id, event_id,
        event_type, meeting_id, lane, seq, status, attempts, last_status, last_error, created_at, updated_at,
        delivered_at, claimed_by, lease_until) VALUES (@id, @webhook_id, @event_id, @event_type, @meeting_id,
        @lane, @seq, @status, @attempts, @last_status, @last_error, @created_at, @updated_at, @delivered_at,
        @claimed_by, @lease_until)`),
      getDelivery: db.prepare<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?'),
      firstPendingInLane: db.prepare<[string, string], DeliveryRow>(`SELECT * FROM webhook_deliveries
        WHERE webhook_id = ? AND lane = ? AND status = 'pending' ORDER BY seq, id LIMIT 1`),
      claim: db.prepare<[string, string, string]>(
        'UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ? WHERE id = ?',
      ),
      updateDelivery: db.prepare<DeliveryRow>(`UPDATE webhook_deliveries SET status = @status,
        attempts = @attempts, last_status = @last_status, last_error = @last_error, updated_at = @updated_at,
        delivered_at = @delivered_at, claimed_by = @claimed_by, lease_until = @lease_until WHERE id = @id`),
    };
    // Read and claim under the write lock (BEGIN IMMEDIATE): another process cannot claim the
    // same delivery, nor make an earlier one pending, between the two.
    this.claimTx = db.transaction(
      (webhookId: string, lane: string, uptoSeq: number, claim: LaneClaimRequest): LaneClaim => {
        const row = this.s.firstPendingInLane.get(webhookId, lane);
        if (!row || row.seq > uptoSeq) return { state: 'idle' };
        const first = toDelivery(row);
        if (first.claimedBy !== null && first.leaseUntil !== null && first.leaseUntil > claim.now)
          return { state: 'busy', delivery: first };
        this.s.claim.run(claim.by, claim.until, first.id);
        return { state: 'claimed', delivery: { ...first, claimedBy: claim.by, leaseUntil: claim.until } };
      },
    );
    this.settleTx = db.transaction(
      (id: string, by: string, patch: DeliveryPatch): WebhookDeliveryRecord | null => {
        const row = this.s.getDelivery.get(id);
        if (!row || row.claimed_by !== by) return null;
        const next: WebhookDeliveryRecord = {
          ...toDelivery(row),
          ...patch,
          claimedBy: null,
          leaseUntil: null,
        };
        this.s.updateDelivery.run(deliveryRow(next));
        return next;
      },
    );
    this.recordTx = db.transaction(
      (event: WebhookEventRecord, deliveries: Omit<WebhookDeliveryRecord, 'seq'>[]) => {
        const seq = Number(
          this.s.insertEvent.run({
            id: event.id,
            type: event.type,
            meeting_id: event.meetingId,
            payload: JSON.stringify(event.payload),
            at: event.at,
          }).lastInsertRowid,
        );
        const stored = deliveries.map((d) => ({ ...d, seq }));
        for (const d of stored) this.s.insertDelivery.run(deliveryRow(d));
        return stored;
      },
    );
  }

  recordEvent(
    event: WebhookEventRecord,
    deliveries: Omit<WebhookDeliveryRecord, 'seq'>[],
  ): Promise<WebhookDeliveryRecord[]> {
    return asPromise(() => this.recordTx(event, deliveries));
  }

  getEvent(id: string): Promise<WebhookEventRecord | null> {
    return asPromise(() => {
      const r = this.s.getEvent.get(id);
      return r ? toEvent(r) : null;
    });
  }

  listEvents(meetingId: string, types: WebhookEventType[]): Promise<WebhookEventRecord[]> {
    return asPromise(() => {
      if (types.length === 0) return [];
      const rows = this.db
        .prepare<unknown[], EventRow>(
          `SELECT * FROM webhook_events WHERE meeting_id = ? AND type IN (${types.map(() => '?').join(', ')})
           ORDER BY seq`,
        )
        .all(meetingId, ...types);
      return rows.map(toEvent);
    });
  }

  getDelivery(id: string): Promise<WebhookDeliveryRecord | null> {
    return asPromise(() => {
      const r = this.s.getDelivery.get(id);
      return r ? toDelivery(r) : null;
    });
  }

  claimNextInLane(
    webhookId: string,
    lane: string,
    uptoSeq: number,
    claim: LaneClaimRequest,
  ): Promise<LaneClaim> {
    return asPromise(() => this.claimTx.immediate(webhookId, lane, uptoSeq, claim));
  }

  settleClaim(id: string, by: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null> {
    return asPromise(() => this.settleTx.immediate(id, by, patch));
  }

  updateDelivery(id: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null> {
    return asPromise(() => {
      const row = this.s.getDelivery.get(id);
      if (!row) return null;
      const next = { ...toDelivery(row), ...patch };
      this.s.updateDelivery.run(deliveryRow(next));
      return next;
    });
  }

  listDeliveries(filter: DeliveryFilter): Promise<{ items: WebhookDeliveryRecord[]; total: number }> {
    return asPromise(() => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.webhookId) {
        where.push('webhook_id = ?');
        args.push(filter.webhookId);
      }
      if (filter.status) {
        where.push('status = ?');
        args.push(filter.status);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = this.db
        .prepare<unknown[], number>(`SELECT count(*) FROM webhook_deliveries ${clause}`)
        .pluck()
        .get(...args)!;
      const items = this.db
        .prepare<unknown[], DeliveryRow>(
          `SELECT * FROM webhook_deliveries ${clause} ORDER BY seq DESC, id LIMIT ? OFFSET ?`,
        )
        .all(...args, filter.limit, filter.offset)
        .map(toDelivery);
      return { items, total };
    });
  }
}
