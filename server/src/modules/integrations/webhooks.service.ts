import { randomBytes, randomUUID } from 'node:crypto';
import type {
  Meeting,
  Paged,
  Webhook,
  WebhookCreated,
  WebhookCreateInput,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookEventBody,
  WebhookEventType,
  WebhookUpdateInput,
} from '@icabinet/shared';
import { errors } from '../../errors.js';
import type { EventBus, TaskEventSummary } from '../../events/bus.js';
import { PermanentJobError, type JobRunner } from '../../jobs/job-runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import { WebhookError } from '../../notify/webhook.js';
import { RecordNotFoundError, VersionConflictError, type Store } from '../../store/port.js';
import type { WebhookDeliveryRecord, WebhookPatch, WebhookRecord } from '../../store/integrations.port.js';
import type { AuditService } from '../audit/audit.service.js';
import {
  checkWebhookAddress,
  machineAddresses,
  systemResolver,
  type GuardResult,
  type HostResolver,
} from './address-guard.js';
import { postPinned } from './webhook-post.js';

export const WEBHOOK_JOB = 'webhook.deliver';
/** Attempts per delivery job before it is marked failed (backoff doubles from 2 s, capped at 10 min). */
const MAX_ATTEMPTS = 10;

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
  /** Receivers on this machine allowed (tests, development); never this server itself. */
  allowLoopback: boolean;
  timeoutMs: number;
  /** The addresses this server answers at (PUBLIC_URL, where it listens), to refuse webhooks at itself. */
  selfUrls: () => string[];
  /** The port this process listens on (any address of this machine at it is this server). */
  listenPort: () => number | null;
  /** Resolves receivers' host names (the system's resolver unless given: tests add names). */
  resolveHost?: HostResolver;
}

/** How long a delivery claimed for posting stays ours beyond the request's own time limit. */
const LEASE_MARGIN_MS = 15_000;
/** How often a job waiting for another process to finish posting in its lane looks again. */
const BUSY_POLL_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

/** What every event tells of a meeting; a confidential meeting's title and place stay inside. */
export function meetingSummary(m: Meeting): Record<string, unknown> {
  const secret = m.confidentiality === 'confidential';
  return {
    id: m.id,
    title: secret ? null : m.title,
    kind: m.kind,
    location: secret ? null : m.location,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    status: m.status,
    confidentiality: m.confidentiality,
  };
}

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
  /** Jobs of one lane in this process run one after another (other processes: the claims). */
  private readonly lanes = new Map<string, Promise<void>>();
  /** Names this process's claims (each claim gets its own token on top). */
  private readonly instance = randomUUID().slice(0, 8);
  private readonly resolveHost: HostResolver;

  constructor(private readonly deps: WebhooksDeps) {
    this.resolveHost = deps.resolveHost ?? systemResolver;
    deps.jobs.register(
      WEBHOOK_JOB,
      (p) => this.deliverJob(p['deliveryId'] as string),
      (p, reason) => this.deliveryFailed(p['deliveryId'] as string, reason),
    );
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Subscribes to the domain events that are told to webhooks. */
  listen(): void {
    const { bus } = this.deps;
    bus.on('meeting.published', ({ meeting }) =>
      this.publish('meeting.published', meeting.id, { meeting: meetingSummary(meeting) }),
    );
    // A draft is nobody's business outside; an edit that changed nothing told is no event.
    bus.on('meeting.changed', ({ meeting, changes }) =>
      meeting.status === 'draft' || changes.length === 0
        ? undefined
        : this.publish('meeting.changed', meeting.id, {
            meeting: meetingSummary(meeting),
            changes: meeting.confidentiality === 'confidential' ? [] : changes,
          }),
    );
    bus.on('meeting.cancelled', ({ meeting }) =>
      this.publish('meeting.cancelled', meeting.id, {
        meeting: meetingSummary(meeting),
        reason: meeting.confidentiality === 'confidential' ? null : meeting.statusReason,
      }),
    );
    bus.on('meeting.statusChanged', ({ meeting, from }) =>
      meeting.status === 'ended' && from !== 'ended'
        ? this.publish('meeting.ended', meeting.id, { meeting: meetingSummary(meeting) })
        : undefined,
    );
    bus.on('minutes.signed', ({ meetingId, documentId }) =>
      this.publish('minutes.signed', meetingId, { documentId }),
    );
    bus.on('conclusion.issued', ({ meetingId, documentId, signed }) =>
      this.publish('conclusion.issued', meetingId, { documentId, signed }),
    );
    const task =
      (type: WebhookEventType) =>
      ({ task: t }: { task: TaskEventSummary }) =>
        this.publish(type, t.meetingId, { task: t });
    bus.on('task.assigned', task('task.assigned'));
    bus.on('task.overdue', task('task.overdue'));
    bus.on('task.done', task('task.done'));
  }

  /** Records an event and queues its deliveries (one write for both). */
  async publish(
    type: WebhookEventType,
    meetingId: string | null,
    data: Record<string, unknown>,
  ): Promise<void> {
    const at = this.now();
    const body: WebhookEventBody = { id: randomUUID(), type, occurredAt: at, meetingId, data };
    const hooks = (await this.deps.store.integrations.listWebhooks()).filter(
      (h) => h.active && h.events.includes(type),
    );
    // Signed documents are listed from the log (integration-api.ts): those are kept even unheard.
    if (hooks.length === 0 && type !== 'minutes.signed' && type !== 'conclusion.issued') return;
    const lane = meetingId ?? '-';
    await this.deps.store.transaction(async () => {
      const stored = await this.deps.store.integrations.recordEvent(
        { id: body.id, type, meetingId, payload: body as unknown as Record<string, unknown>, at },
        hooks.map((h) => ({
          id: randomUUID(),
          webhookId: h.id,
          eventId: body.id,
          eventType: type,
          meetingId,
          lane,
          status: 'pending' as const,
          attempts: 0,
          lastStatus: null,
          lastError: null,
          createdAt: at,
          updatedAt: at,
          deliveredAt: null,
          claimedBy: null,
          leaseUntil: null,
        })),
      );
      await this.deps.jobs.enqueueMany(stored.map((d) => this.jobOf(d.id, d.id)));
    });
  }

  private jobOf(deliveryId: string, key: string) {
    return {
      kind: WEBHOOK_JOB,
      key: `webhook:${key}`,
      payload: { deliveryId },
      maxAttempts: MAX_ATTEMPTS,
    };
  }

  /** Runs `fn` after every earlier run of the same lane in this process (one sender per lane). */
  private async inLane(lane: string, fn: () => Promise<void>): Promise<void> {
    const before = this.lanes.get(lane) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.lanes.set(lane, tail);
    try {
      await run;
    } finally {
      if (this.lanes.get(lane) === tail) this.lanes.delete(lane);
    }
  }

  private async deliverJob(deliveryId: string): Promise<void> {
    const first = await this.deps.store.integrations.getDelivery(deliveryId);
    if (!first || first.status !== 'pending') return;
    await this.inLane(`${first.webhookId}|${first.lane}`, () => this.sendLane(deliveryId));
  }

  /** Where a webhook may be sent now: resolved and checked (the address to connect to), or why not. */
  checkAddress(url: string): Promise<GuardResult> {
    return checkWebhookAddress(url, {
      allowLoopback: this.deps.allowLoopback,
      selfUrls: this.deps.selfUrls(),
      listenPort: this.deps.listenPort(),
      ownAddresses: machineAddresses(),
      resolve: this.resolveHost,
      timeoutMs: this.deps.timeoutMs,
    });
  }

  /**
   * Sends, in order, the pending deliveries of the lane up to this one, each claimed first; throws
   * to retry (a failed post, or another process still posting in the lane).
   */
  private async sendLane(deliveryId: string): Promise<void> {
    const repo = this.deps.store.integrations;
    const mine = await repo.getDelivery(deliveryId);
    if (!mine || mine.status !== 'pending') return;
    const hook = await repo.getWebhook(mine.webhookId);
    if (!hook) return;
    if (!hook.active) throw new PermanentJobError('webhook turned off');
    // Checked again at each sending (the name may resolve elsewhere now, the rules may have
    // changed), and the request pinned to the address checked.
    const target = await this.checkAddress(hook.url);
    if (!target.ok) {
      const reason = `address refused (${target.refusal}: ${target.detail})`;
      // A name that does not resolve may be DNS having a bad moment: tried again later.
      if (target.refusal === 'webhook_url_unresolved') throw new Error(reason);
      throw new PermanentJobError(reason);
    }
    let waitedMs = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const by = `${this.instance}:${randomUUID()}`;
      const claim = await repo.claimNextInLane(mine.webhookId, mine.lane, mine.seq, {
        by,
        now: now.toISOString(),
        until: new Date(now.getTime() + this.deps.timeoutMs + LEASE_MARGIN_MS).toISOString(),
      });
      if (claim.state === 'idle') return;
      if (claim.state === 'busy') {
        // Another process is posting the lane's first delivery: it is done within its time limit.
        if (waitedMs > this.deps.timeoutMs + 1000)
          throw new Error(`waiting for another process sending delivery ${claim.delivery.id}`);
        await sleep(BUSY_POLL_MS);
        waitedMs += BUSY_POLL_MS;
        continue;
      }
      waitedMs = 0;
      await this.attempt(hook, target, claim.delivery, by);
    }
  }

  /** Posts one claimed delivery and records the outcome; throws when it is to be tried again. */
  private async attempt(
    hook: WebhookRecord,
    target: Extract<GuardResult, { ok: true }>,
    d: WebhookDeliveryRecord,
    by: string,
  ): Promise<void> {
    const repo = this.deps.store.integrations;
    const event = await repo.getEvent(d.eventId);
    if (!event) {
      await repo.settleClaim(d.id, by, {
        status: 'failed',
        lastError: 'event missing',
        updatedAt: this.now(),
      });
      return;
    }
    try {
      const { status } = await postPinned(
        target.url,
        target.pinned,
        hook.secret,
        event.payload as unknown as WebhookEventBody,
        { timeoutMs: this.deps.timeoutMs, now: () => this.deps.clock.now() },
      );
      const settled = await repo.settleClaim(d.id, by, {
        status: 'delivered',
        attempts: d.attempts + 1,
        lastStatus: status,
        lastError: null,
        deliveredAt: this.now(),
        updatedAt: this.now(),
      });
      // The claim ran out while posting and another process took the delivery over: it posts it
      // (again — the receiver drops the second by its id) and records it.
      if (!settled) this.deps.logger.warn({ deliveryId: d.id }, 'webhook delivery claim lost while posting');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const httpStatus = /^HTTP (\d{3})/.exec(reason)?.[1];
      const refused = err instanceof WebhookError && err.permanent;
      await repo.settleClaim(d.id, by, {
        ...(refused ? { status: 'failed' as const } : {}),
        attempts: d.attempts + 1,
        lastStatus: httpStatus ? Number(httpStatus) : null,
        lastError: reason,
        updatedAt: this.now(),
      });
      // A receiver that refuses one event for good does not hold back the ones after it.
      if (refused) return;
      throw err;
    }
  }

  private async deliveryFailed(deliveryId: string, reason: string): Promise<void> {
    const d = await this.deps.store.integrations.getDelivery(deliveryId);
    if (!d || d.status !== 'pending') return;
    await this.deps.store.integrations.updateDelivery(deliveryId, {
      status: 'failed',
      lastError: reason,
      updatedAt: this.now(),
    });
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
    await this.deps.jobs.enqueue(this.jobOf(id, `${id}:resend:${now}:${randomUUID()}`));
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
