import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeSession, makeUnit, makeUser } from './fixtures.js';

/** Units: codes are unique, names sort the Vietnamese way, updates are versioned. */
export function unitsContract(store: CurrentStore): void {
  describe('units', () => {
    it('stores a unit and reads it back by id and by code', async () => {
      const unit = makeUnit({ code: 'STNMT', name: 'Sở Tài nguyên và Môi trường' });
      await expect(store().units.create(unit)).resolves.toEqual(unit);
      await expect(store().units.getById(unit.id)).resolves.toEqual(unit);
      await expect(store().units.getByCode('STNMT')).resolves.toEqual(unit);
      await expect(store().units.getByCode('SXD')).resolves.toBeNull();
      await expect(store().units.getById('9a9a9a9a-0000-4000-8000-000000000000')).resolves.toBeNull();
    });

    it('refuses a second unit with the same code', async () => {
      await store().units.create(makeUnit({ code: 'SXD' }));
      const second = store().units.create(makeUnit({ code: 'SXD', name: 'Sở Xây dựng (trùng)' }));
      await expect(second).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(second).rejects.toMatchObject({ field: 'code' });
    });

    it('lists units by name in Vietnamese alphabetical order', async () => {
      for (const name of [
        'Văn phòng UBND',
        'Sở Y tế',
        'Ban Quản lý dự án',
        'Sở Xây dựng',
        'Ủy ban Mặt trận',
      ]) {
        await store().units.create(makeUnit({ name }));
      }
      const names = (await store().units.list()).map((u) => u.name);
      expect(names).toEqual([
        'Ban Quản lý dự án',
        'Sở Xây dựng',
        'Sở Y tế',
        'Ủy ban Mặt trận',
        'Văn phòng UBND',
      ]);
    });

    it('applies a versioned update and refuses a stale one', async () => {
      const unit = await store().units.create(makeUnit({ code: 'SGTVT', name: 'Sở Giao thông' }));
      const updated = await store().units.update(
        unit.id,
        { name: 'Sở Giao thông Vận tải', active: false },
        0,
        at(30),
      );
      expect(updated).toEqual({
        ...unit,
        name: 'Sở Giao thông Vận tải',
        active: false,
        updatedAt: at(30),
        version: 1,
      });
      await expect(store().units.getById(unit.id)).resolves.toEqual(updated);
      await expect(store().units.update(unit.id, { name: 'Cũ' }, 0, at(31))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(
        store().units.update('9a9a9a9a-0000-4000-8000-000000000000', { name: 'X' }, 0, at(31)),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('refuses to change a code to one another unit has', async () => {
      await store().units.create(makeUnit({ code: 'SYT' }));
      const other = await store().units.create(makeUnit({ code: 'SGD' }));
      await expect(store().units.update(other.id, { code: 'SYT' }, 0, at(1))).rejects.toMatchObject({
        field: 'code',
      });
      await expect(store().units.getById(other.id)).resolves.toMatchObject({ code: 'SGD', version: 0 });
    });
  });
}

/** Sessions: created at login, touched on activity, removed at logout, by user, or when expired. */
export function sessionsContract(store: CurrentStore): void {
  describe('sessions', () => {
    const withUser = async () => store().users.create(makeUser());

    it('stores a session and reads it back', async () => {
      const user = await withUser();
      const session = makeSession(user.id);
      await store().sessions.create(session);
      await expect(store().sessions.get(session.id)).resolves.toEqual(session);
      await expect(store().sessions.get('0'.repeat(64))).resolves.toBeNull();
    });

    it('refuses a session for a user who does not exist', async () => {
      const orphan = makeSession('3c3c3c3c-0000-4000-8000-000000000000');
      await expect(store().sessions.create(orphan)).rejects.toBeInstanceOf(RecordNotFoundError);
      await expect(store().sessions.get(orphan.id)).resolves.toBeNull();
    });

    it('records activity with touch and leaves the other fields alone', async () => {
      const user = await withUser();
      const session = makeSession(user.id);
      await store().sessions.create(session);
      await store().sessions.touch(session.id, at(45));
      await expect(store().sessions.get(session.id)).resolves.toEqual({ ...session, lastSeenAt: at(45) });
      await expect(store().sessions.touch('f'.repeat(64), at(46))).resolves.toBeUndefined();
      await expect(store().sessions.get('f'.repeat(64))).resolves.toBeNull();
    });

    it('deletes one session, and deleting it again is harmless', async () => {
      const user = await withUser();
      const [a, b] = [makeSession(user.id), makeSession(user.id)];
      await store().sessions.create(a);
      await store().sessions.create(b);
      await store().sessions.delete(a.id);
      await expect(store().sessions.get(a.id)).resolves.toBeNull();
      await expect(store().sessions.get(b.id)).resolves.toEqual(b);
      await expect(store().sessions.delete(a.id)).resolves.toBeUndefined();
    });

    it("lists one user's sessions, most recently active first", async () => {
      const [alice, bob] = [await withUser(), await withUser()];
      const older = makeSession(alice.id, { lastSeenAt: at(5) });
      const newer = makeSession(alice.id, { lastSeenAt: at(9), ip: '10.0.0.9', userAgent: 'Chrome' });
      for (const s of [older, newer, makeSession(bob.id)]) await store().sessions.create(s);
      await expect(store().sessions.listByUser(alice.id)).resolves.toEqual([newer, older]);
      await store().sessions.touch(older.id, at(20));
      expect((await store().sessions.listByUser(alice.id)).map((s) => s.id)).toEqual([older.id, newer.id]);
      await expect(store().sessions.listByUser('9a9a9a9a-0000-4000-8000-000000000000')).resolves.toEqual([]);
    });

    it("deletes every session of one user and reports how many, leaving other users' sessions", async () => {
      const [alice, bob] = [await withUser(), await withUser()];
      for (const s of [makeSession(alice.id), makeSession(alice.id), makeSession(bob.id)])
        await store().sessions.create(s);
      const bobs = makeSession(bob.id);
      await store().sessions.create(bobs);
      await expect(store().sessions.deleteByUser(alice.id)).resolves.toBe(2);
      await expect(store().sessions.deleteByUser(alice.id)).resolves.toBe(0);
      await expect(store().sessions.get(bobs.id)).resolves.toEqual(bobs);
    });

    it('deletes sessions past their absolute expiry or idle for too long, and nothing else', async () => {
      const user = await withUser();
      const expired = makeSession(user.id, { expiresAt: at(59), lastSeenAt: at(58) });
      const idle = makeSession(user.id, { lastSeenAt: at(10) });
      const endsNow = makeSession(user.id, { expiresAt: at(60), lastSeenAt: at(30) });
      const fresh = makeSession(user.id, { lastSeenAt: at(55) });
      for (const s of [expired, idle, endsNow, fresh]) await store().sessions.create(s);
      // now = 60 min, idle limit 30 min: a session last seen exactly 30 min ago is still alive.
      await expect(store().sessions.deleteExpired(at(60), at(30))).resolves.toBe(2);
      await expect(store().sessions.get(expired.id)).resolves.toBeNull();
      await expect(store().sessions.get(idle.id)).resolves.toBeNull();
      await expect(store().sessions.get(endsNow.id)).resolves.toEqual(endsNow);
      await expect(store().sessions.get(fresh.id)).resolves.toEqual(fresh);
      await expect(store().sessions.deleteExpired(at(60), at(30))).resolves.toBe(0);
    });
  });
}
