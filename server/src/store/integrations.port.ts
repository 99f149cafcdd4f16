import type { ApiScope, WebhookDeliveryStatus, WebhookEventType } from '@icabinet/shared';

/**
 * What the city's other systems use: API tokens (only their SHA-256 hash is stored; the token is
 * shown once), outgoing webhooks, the events told to them (a log in the order they happened) and
 * one delivery per event and webhook, with its attempts.
 */
export interface ApiTokenRecord {
  id: string;
  name: string;
  scopes: ApiScope[];
  /** Hex SHA-256 of the whole token; unique. */
  hash: string;
  /** The token's first characters, to recognise it in the list. */
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  /** The HMAC key; stored as given (it must sign), never shown after creation. */
  secret: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  version: number;
}

export type WebhookPatch = Partial<Pick<WebhookRecord, 'name' | 'url' | 'events' | 'active'>>;

export interface WebhookEventRecord {
  id: string;
  type: WebhookEventType;
  meetingId: string | null;
  /** The body sent to receivers (WebhookEventBody). */
  payload: Record<string, unknown>;
  at: string;
}

export interface WebhookDeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  meetingId: string | null;
  /** Deliveries of one webhook and lane (a meeting, or `-`) go out in `seq` order. */
  lane: string;
  /** The event's position in the log (assigned by the store when the event is recorded). */
  seq: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  /**
   * Who is posting it right now (a claim token, one per attempt) and until when the claim holds;
   * both null when nobody is. A claim whose `leaseUntil` has passed is free to take over (its
   * process died or stalled).
   */
  claimedBy: string | null;
  leaseUntil: string | null;
}

/** A claim on the next delivery of a lane: who takes it, the time now, and until when it is theirs. */
export interface LaneClaimRequest {
  by: string;
  now: string;
  until: string;
}

/**
 * What `claimNextInLane` found: the lane's first pending delivery, now claimed by the caller;
 * that delivery held by someone else's live claim; or nothing pending up to the asked position.
 */
export type LaneClaim =
  | { state: 'claimed'; delivery: WebhookDeliveryRecord }
  | { state: 'busy'; delivery: WebhookDeliveryRecord }
  | { state: 'idle' };

export type DeliveryPatch = Partial<
  Pick<WebhookDeliveryRecord, 'status' | 'attempts' | 'lastStatus' | 'lastError' | 'deliveredAt'>
> & { updatedAt: string };

export interface DeliveryFilter {
  webhookId?: string | undefined;
  status?: WebhookDeliveryStatus | undefined;
  limit: number;
  offset: number;
}

export interface IntegrationsRepo {
  createToken(token: ApiTokenRecord): Promise<ApiTokenRecord>;
  /** Newest first. */
  listTokens(): Promise<ApiTokenRecord[]>;
  getToken(id: string): Promise<ApiTokenRecord | null>;
  getTokenByHash(hash: string): Promise<ApiTokenRecord | null>;
  /** Sets `revokedAt` when not revoked yet; answers the stored record (null: no such token). */
  revokeToken(id: string, at: string): Promise<ApiTokenRecord | null>;
  /** Records a use (callers write it at most once a minute per token). */
  touchToken(id: string, at: string): Promise<void>;

  createWebhook(hook: WebhookRecord): Promise<WebhookRecord>;
  listWebhooks(): Promise<WebhookRecord[]>;
  getWebhook(id: string): Promise<WebhookRecord | null>;
  /** `VersionConflictError('webhook')` when the stored version differs, `RecordNotFoundError` when gone. */
  updateWebhook(
    id: string,
    patch: WebhookPatch,
    expectedVersion: number,
    now: string,
  ): Promise<WebhookRecord>;
  /** Removes the webhook and its deliveries; false when there was none. */
  removeWebhook(id: string): Promise<boolean>;

  /**
   * Stores an event and its deliveries (pending, seq assigned here, after every event recorded
   * before) in one write; answers the deliveries as stored.
   */
  recordEvent(
    event: WebhookEventRecord,
    deliveries: Omit<WebhookDeliveryRecord, 'seq'>[],
  ): Promise<WebhookDeliveryRecord[]>;
  getEvent(id: string): Promise<WebhookEventRecord | null>;
  /** A meeting's events of these types, in the order they happened. */
  listEvents(meetingId: string, types: WebhookEventType[]): Promise<WebhookEventRecord[]>;

  getDelivery(id: string): Promise<WebhookDeliveryRecord | null>;
  /**
   * In one store transaction: takes the first pending delivery (lowest seq) of one webhook and
   * lane for `claim.by` until `claim.until` — only that one, so nobody posts a later delivery of
   * the lane while an earlier one is pending — when its seq is at most `uptoSeq` and no other
   * claim on it is still live (`leaseUntil` after `claim.now`). Every process sharing the store
   * sees the claim, so one delivery is posted by one process at a time, in lane order.
   */
  claimNextInLane(
    webhookId: string,
    lane: string,
    uptoSeq: number,
    claim: LaneClaimRequest,
  ): Promise<LaneClaim>;
  /**
   * Records the outcome of a claimed attempt and frees the claim, only while `by` still holds it;
   * null when the claim was lost (it expired and another process took the delivery over).
   */
  settleClaim(id: string, by: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null>;
  updateDelivery(id: string, patch: DeliveryPatch): Promise<WebhookDeliveryRecord | null>;
  /** Newest first. */
  listDeliveries(filter: DeliveryFilter): Promise<{ items: WebhookDeliveryRecord[]; total: number }>;
}
