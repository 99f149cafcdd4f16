import type Database from 'better-sqlite3';
import type { ApiScope, WebhookDeliveryStatus, WebhookEventType } from '@icabinet/shared';
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
import { asPromise, fromJson, mapConstraintError, toBool, toInt } from './sql.js';

/** Migration 24: API tokens for the city's other systems (only the hash of each token). */
export const API_TOKENS_MIGRATION_SQL = `
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    last_used_at TEXT,
    revoked_at TEXT
  ) STRICT;
`;

/** Migration 25: outgoing webhooks, the events told to them, and one delivery per event and webhook. */
export const WEBHOOKS_MIGRATION_SQL = `
  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE webhook_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    meeting_id TEXT,
    payload TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX webhook_events_meeting ON webhook_events (meeting_id, seq);
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    meeting_id TEXT,
    lane TEXT NOT NULL,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delivered_at TEXT
  ) STRICT;
  CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (webhook_id, lane, status, seq);
  CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (seq DESC);
`;

/**
 * Migration 27: a delivery is claimed by one process at a time (a claim token and a lease), so
 * several server processes on one database post a webhook's deliveries of one meeting in order
 * and each once; a claim whose lease ran out (its process died) is taken over.
 */
export const WEBHOOK_CLAIMS_MIGRATION_SQL = `
  ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
  ALTER TABLE webhook_deliveries ADD COLUMN lease_until TEXT;
`;

interface TokenRow {
  id: string;
  name: string;
  scopes: string;
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  scopes: fromJson<ApiScope[]>(r.scopes),
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

interface HookRow {
  id: string;
  name: string;
  url: string;
  secret: string;
  events: string;
  active: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: number;
}

const toHook = (r: HookRow): WebhookRecord => ({
  id: r.id,
  name: r.name,
  url: r.url,
  secret: r.secret,
  events: fromJson<WebhookEventType[]>(r.events),
  active: toBool(r.active),
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  version: r.version,
});

const hookRow = (h: WebhookRecord): HookRow => ({
  id: h.id,
  name: h.name,
  url: h.url,
  secret: h.secret,
  events: JSON.stringify(h.events),
  active: toInt(h.active),
  created_at: h.createdAt,
  created_by: h.createdBy,
  updated_at: h.updatedAt,
  version: h.version,
});

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

/** API tokens, webhooks, their events and deliveries on SQLite. */
export class SqliteIntegrationsRepo implements IntegrationsRepo {
  private readonly s;
  private readonly recordTx;
  private readonly claimTx;
  private readonly settleTx;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insertToken: db.prepare<TokenRow>(`INSERT INTO api_tokens (id, name, scopes, hash, prefix, created_at,
        created_by, last_used_at, revoked_at) VALUES (@id, @name, @scopes, @hash, @prefix, @created_at,
        @created_by, @last_used_at, @revoked_at)`),
      listTokens: db.prepare<[], TokenRow>('SELECT * FROM api_tokens ORDER BY created_at DESC, id'),
      getToken: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE id = ?'),
      getTokenByHash: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE hash = ?'),
      revokeToken: db.prepare<[string, string]>(
        'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      touchToken: db.prepare<[string, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      insertHook: db.prepare<HookRow>(`INSERT INTO webhooks (id, name, url, secret, events, active,
        created_at, created_by, updated_at, version) VALUES (@id, @name, @url, @secret, @events, @active,
        @created_at, @created_by, @updated_at, @version)`),
      listHooks: db.prepare<[], HookRow>('SELECT * FROM webhooks ORDER BY created_at, id'),
      getHook: db.prepare<[string], HookRow>('SELECT * FROM webhooks WHERE id = ?'),
      updateHook: db.prepare<HookRow & { expected: number }>(`UPDATE webhooks SET name = @name, url = @url,
        events = @events, active = @active, updated_at = @updated_at, version = @version
        WHERE id = @id AND version = @expected`),
      removeHook: db.prepare<[string]>('DELETE FROM webhooks WHERE id = ?'),
      removeHookDeliveries: db.prepare<[string]>('DELETE FROM webhook_deliveries WHERE webhook_id = ?'),
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

  createToken(token: ApiTokenRecord): Promise<ApiTokenRecord> {
    return asPromise(() => {
      try {
        this.s.insertToken.run({
          id: token.id,
          name: token.name,
          scopes: JSON.stringify(token.scopes),
          hash: token.hash,
          prefix: token.prefix,
          created_at: token.createdAt,
          created_by: token.createdBy,
          last_used_at: token.lastUsedAt,
          revoked_at: token.revokedAt,
        });
      } catch (e) {
        throw mapConstraintError(e, { 'api_tokens.hash': 'hash', 'api_tokens.id': 'id' });
      }
      return token;
    });
  }

  listTokens(): Promise<ApiTokenRecord[]> {
    return asPromise(() => this.s.listTokens.all().map(toToken));
  }

  getToken(id: string): Promise<ApiTokenRecord | null> {
    return asPromise(() => {
      const r = this.s.getToken.get(id);
      return r ? toToken(r) : null;
    });
  }

  getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    return asPromise(() => {
      const r = this.s.getTokenByHash.get(hash);
      return r ? toToken(r) : null;
    });
  }

  revokeToken(id: string, at: string): Promise<ApiTokenRecord | null> {
    return asPromise(() => {
      this.s.revokeToken.run(at, id);
      const r = this.s.getToken.get(id);
      return r ? toToken(r) : null;
    });
  }

  touchToken(id: string, at: string): Promise<void> {
    return asPromise(() => {
      this.s.touchToken.run(at, id);
    });
  }

  createWebhook(hook: WebhookRecord): Promise<WebhookRecord> {
    return asPromise(() => {
      try {
        this.s.insertHook.run(hookRow(hook));
      } catch (e) {
        throw mapConstraintError(e, { 'webhooks.id': 'id' });
      }
      return hook;
    });
  }

  listWebhooks(): Promise<WebhookRecord[]> {
    return asPromise(() => this.s.listHooks.all().map(toHook));
  }

  getWebhook(id: string): Promise<WebhookRecord | null> {
    return asPromise(() => {
      const r = this.s.getHook.get(id);
      return r ? toHook(r) : null;
    });
  }

  updateWebhook(
    id: string,
    patch: WebhookPatch,
    expectedVersion: number,
    now: string,
  ): Promise<WebhookRecord> {
    return asPromise(() => {
      const row = this.s.getHook.get(id);
      if (!row) throw new RecordNotFoundError('webhook', id);
      const current = toHook(row);
      if (current.version !== expectedVersion) throw new VersionConflictError('webhook', id);
      const next: WebhookRecord = { ...current, ...patch, updatedAt: now, version: current.version + 1 };
      const changes = this.s.updateHook.run({ ...hookRow(next), expected: expectedVersion }).changes;
      if (changes !== 1) throw new VersionConflictError('webhook', id);
      return next;
    });
  }

  removeWebhook(id: string): Promise<boolean> {
    return asPromise(() =>
      this.db.transaction(() => {
        this.s.removeHookDeliveries.run(id);
        return this.s.removeHook.run(id).changes === 1;
      })(),
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
