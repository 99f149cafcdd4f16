import { describe, expect, it } from 'vitest';
import { DuplicateKeyError } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { makeAudit } from './fixtures.js';

/** The audit log: append-only, one entry per seq, read forwards for verification and backwards for admins. */
export function auditContract(store: CurrentStore): void {
  describe('audit', () => {
    const appendAll = async (count: number) => {
      for (let seq = 1; seq <= count; seq++) await store().audit.append(makeAudit(seq));
    };

    it('has no last entry while the log is empty', async () => {
      await expect(store().audit.last()).resolves.toBeNull();
      await expect(store().audit.listRecent(10, 0)).resolves.toEqual({ items: [], total: 0 });
    });

    it('appends entries and returns the newest as the last, data intact', async () => {
      const first = makeAudit(1, {
        prevHash: '',
        actorId: null,
        targetType: null,
        targetId: null,
        ip: null,
        data: {},
      });
      const second = makeAudit(2, {
        data: { note: 'Đổi chức danh', nested: { list: [1, 'hai', null], ok: true } },
      });
      await store().audit.append(first);
      await store().audit.append(second);
      await expect(store().audit.last()).resolves.toEqual(second);
      await expect(store().audit.listAfter(0, 10)).resolves.toEqual([first, second]);
    });

    it('refuses a second entry with a seq already taken and keeps the first', async () => {
      const winner = makeAudit(1);
      await store().audit.append(winner);
      const loser = store().audit.append(makeAudit(1, { hash: 'other-writer' }));
      await expect(loser).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(loser).rejects.toMatchObject({ field: 'seq' });
      await expect(store().audit.listAfter(0, 10)).resolves.toEqual([winner]);
    });

    it('lists entries after a seq in ascending order, up to the limit', async () => {
      await appendAll(7);
      const seqs = (await store().audit.listAfter(3, 3)).map((e) => e.seq);
      expect(seqs).toEqual([4, 5, 6]);
      await expect(store().audit.listAfter(7, 10)).resolves.toEqual([]);
    });

    it('lists recent entries newest first, paged, with the total', async () => {
      await appendAll(5);
      const first = await store().audit.listRecent(2, 0);
      expect(first.items.map((e) => e.seq)).toEqual([5, 4]);
      expect(first.total).toBe(5);
      const last = await store().audit.listRecent(2, 4);
      expect(last.items.map((e) => e.seq)).toEqual([1]);
      expect(last.total).toBe(5);
    });
  });
}
