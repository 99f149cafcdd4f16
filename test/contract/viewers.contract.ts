import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from './store-under-test.js';
import type { ViewerLinkRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting, makeUser } from './fixtures.js';

const link = (meetingId: string, createdBy: string, minute: number): ViewerLinkRecord => ({
  id: randomUUID(),
  meetingId,
  siteId: null,
  tokenHash: randomUUID().replace(/-/g, '').repeat(2),
  label: 'Màn hình hội trường',
  createdBy,
  createdAt: at(minute),
  revokedAt: null,
});

/** Viewer links: found by the token's hash only, listed per meeting in order, revoked once. */
export function viewerLinksContract(store: CurrentStore): void {
  describe('viewer links', () => {
    it('finds a link by its token hash and lists a meeting’s links oldest first', async () => {
      const user = await store().users.create(makeUser());
      const m = await store().meetings.create(makeMeeting());
      const other = await store().meetings.create(makeMeeting(60));
      const second = link(m.id, user.id, 5);
      const first = link(m.id, user.id, 1);
      await store().viewerLinks.create(second);
      await store().viewerLinks.create(first);
      await store().viewerLinks.create(link(other.id, user.id, 2));
      expect(await store().viewerLinks.getByTokenHash(first.tokenHash)).toEqual(first);
      expect(await store().viewerLinks.getByTokenHash('f'.repeat(64))).toBeNull();
      expect((await store().viewerLinks.listByMeeting(m.id)).map((l) => l.id)).toEqual([first.id, second.id]);
    });

    it('refuses a second link with the same token hash, keeping the first', async () => {
      const user = await store().users.create(makeUser());
      const m = await store().meetings.create(makeMeeting());
      const a = link(m.id, user.id, 1);
      await store().viewerLinks.create(a);
      await expect(
        store().viewerLinks.create({ ...link(m.id, user.id, 2), tokenHash: a.tokenHash }),
      ).rejects.toThrow();
      expect(await store().viewerLinks.listByMeeting(m.id)).toEqual([a]);
    });

    it('revokes once (the first moment stays) and says when there is no such link', async () => {
      const user = await store().users.create(makeUser());
      const m = await store().meetings.create(makeMeeting());
      const a = link(m.id, user.id, 1);
      await store().viewerLinks.create(a);
      expect((await store().viewerLinks.revoke(a.id, at(10))).revokedAt).toBe(at(10));
      expect((await store().viewerLinks.revoke(a.id, at(20))).revokedAt).toBe(at(10));
      expect((await store().viewerLinks.getById(a.id))?.revokedAt).toBe(at(10));
      await expect(store().viewerLinks.revoke(randomUUID(), at(30))).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });
  });
}
