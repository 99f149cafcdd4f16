/**
 * The domain events told to webhooks: which bus events become which webhook event (a draft, an
 * edit that changed nothing, a confidential meeting's title and place stay inside), and each one
 * recorded once in the event log with one pending delivery per active webhook that wants it.
 */
import { randomUUID } from 'node:crypto';
import type { Meeting, WebhookEventBody, WebhookEventType } from '@icabinet/shared';
import type { TaskEventSummary } from '../../events/bus.js';
import { deliveryJob } from './webhooks.delivery.js';
import type { WebhooksDeps } from './webhooks.service.js';

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

export class WebhookEvents {
  constructor(private readonly deps: Pick<WebhooksDeps, 'store' | 'clock' | 'jobs' | 'bus'>) {}

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
    const at = this.deps.clock.now().toISOString();
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
      await this.deps.jobs.enqueueMany(stored.map((d) => deliveryJob(d.id, d.id)));
    });
  }
}
