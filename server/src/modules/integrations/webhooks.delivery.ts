/**
 * Sending webhook deliveries: one persisted job per delivery; deliveries of one webhook and one
 * meeting (a lane) go out in order and each once across every server process sharing the store
 * (a claim with a lease per delivery, taken in one store transaction), the receiver's address
 * checked again before each sending and the request pinned to the address checked, a failure
 * retried with backoff or marked failed for good.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookEventBody } from '@icabinet/shared';
import { PermanentJobError } from '../../jobs/job-runner.js';
import { WebhookError } from '../../notify/webhook.js';
import type { WebhookDeliveryRecord, WebhookRecord } from '../../store/integrations.port.js';
import type { AddressCheck, GuardResult } from './address-guard.js';
import { EVENT_ID_HEADER, postPinned } from './webhook-post.js';
import type { WebhooksDeps } from './webhooks.service.js';

export const WEBHOOK_JOB = 'webhook.deliver';
/** Attempts per delivery job before it is marked failed (backoff doubles from 2 s, capped at 10 min). */
const MAX_ATTEMPTS = 10;

/** How long a delivery claimed for posting stays ours beyond the request's own time limit. */
const LEASE_MARGIN_MS = 15_000;
/** How often a job waiting for another process to finish posting in its lane looks again. */
const BUSY_POLL_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The persisted job that sends one delivery (`key` makes it once: a re-send gets a fresh one). */
export function deliveryJob(deliveryId: string, key: string) {
  return {
    kind: WEBHOOK_JOB,
    key: `webhook:${key}`,
    payload: { deliveryId },
    maxAttempts: MAX_ATTEMPTS,
  };
}

export class WebhookSender {
  /** Jobs of one lane in this process run one after another (other processes: the claims). */
  private readonly lanes = new Map<string, Promise<void>>();
  /** Names this process's claims (each claim gets its own token on top). */
  private readonly instance = randomUUID().slice(0, 8);

  constructor(
    private readonly deps: WebhooksDeps,
    /** Where a webhook may be sent now: resolved and checked, or why not. */
    private readonly checkAddress: AddressCheck,
  ) {
    deps.jobs.register(
      WEBHOOK_JOB,
      (p) => this.deliverJob(p['deliveryId'] as string),
      (p, reason) => this.deliveryFailed(p['deliveryId'] as string, reason),
    );
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
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
      const body = event.payload as unknown as WebhookEventBody;
      const { status } = await postPinned(target.url, target.pinned, hook.secret, body, {
        timeoutMs: this.deps.timeoutMs,
        now: () => this.deps.clock.now(),
        headers: { [EVENT_ID_HEADER]: body.id },
      });
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
}
