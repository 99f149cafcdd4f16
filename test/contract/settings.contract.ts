import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeAudit, makeUser } from './fixtures.js';

/** Run-time settings (optimistic versions) and the password history (newest first, pruned). */
export function settingsContract(store: CurrentStore): void {
  describe('settings', () => {
    it('has no record for a key never saved, then stores versions one by one', async () => {
      await expect(store().settings.get('security')).resolves.toBeNull();
      const by = randomUUID();
      const first = await store().settings.put(
        'security',
        { minLength: 12, roles: ['secretary'] },
        0,
        at(1),
        by,
      );
      expect(first).toEqual({
        key: 'security',
        value: { minLength: 12, roles: ['secretary'] },
        version: 1,
        updatedAt: at(1),
        updatedBy: by,
      });
      await expect(store().settings.get('security')).resolves.toEqual(first);
      const second = await store().settings.put('security', { minLength: 14, roles: [] }, 1, at(2), null);
      expect(second.version).toBe(2);
      await expect(store().settings.get('security')).resolves.toEqual(second);
    });

    it('refuses a stale version (also a second first save) and keeps what was stored', async () => {
      await store().settings.put('security', { a: 1 }, 0, at(1), null);
      await expect(store().settings.put('security', { a: 2 }, 0, at(2), null)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().settings.put('security', { a: 3 }, 5, at(3), null)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().settings.get('security')).resolves.toMatchObject({ value: { a: 1 }, version: 1 });
    });
  });

  describe('password history', () => {
    it('lists hashes newest first and keeps only the newest `keep` per user', async () => {
      const user = await store().users.create(makeUser());
      const other = await store().users.create(makeUser());
      for (let i = 1; i <= 5; i++) await store().passwordHistory.add(user.id, `h${i}`, at(i), 3);
      await store().passwordHistory.add(other.id, 'x1', at(9), 3);
      await expect(store().passwordHistory.list(user.id, 10)).resolves.toEqual(['h5', 'h4', 'h3']);
      await expect(store().passwordHistory.list(user.id, 2)).resolves.toEqual(['h5', 'h4']);
      await expect(store().passwordHistory.list(user.id, 0)).resolves.toEqual([]);
      await expect(store().passwordHistory.list(other.id, 10)).resolves.toEqual(['x1']);
    });

    it('refuses history for an unknown user', async () => {
      await expect(store().passwordHistory.add(randomUUID(), 'h', at(1), 3)).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });
  });

  describe('audit search', () => {
    it('filters by action or group, actor, target, time range and text, with the total', async () => {
      const actor = randomUUID();
      const target = randomUUID();
      await store().audit.append(
        makeAudit(1, { action: 'document.uploaded', actorId: actor, data: { name: 'To trinh 06.pdf' } }),
      );
      await store().audit.append(
        makeAudit(2, { action: 'document.deleted', targetId: target, data: { name: 'Phu luc' } }),
      );
      await store().audit.append(makeAudit(3, { action: 'auth.login', actorId: actor, ip: '192.168.5.20' }));
      await store().audit.append(makeAudit(4, { action: 'settings.changed', data: { reason: '50%_off' } }));
      const seqs = async (filter: Parameters<ReturnType<CurrentStore>['audit']['listRecent']>[2]) => {
        const page = await store().audit.listRecent(10, 0, filter);
        expect(page.total).toBe(page.items.length);
        return page.items.map((e) => e.seq);
      };
      expect(await seqs({ action: 'document' })).toEqual([2, 1]);
      expect(await seqs({ action: 'document.deleted' })).toEqual([2]);
      expect(await seqs({ action: 'doc' })).toEqual([]);
      expect(await seqs({ actorId: actor })).toEqual([3, 1]);
      expect(await seqs({ actorId: actor, action: 'auth' })).toEqual([3]);
      expect(await seqs({ targetId: target })).toEqual([2]);
      expect(await seqs({ from: at(2), to: at(4) })).toEqual([3, 2]);
      expect(await seqs({ q: 'TO TRINH' })).toEqual([1]);
      expect(await seqs({ q: '192.168.5' })).toEqual([3]);
      // LIKE / regex characters are taken literally.
      expect(await seqs({ q: '50%_' })).toEqual([4]);
      expect(await seqs({ q: '%' })).toEqual([4]);
      expect(await seqs({ q: '.*' })).toEqual([]);
    });
  });
}
