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
  claimedBy: null,
  leaseUntil: null,
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
      const claim = await store().integrations.claimNextInLane(h.id, meeting, stored[2]!.seq, {
        by: 'a',
        now: at(21),
        until: at(22),
      });
      expect(claim).toMatchObject({ state: 'claimed', delivery: { id: stored[1]!.id, claimedBy: 'a' } });
      const events = await store().integrations.listEvents(meeting, ['minutes.signed']);
      expect(events.map((e) => e.payload)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      const log = await store().integrations.listDeliveries({ webhookId: h.id, limit: 2, offset: 0 });
      expect(log.total).toBe(3);
      expect(log.items.map((d) => d.id)).toEqual([stored[2]!.id, stored[1]!.id]);
      const failed = await store().integrations.listDeliveries({ status: 'delivered', limit: 10, offset: 0 });
      expect(failed.items.map((d) => d.id)).toContain(stored[0]!.id);
    });

    /** A webhook with three events of one meeting recorded in order: their deliveries. */
    async function lane(): Promise<{ h: WebhookRecord; meeting: string; d: WebhookDeliveryRecord[] }> {
      const h = await store().integrations.createWebhook(hook());
      const meeting = randomUUID();
      const d: WebhookDeliveryRecord[] = [];
      for (let i = 0; i < 3; i++) {
        const eventId = randomUUID();
        const [one] = await store().integrations.recordEvent(
          { id: eventId, type: 'meeting.changed', meetingId: meeting, payload: { n: i }, at: at(10 + i) },
          [delivery(h.id, eventId, meeting)],
        );
        d.push(one!);
      }
      return { h, meeting, d };
    }
    const claimBy = (by: string, now: number, until = now + 1) => ({ by, now: at(now), until: at(until) });

    it('claims only the first pending delivery of a lane, one claimer at a time, and frees it when settled', async () => {
      const { h, meeting, d } = await lane();
      const repo = store().integrations;
      const last = d[2]!.seq;
      // Whoever asks for the last one gets the first: nobody posts a later one while an earlier is pending.
      const a = await repo.claimNextInLane(h.id, meeting, last, claimBy('a', 20));
      expect(a).toMatchObject({
        state: 'claimed',
        delivery: { id: d[0]!.id, claimedBy: 'a', leaseUntil: at(21) },
      });
      expect(await repo.getDelivery(d[0]!.id)).toMatchObject({ claimedBy: 'a', leaseUntil: at(21) });
      // Held by a: another claimer is told busy, and is not given the second one instead.
      const b = await repo.claimNextInLane(h.id, meeting, last, claimBy('b', 20));
      expect(b).toMatchObject({ state: 'busy', delivery: { id: d[0]!.id, claimedBy: 'a' } });
      // A failed attempt frees it, still pending: the next claimer takes the same one again.
      const failed = await repo.settleClaim(d[0]!.id, 'a', {
        attempts: 1,
        lastError: 'HTTP 503',
        updatedAt: at(20),
      });
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null, leaseUntil: null });
      const b2 = await repo.claimNextInLane(h.id, meeting, last, claimBy('b', 20));
      expect(b2).toMatchObject({ state: 'claimed', delivery: { id: d[0]!.id, attempts: 1 } });
      // Only the holder settles it.
      await expect(
        repo.settleClaim(d[0]!.id, 'a', { status: 'delivered', updatedAt: at(20) }),
      ).resolves.toBeNull();
      expect((await repo.getDelivery(d[0]!.id))?.status).toBe('pending');
      const done = await repo.settleClaim(d[0]!.id, 'b', {
        status: 'delivered',
        attempts: 2,
        lastStatus: 200,
        deliveredAt: at(20),
        updatedAt: at(20),
      });
      expect(done).toMatchObject({ status: 'delivered', attempts: 2, claimedBy: null, leaseUntil: null });
      // Then the second; asking only up to the first finds nothing left to do.
      await expect(repo.claimNextInLane(h.id, meeting, d[0]!.seq, claimBy('c', 20))).resolves.toEqual({
        state: 'idle',
      });
      const c = await repo.claimNextInLane(h.id, meeting, last, claimBy('c', 20));
      expect(c).toMatchObject({ state: 'claimed', delivery: { id: d[1]!.id } });
      // Another lane, or another webhook, is not held back.
      const other = await lane();
      expect(
        await repo.claimNextInLane(other.h.id, other.meeting, other.d[2]!.seq, claimBy('d', 20)),
      ).toMatchObject({ state: 'claimed', delivery: { id: other.d[0]!.id } });
    });

    it('lets another claimer take over a claim whose lease ran out; the late holder cannot settle', async () => {
      const { h, meeting, d } = await lane();
      const repo = store().integrations;
      await repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy('dead', 20, 21));
      expect(await repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy('b', 20))).toMatchObject({
        state: 'busy',
      });
      const b = await repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy('b', 21, 22));
      expect(b).toMatchObject({ state: 'claimed', delivery: { id: d[0]!.id, claimedBy: 'b' } });
      await expect(
        repo.settleClaim(d[0]!.id, 'dead', { status: 'delivered', updatedAt: at(21) }),
      ).resolves.toBeNull();
      await expect(
        repo.settleClaim(d[0]!.id, 'b', { status: 'delivered', updatedAt: at(21) }),
      ).resolves.toMatchObject({ status: 'delivered', claimedBy: null });
    });

    it('a failed delivery does not hold the lane; one sent again holds the later ones until it is sent', async () => {
      const { h, meeting, d } = await lane();
      const repo = store().integrations;
      await repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy('a', 20));
      await repo.settleClaim(d[0]!.id, 'a', { status: 'failed', lastError: 'HTTP 410', updatedAt: at(20) });
      const next = await repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy('a', 20));
      expect(next).toMatchObject({ state: 'claimed', delivery: { id: d[1]!.id } });
      await repo.settleClaim(d[1]!.id, 'a', { status: 'delivered', updatedAt: at(20) });
      // The administrator re-sends the first: it goes before the third.
      await repo.updateDelivery(d[0]!.id, { status: 'pending', lastError: null, updatedAt: at(21) });
      const again = await repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy('b', 21));
      expect(again).toMatchObject({ state: 'claimed', delivery: { id: d[0]!.id } });
    });

    it('of many claimers at once, one wins the lane’s first delivery', async () => {
      const { h, meeting, d } = await lane();
      const repo = store().integrations;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          repo.claimNextInLane(h.id, meeting, d[2]!.seq, claimBy(`w${i}`, 20)),
        ),
      );
      expect(results.filter((r) => r.state === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.state === 'busy')).toHaveLength(7);
    });
  });
}
