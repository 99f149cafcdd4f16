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
import { postWebhook, WebhookError } from '../../notify/webhook.js';
import { RecordNotFoundError, VersionConflictError, type Store } from '../../store/port.js';
import type { WebhookDeliveryRecord, WebhookPatch, WebhookRecord } from '../../store/integrations.port.js';
import type { AuditService } from '../audit/audit.service.js';

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
  /** Loopback receivers allowed (tests, development); never this server itself. */
  allowLoopback: boolean;
  timeoutMs: number;
  /** The addresses this server answers at (PUBLIC_URL, where it listens), to refuse webhooks at itself. */
  selfUrls: () => string[];
}

const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '0.0.0.0' ||
    h === '::1' ||
    h === '::' ||
    /^::ffff:127\./.test(h) ||
    /^::ffff:7f/.test(h)
  );
};

const portOf = (u: URL): string => u.port || (u.protocol === 'https:' ? '443' : '80');

/**
 * Whether a webhook may be sent to `href`: http(s) only (the schema checked it), never this server
 * (its public address, or its listening port on a loopback or its own host name), and not a
 * loopback address at all unless `allowLoopback` (tests and development). Answers the message
 * key of the refusal, or null.
 */
export function refuseWebhookUrl(
  href: string,
  opts: { allowLoopback: boolean; selfUrls: string[] },
): 'webhook_url' | 'webhook_url_self' | 'webhook_url_loopback' | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return 'webhook_url';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'webhook_url';
  for (const self of opts.selfUrls) {
    let s: URL;
    try {
      s = new URL(self);
    } catch {
      continue;
    }
    if (portOf(u) !== portOf(s)) continue;
    const host = u.hostname.toLowerCase();
    if (host === s.hostname.toLowerCase() || (isLoopbackHost(host) && isLoopbackHost(s.hostname)))
      return 'webhook_url_self';
    // A server listening on every interface (0.0.0.0) answers on its loopback too.
    if (isLoopbackHost(host) && ['0.0.0.0', '[::]', '::'].includes(s.hostname)) return 'webhook_url_self';
  }
  if (isLoopbackHost(u.hostname) && !opts.allowLoopback) return 'webhook_url_loopback';
  return null;
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
 * job per delivery posts it, HMAC-signed like the invitation gateway. Deliveries of one webhook
 * and one meeting go out in order: a job first sends every earlier pending delivery of its lane,
 * so a receiver that fails and recovers gets each event once, in order. A failure is retried with
 * backoff; a 4xx refusal (other than 408/429) or the last attempt marks the delivery failed, and an
 * administrator may re-send it from the delivery log.
 */
export class WebhooksService {
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(private readonly deps: WebhooksDeps) {
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

  /** Sends, in order, every pending delivery of the lane up to this one; throws to retry. */
  private async sendLane(deliveryId: string): Promise<void> {
    const repo = this.deps.store.integrations;
    const mine = await repo.getDelivery(deliveryId);
    if (!mine || mine.status !== 'pending') return;
    const hook = await repo.getWebhook(mine.webhookId);
    if (!hook) return;
    if (!hook.active) throw new PermanentJobError('webhook turned off');
    // Checked again at each sending: the server's address or the loopback rule may have changed.
    const refusal = refuseWebhookUrl(hook.url, {
      allowLoopback: this.deps.allowLoopback,
      selfUrls: this.deps.selfUrls(),
    });
    if (refusal) throw new PermanentJobError(`address refused (${refusal})`);
    for (const d of await repo.pendingInLane(mine.webhookId, mine.lane, mine.seq)) {
      const event = await repo.getEvent(d.eventId);
      if (!event) {
        await repo.updateDelivery(d.id, {
          status: 'failed',
          lastError: 'event missing',
          updatedAt: this.now(),
        });
        continue;
      }
      try {
        const { status } = await postWebhook(hook.url, hook.secret, event.payload, {
          timeoutMs: this.deps.timeoutMs,
          now: () => this.deps.clock.now(),
        });
        await repo.updateDelivery(d.id, {
          status: 'delivered',
          attempts: d.attempts + 1,
          lastStatus: status,
          lastError: null,
          deliveredAt: this.now(),
          updatedAt: this.now(),
        });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        const httpStatus = /^HTTP (\d{3})/.exec(reason)?.[1];
        const refused = err instanceof WebhookError && err.permanent;
        await repo.updateDelivery(d.id, {
          ...(refused ? { status: 'failed' as const } : {}),
          attempts: d.attempts + 1,
          lastStatus: httpStatus ? Number(httpStatus) : null,
          lastError: reason,
          updatedAt: this.now(),
        });
        // A receiver that refuses one event for good does not hold back the ones after it.
        if (refused) continue;
        throw err;
      }
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

  private checkUrl(url: string): void {
    const refusal = refuseWebhookUrl(url, {
      allowLoopback: this.deps.allowLoopback,
      selfUrls: this.deps.selfUrls(),
    });
    if (refusal) throw errors.invalid([{ path: 'url', key: `field_${refusal}` }]);
  }

  async list(): Promise<Webhook[]> {
    return (await this.deps.store.integrations.listWebhooks()).map(presentWebhook);
  }

  async create(caller: IntegrationCaller, input: WebhookCreateInput): Promise<WebhookCreated> {
    this.checkUrl(input.url);
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
    if (patch.url !== undefined) this.checkUrl(patch.url);
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
