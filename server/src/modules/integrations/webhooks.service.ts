import { randomBytes, randomUUID } from 'node:crypto';
import type {
  Paged,
  Webhook,
  WebhookCreated,
  WebhookCreateInput,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookEventType,
  WebhookUpdateInput,
} from '@icabinet/shared';
import { errors } from '../../errors.js';
import type { EventBus } from '../../events/bus.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import { RecordNotFoundError, VersionConflictError, type Store } from '../../store/port.js';
import type { WebhookDeliveryRecord, WebhookPatch, WebhookRecord } from '../../store/integrations.port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AddressCheck, GuardResult } from './address-guard.js';
import { deliveryJob, WebhookSender } from './webhooks.delivery.js';
import { WebhookEvents } from './webhooks.events.js';

/** Who changes webhooks or re-sends: an administrator, or another system with a token. */
export interface IntegrationCaller {
  userId: string | null;
  tokenId: string | null;
  ip: string;
}

export interface WebhooksDeps {
  store: Store;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  jobs: JobRunner;
  bus: EventBus;
  timeoutMs: number;
  /**
   * Where a receiver may be: resolved and checked at saving and before each sending (see
   * address-guard.ts; the SMS/Zalo gateway is checked by the same guard).
   */
  checkAddress: AddressCheck;
}

export const presentWebhook = (r: WebhookRecord): Webhook => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: r.events,
  active: r.active,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

/**
 * Outgoing event webhooks. Each domain event of interest is recorded once in an event log (in
 * the order it happened) with one pending delivery per active webhook that wants it; a persisted
 * job per delivery posts it, HMAC-signed like the invitation gateway.
 *
 * Deliveries of one webhook and one meeting (a lane) go out in order and each once, across every
 * server process sharing the store: a job claims, in one store transaction, the lane's first
 * pending delivery (with a lease), posts it, records the outcome and frees the claim, and goes
 * on until its own delivery is sent. Nobody may claim a delivery while an earlier one of its lane
 * is pending, nor one another process holds; a claim whose process died expires after the
 * request's time limit and another process takes over. That last case is the one way an event
 * is posted twice (the dead process may have been answered), so receivers drop an event whose
 * id (`X-ICabinet-Event-Id`) they already have: delivery is at least once, in order.
 *
 * A failure is retried with backoff; a 4xx refusal (other than 408/429) or the last attempt marks
 * the delivery failed, and an administrator may re-send it from the delivery log. The receiver's
 * address is resolved and checked at saving and again before each sending, and the request goes
 * to the address checked (see address-guard.ts).
 */
export class WebhooksService {
  /** Posting the deliveries (webhooks.delivery.ts). */
  private readonly sender: WebhookSender;
  /** The events told and their deliveries queued (webhooks.events.ts). */
  private readonly events: WebhookEvents;

  constructor(private readonly deps: WebhooksDeps) {
    this.sender = new WebhookSender(deps, deps.checkAddress);
    this.events = new WebhookEvents(deps);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Subscribes to the domain events that are told to webhooks. */
  listen(): void {
    this.events.listen();
  }

  /** Records an event and queues its deliveries (one write for both). */
  publish(type: WebhookEventType, meetingId: string | null, data: Record<string, unknown>): Promise<void> {
    return this.events.publish(type, meetingId, data);
  }

  /** Where a webhook may be sent now: resolved and checked (the address to connect to), or why not. */
  checkAddress(url: string): Promise<GuardResult> {
    return this.deps.checkAddress(url);
  }

  // ---- administration -----------------------------------------------------------------------

  /** Refuses (400, nothing stored) an address the guard refuses: where the name resolves now. */
  private async checkUrl(url: string): Promise<void> {
    const target = await this.checkAddress(url);
    if (!target.ok) throw errors.invalid([{ path: 'url', key: `field_${target.refusal}` }]);
  }

  async list(): Promise<Webhook[]> {
    return (await this.deps.store.integrations.listWebhooks()).map(presentWebhook);
  }

  async create(caller: IntegrationCaller, input: WebhookCreateInput): Promise<WebhookCreated> {
    await this.checkUrl(input.url);
    const now = this.now();
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const record: WebhookRecord = {
      id: randomUUID(),
      name: input.name,
      url: input.url,
      secret,
      events: input.events,
      active: input.active,
      createdAt: now,
      createdBy: caller.userId,
      updatedAt: now,
      version: 0,
    };
    await this.deps.store.integrations.createWebhook(record);
    await this.auditOf(caller, 'webhook.created', record.id, {
      name: record.name,
      url: record.url,
      events: record.events,
      active: record.active,
    });
    return { webhook: presentWebhook(record), secret };
  }

  async update(caller: IntegrationCaller, id: string, input: WebhookUpdateInput): Promise<Webhook> {
    const before = await this.deps.store.integrations.getWebhook(id);
    if (!before) throw errors.notFound('webhook_not_found');
    const { version, ...patch } = input;
    if (patch.url !== undefined) await this.checkUrl(patch.url);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(patch) as (keyof typeof patch)[]) {
      if (patch[key] !== undefined && JSON.stringify(before[key]) !== JSON.stringify(patch[key]))
        changes[key] = { from: before[key], to: patch[key] };
    }
    let after: WebhookRecord;
    try {
      const fields: WebhookPatch = {};
      if (patch.name !== undefined) fields.name = patch.name;
      if (patch.url !== undefined) fields.url = patch.url;
      if (patch.events !== undefined) fields.events = patch.events;
      if (patch.active !== undefined) fields.active = patch.active;
      after = await this.deps.store.integrations.updateWebhook(id, fields, version, this.now());
    } catch (err) {
      if (err instanceof VersionConflictError) throw errors.conflict();
      if (err instanceof RecordNotFoundError) throw errors.notFound('webhook_not_found');
      throw err;
    }
    if (Object.keys(changes).length > 0)
      await this.auditOf(caller, 'webhook.changed', id, { name: after.name, changes });
    return presentWebhook(after);
  }

  async remove(caller: IntegrationCaller, id: string): Promise<void> {
    const before = await this.deps.store.integrations.getWebhook(id);
    if (!before || !(await this.deps.store.integrations.removeWebhook(id)))
      throw errors.notFound('webhook_not_found');
    await this.auditOf(caller, 'webhook.removed', id, { name: before.name, url: before.url });
  }

  async deliveries(query: WebhookDeliveryQuery): Promise<Paged<WebhookDelivery>> {
    const [page, hooks] = await Promise.all([
      this.deps.store.integrations.listDeliveries(query),
      this.deps.store.integrations.listWebhooks(),
    ]);
    const names = new Map(hooks.map((h) => [h.id, h.name]));
    return {
      items: page.items.map((d) => presentDelivery(d, names.get(d.webhookId) ?? '')),
      total: page.total,
    };
  }

  /** Sends a delivery again (the same event, same id): back to pending, a fresh job. */
  async resend(caller: IntegrationCaller, id: string): Promise<WebhookDelivery> {
    const repo = this.deps.store.integrations;
    const d = await repo.getDelivery(id);
    if (!d) throw errors.notFound('webhook_delivery_not_found');
    const hook = await repo.getWebhook(d.webhookId);
    if (!hook) throw errors.notFound('webhook_delivery_not_found');
    const now = this.now();
    const updated = await repo.updateDelivery(id, { status: 'pending', lastError: null, updatedAt: now });
    await this.deps.jobs.enqueue(deliveryJob(id, `${id}:resend:${now}:${randomUUID()}`));
    await this.auditOf(caller, 'webhook.resent', hook.id, {
      name: hook.name,
      deliveryId: id,
      eventId: d.eventId,
      eventType: d.eventType,
    });
    return presentDelivery(updated ?? d, hook.name);
  }

  private auditOf(
    caller: IntegrationCaller,
    action: 'webhook.created' | 'webhook.changed' | 'webhook.removed' | 'webhook.resent',
    targetId: string,
    data: Record<string, unknown>,
  ) {
    return this.deps.audit.record({
      actorId: caller.userId,
      action,
      targetType: 'webhook',
      targetId,
      data: caller.tokenId ? { ...data, apiTokenId: caller.tokenId } : data,
      ip: caller.ip,
    });
  }
}

export const presentDelivery = (d: WebhookDeliveryRecord, webhookName: string): WebhookDelivery => ({
  id: d.id,
  webhookId: d.webhookId,
  webhookName,
  eventId: d.eventId,
  eventType: d.eventType,
  meetingId: d.meetingId,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  deliveredAt: d.deliveredAt,
});
