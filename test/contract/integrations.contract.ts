import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DuplicateKeyError,
  RecordNotFoundError,
  VersionConflictError,
  type ApiTokenRecord,
  type WebhookDeliveryRecord,
  type WebhookRecord,
} from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at } from './fixtures.js';

const token = (overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: randomUUID(),
  name: 'Hệ thống quản lý văn bản',
  scopes: ['documents:read'],
  hash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
  prefix: 'icab_abcdef',
  createdAt: at(1),
  createdBy: null,
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

const hook = (overrides: Partial<WebhookRecord> = {}): WebhookRecord => ({
  id: randomUUID(),
  name: 'Văn bản',
  url: 'https://vanban.example/su-kien',
  secret: 'whsec_x',
  events: ['meeting.published'],
  active: true,
  createdAt: at(1),
  createdBy: null,
  updatedAt: at(1),
  version: 0,
  ...overrides,
});

const delivery = (webhookId: string, eventId: string, lane: string): Omit<WebhookDeliveryRecord, 'seq'> => ({
  id: randomUUID(),
  webhookId,
  eventId,
  eventType: 'meeting.published',
  meetingId: lane,
  lane,
  status: 'pending',
  attempts: 0,
  lastStatus: null,
  lastError: null,
  createdAt: at(2),
  updatedAt: at(2),
  deliveredAt: null,
});

/** API tokens (by hash, revocation), webhooks (versions) and the event log with ordered deliveries. */
export function integrationsContract(store: CurrentStore): void {
  describe('integrations', () => {
    it('finds a token by its hash, revokes it once, refuses a second token with the same hash', async () => {
      const t = await store().integrations.createToken(token());
      await expect(store().integrations.getTokenByHash(t.hash)).resolves.toEqual(t);
      await expect(store().integrations.createToken(token({ hash: t.hash }))).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      const revoked = await store().integrations.revokeToken(t.id, at(5));
      expect(revoked?.revokedAt).toBe(at(5));
      expect((await store().integrations.revokeToken(t.id, at(9)))?.revokedAt).toBe(at(5));
      await expect(store().integrations.revokeToken(randomUUID(), at(5))).resolves.toBeNull();
      await store().integrations.touchToken(t.id, at(6));
      expect((await store().integrations.getToken(t.id))?.lastUsedAt).toBe(at(6));
    });

    it('updates a webhook at its version only, and removes it with its deliveries', async () => {
      const h = await store().integrations.createWebhook(hook());
      const next = await store().integrations.updateWebhook(h.id, { active: false }, 0, at(3));
      expect(next).toMatchObject({ active: false, version: 1, updatedAt: at(3) });
      await expect(store().integrations.updateWebhook(h.id, { name: 'x' }, 0, at(4))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().integrations.updateWebhook(randomUUID(), {}, 0, at(4))).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
      const [d] = await store().integrations.recordEvent(
        { id: randomUUID(), type: 'meeting.published', meetingId: null, payload: { a: 1 }, at: at(2) },
        [delivery(h.id, randomUUID(), '-')],
      );
      await expect(store().integrations.removeWebhook(h.id)).resolves.toBe(true);
      await expect(store().integrations.getDelivery(d!.id)).resolves.toBeNull();
      await expect(store().integrations.removeWebhook(h.id)).resolves.toBe(false);
    });

    it('numbers events in order and gives the pending deliveries of a lane in that order', async () => {
      const h = await store().integrations.createWebhook(hook());
      const meeting = randomUUID();
      const stored: WebhookDeliveryRecord[] = [];
      for (let i = 0; i < 3; i++) {
        const eventId = randomUUID();
        const [d] = await store().integrations.recordEvent(
          { id: eventId, type: 'minutes.signed', meetingId: meeting, payload: { n: i }, at: at(10 + i) },
          [delivery(h.id, eventId, meeting)],
        );
        stored.push(d!);
      }
      expect(stored[0]!.seq).toBeLessThan(stored[1]!.seq);
      expect(stored[1]!.seq).toBeLessThan(stored[2]!.seq);
      await store().integrations.updateDelivery(stored[0]!.id, { status: 'delivered', updatedAt: at(20) });
      const pending = await store().integrations.pendingInLane(h.id, meeting, stored[2]!.seq);
      expect(pending.map((d) => d.id)).toEqual([stored[1]!.id, stored[2]!.id]);
      expect(await store().integrations.pendingInLane(h.id, meeting, stored[1]!.seq)).toHaveLength(1);
      const events = await store().integrations.listEvents(meeting, ['minutes.signed']);
      expect(events.map((e) => e.payload)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      const log = await store().integrations.listDeliveries({ webhookId: h.id, limit: 2, offset: 0 });
      expect(log.total).toBe(3);
      expect(log.items.map((d) => d.id)).toEqual([stored[2]!.id, stored[1]!.id]);
      const failed = await store().integrations.listDeliveries({ status: 'delivered', limit: 10, offset: 0 });
      expect(failed.items.map((d) => d.id)).toContain(stored[0]!.id);
    });
  });
}
