import type Database from 'better-sqlite3';
import type { WebhookEventType } from '@icabinet/shared';
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
import { SqliteApiTokens } from './api-tokens.sqlite.js';
import { SqliteWebhookDeliveries } from './webhook-deliveries.sqlite.js';
import { SqliteWebhooks } from './webhooks.sqlite.js';

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

/**
 * API tokens, webhooks, their events and deliveries on SQLite: the port's one repository over
 * three tables' worth of code (api-tokens.sqlite.ts, webhooks.sqlite.ts,
 * webhook-deliveries.sqlite.ts).
 */
export class SqliteIntegrationsRepo implements IntegrationsRepo {
  private readonly tokens;
  private readonly hooks;
  private readonly deliveries;

  constructor(db: Database.Database) {
    this.tokens = new SqliteApiTokens(db);
    this.hooks = new SqliteWebhooks(db);
    this.deliveries = new SqliteWebhookDeliveries(db);
  }

  createToken(token: ApiTokenRecord): Promise<ApiTokenRecord> {
    return this.tokens.createToken(token);
  }

  listTokens(): Promise<ApiTokenRecord[]> {
    return this.tokens.listTokens();
  }

  getToken(id: string): Promise<ApiTokenRecord | null> {
    return this.tokens.getToken(id);
  }

  getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    return this.tokens.getTokenByHash(hash);
  }

  revokeToken(id: string, at: string): Promise<ApiTokenRecord | null> {
    return this.tokens.revokeToken(id, at);
  }

  touchToken(id: string, at: string): Promise<void> {
    return this.tokens.touchToken(id, at);
  }

  createWebhook(hook: WebhookRecord): Promise<WebhookRecord> {
    return this.hooks.createWebhook(hook);
  }

  listWebhooks(): Promise<WebhookRecord[]> {
    return this.hooks.listWebhooks();
  }

  getWebhook(id: string): Promise<WebhookRecord | null> {
    return this.hooks.getWebhook(id);
  }

  updateWebhook(
    id: string,
    patch: WebhookPatch,
    expectedVersion: number,
    now: string,
  ): Promise<WebhookRecord> {
    return this.hooks.updateWebhook(id, patch, expectedVersion, now);
  }

  removeWebhook(id: string): Promise<boolean> {
    return this.hooks.removeWebhook(id);
  }

  recordEvent(
    event: WebhookEventRecord,
    deliveries: Omit<WebhookDeliveryRecord, 'seq'>[],
  ): Promise<WebhookDeliveryRecord[]> {
    return this.deliveries.recordEvent(event, deliveries);
  }

  getEvent(id: string): Promise<WebhookEventRecord | null> {
    return this.deliveries.getEvent(id);
  }

  listEvents(meetingId: string, types: WebhookEventType[]): Promise<WebhookEventRecord[]> {
    return this.deliveries.listEvents(meetingId, types);
  }

  getDelivery(id: string): Promise<WebhookDeliveryRecord | null> {
    return this.deliveries.getDelivery(id);
  }

  claimNextInLane(
    webhookId: string,
    lane: string,
    uptoSeq: number,
    claim: LaneClaimRequest,
  ): Promise<LaneClaim> {
    return this.deliveries.claimNextInLane(webhookId, lane, uptoSeq, claim);
  }

  settleClaim(id: string, by: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null> {
    return this.deliveries.settleClaim(id, by, patch);
  }

  updateDelivery(id: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null> {
    return this.deliveries.updateDelivery(id, patch);
  }

  listDeliveries(filter: DeliveryFilter): Promise<{ items: WebhookDeliveryRecord[]; total: number }> {
    return this.deliveries.listDeliveries(filter);
  }
}
