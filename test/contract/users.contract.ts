import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { UserPatch } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeUser } from './fixtures.js';

const page = { limit: 50, offset: 0 };

/** Users: identity, uniqueness, batch import, search, ordering and versioned updates. */
export function usersContract(store: CurrentStore): void {
  describe('users', () => {
    it('stores a user with a Vietnamese name and reads it back by id and by username', async () => {
      const user = makeUser({
        fullName: 'Trần Thị Ngọc Ánh',
        title: 'Phó Giám đốc Sở',
        email: 'anh.tt@hanoi.gov.vn',
      });
      await expect(store().users.create(user)).resolves.toEqual(user);
      await expect(store().users.getById(user.id)).resolves.toEqual(user);
      await expect(store().users.getByUsername(user.username)).resolves.toEqual(user);
    });

    it('records a sign-in without changing the version, so an edit in progress does not conflict', async () => {
      const user = makeUser({ fullName: 'Lê Văn Cường' });
      await store().users.create(user);
      const signedIn = await store().users.recordLogin(user.id, at(30));
      expect(signedIn).toMatchObject({
        lastLoginAt: at(30),
        version: user.version,
        updatedAt: user.updatedAt,
      });
      const edited = await store().users.update(user.id, { title: 'Chánh Văn phòng' }, user.version, at(31));
      expect(edited).toMatchObject({
        title: 'Chánh Văn phòng',
        lastLoginAt: at(30),
        version: user.version + 1,
      });
      await expect(
        store().users.recordLogin('00000000-0000-4000-8000-000000000000', at(32)),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('stores usernames in lower case and finds them in any case', async () => {
      const created = await store().users.create(makeUser({ username: 'Anh.TranThi' }));
      expect(created.username).toBe('anh.tranthi');
      await expect(store().users.getByUsername('ANH.TRANTHI')).resolves.toMatchObject({ id: created.id });
      await expect(store().users.getById(created.id)).resolves.toMatchObject({ username: 'anh.tranthi' });
    });

    it('refuses a second user with the same username in another case', async () => {
      await store().users.create(makeUser({ username: 'hoa.le' }));
      const second = store().users.create(makeUser({ username: 'Hoa.LE' }));
      await expect(second).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(second).rejects.toMatchObject({ field: 'username' });
      await expect(store().users.count()).resolves.toBe(1);
    });

    it('refuses a second user with the same id', async () => {
      const user = await store().users.create(makeUser());
      await expect(store().users.create(makeUser({ id: user.id }))).rejects.toMatchObject({ field: 'id' });
    });

    it('answers null for an id or username nobody has', async () => {
      await expect(store().users.getById('7b0f1c38-8d3e-4a7e-9d55-000000000000')).resolves.toBeNull();
      await expect(store().users.getByUsername('nobody')).resolves.toBeNull();
    });

    it('never matches a user when the username looks like a query operator', async () => {
      await store().users.create(makeUser({ username: 'victim' }));
      await expect(store().users.getByUsername('{"$ne":null}')).resolves.toBeNull();
      const operator = { $ne: null } as unknown as string;
      await expect(
        store()
          .users.getByUsername(operator)
          .catch(() => null),
      ).resolves.toBeNull();
      const viaList = await store()
        .users.list({ ...page, q: { $regex: '.*' } as unknown as string })
        .catch(() => ({ items: [], total: 0 }));
      expect(viaList.items).toEqual([]);
    });

    it('reports which usernames already exist, whatever their case', async () => {
      await store().users.create(makeUser({ username: 'an.nguyen' }));
      await store().users.create(makeUser({ username: 'binh.tran' }));
      const found = await store().users.existingUsernames(['AN.NGUYEN', 'new.person', 'binh.tran']);
      expect([...found].sort()).toEqual(['an.nguyen', 'binh.tran']);
      await expect(store().users.existingUsernames([])).resolves.toEqual([]);
    });

    describe('createMany', () => {
      it('stores every user of a batch', async () => {
        const batch = [
          makeUser({ username: 'a.one' }),
          makeUser({ username: 'b.two' }),
          makeUser({ username: 'c.3' }),
        ];
        await store().users.createMany(batch);
        await expect(store().users.count()).resolves.toBe(3);
        await expect(store().users.getByUsername('b.two')).resolves.toEqual(batch[1]);
      });

      it('stores none of a batch that repeats a username inside it', async () => {
        const batch = [
          makeUser({ username: 'same.name' }),
          makeUser({ username: 'other' }),
          makeUser({ username: 'SAME.name' }),
        ];
        await expect(store().users.createMany(batch)).rejects.toMatchObject({ field: 'username' });
        await expect(store().users.count()).resolves.toBe(0);
        await expect(store().users.getByUsername('other')).resolves.toBeNull();
      });

      it('stores none of a batch when one username is already taken, and keeps the existing user', async () => {
        const existing = await store().users.create(makeUser({ username: 'taken' }));
        const batch = [
          makeUser({ username: 'fresh.one' }),
          makeUser({ username: 'Taken' }),
          makeUser({ username: 'fresh.two' }),
        ];
        await expect(store().users.createMany(batch)).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(store().users.count()).resolves.toBe(1);
        await expect(store().users.existingUsernames(['fresh.one', 'fresh.two'])).resolves.toEqual([]);
        await expect(store().users.getById(existing.id)).resolves.toEqual(existing);
      });

      it('stores none of a batch that reuses an existing id, and keeps the existing user', async () => {
        const existing = await store().users.create(makeUser({ username: 'first' }));
        const batch = [makeUser({ username: 'second' }), makeUser({ id: existing.id, username: 'third' })];
        await expect(store().users.createMany(batch)).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(store().users.count()).resolves.toBe(1);
        await expect(store().users.getById(existing.id)).resolves.toEqual(existing);
      });

      it('accepts an empty batch', async () => {
        await store().users.createMany([]);
        await expect(store().users.count()).resolves.toBe(0);
      });
    });

    describe('list', () => {
      const names = ['Nguyễn Văn An', 'Trần Minh Đức', 'Lê Thị Hồng', 'Phạm Quốc Việt'];

      it('finds users without typing Vietnamese diacritics', async () => {
        for (const fullName of names) await store().users.create(makeUser({ fullName }));
        const find = async (q: string) =>
          (await store().users.list({ ...page, q })).items.map((u) => u.fullName);
        await expect(find('nguyen van an')).resolves.toEqual(['Nguyễn Văn An']);
        await expect(find('DUC')).resolves.toEqual(['Trần Minh Đức']);
        await expect(find('đức')).resolves.toEqual(['Trần Minh Đức']);
        await expect(find('Hồng')).resolves.toEqual(['Lê Thị Hồng']);
        await expect(find('viet')).resolves.toEqual(['Phạm Quốc Việt']);
      });

      it('matches every word of a search in any order, and each word anywhere in a name', async () => {
        for (const fullName of names) await store().users.create(makeUser({ fullName }));
        const { items, total } = await store().users.list({ ...page, q: '  an   nguyen ' });
        expect(items.map((u) => u.fullName)).toEqual(['Nguyễn Văn An']);
        expect(total).toBe(1);
        const partial = await store().users.list({ ...page, q: 'ngu' });
        expect(partial.items.map((u) => u.fullName)).toEqual(['Nguyễn Văn An']);
      });

      it('searches usernames and e-mail addresses as well as names', async () => {
        await store().users.create(makeUser({ username: 'hoa.lt', fullName: 'Lê Thị Hoa' }));
        await store().users.create(makeUser({ fullName: 'Vũ Đình Khoa', email: 'khoa.vd@hanoi.gov.vn' }));
        const byUsername = await store().users.list({ ...page, q: 'HOA.LT' });
        expect(byUsername.items.map((u) => u.username)).toEqual(['hoa.lt']);
        const byEmail = await store().users.list({ ...page, q: 'hanoi.gov' });
        expect(byEmail.items.map((u) => u.fullName)).toEqual(['Vũ Đình Khoa']);
      });

      it('treats regular-expression characters in a search as plain text', async () => {
        await store().users.create(makeUser({ username: 'a.b', fullName: 'Đỗ Văn Bình' }));
        await store().users.create(makeUser({ username: 'axb', fullName: 'Hoàng Thị Mai' }));
        await expect(store().users.list({ ...page, q: '.*' })).resolves.toEqual({ items: [], total: 0 });
        const dot = await store().users.list({ ...page, q: 'a.b' });
        expect(dot.items.map((u) => u.username)).toEqual(['a.b']);
      });

      it('sorts users by full name in Vietnamese alphabetical order', async () => {
        const shuffled = [
          'Nguyễn Văn An',
          'Đặng Thị Hoa',
          'An Thị Mai',
          'Dương Văn Bình',
          'Ân Văn Tài',
          'Bùi Thị Lan',
          'Ngô Minh Châu',
        ];
        for (const fullName of shuffled) await store().users.create(makeUser({ fullName }));
        const { items } = await store().users.list(page);
        // Vietnamese order: A < Ă < Â, D < Đ; tone marks only break ties.
        expect(items.map((u) => u.fullName)).toEqual([
          'An Thị Mai',
          'Ân Văn Tài',
          'Bùi Thị Lan',
          'Dương Văn Bình',
          'Đặng Thị Hoa',
          'Ngô Minh Châu',
          'Nguyễn Văn An',
        ]);
      });

      it('pages through the users in order and reports the total of all matches', async () => {
        const fullNames = [
          'Lò Văn Sáu',
          'Hà Thị Năm',
          'Cao Văn Bốn',
          'Đinh Thị Ba',
          'Bạch Văn Hai',
          'Âu Thị Một',
        ];
        for (const fullName of fullNames) await store().users.create(makeUser({ fullName }));
        const all = (await store().users.list(page)).items.map((u) => u.id);
        const seen: string[] = [];
        for (let offset = 0; offset < 6; offset += 4) {
          const result = await store().users.list({ limit: 4, offset });
          expect(result.total).toBe(6);
          seen.push(...result.items.map((u) => u.id));
        }
        expect(seen).toEqual(all);
        await expect(store().users.list({ limit: 4, offset: 10 })).resolves.toEqual({ items: [], total: 6 });
      });

      it('filters users by unit, system role and active flag', async () => {
        const unitId = '0b6f3c1e-2a4d-4c6e-8f00-1a2b3c4d5e6f';
        const secretary = await store().users.create(makeUser({ unitId, systemRole: 'secretary' }));
        const inactive = await store().users.create(makeUser({ unitId, active: false }));
        await store().users.create(makeUser({ systemRole: 'secretary' }));
        const ids = async (f: object) =>
          (await store().users.list({ ...page, ...f })).items.map((u) => u.id).sort();
        await expect(ids({ unitId })).resolves.toEqual([secretary.id, inactive.id].sort());
        await expect(ids({ unitId, systemRole: 'secretary' })).resolves.toEqual([secretary.id]);
        await expect(ids({ unitId, active: false })).resolves.toEqual([inactive.id]);
        const total = (await store().users.list({ ...page, systemRole: 'secretary' })).total;
        expect(total).toBe(2);
      });
    });

    describe('update', () => {
      it('applies a patch, bumps the version and stamps updatedAt', async () => {
        const user = await store().users.create(makeUser());
        const now = at(600);
        const updated = await store().users.update(
          user.id,
          { fullName: 'Nguyễn Văn Bình', title: null, active: false },
          0,
          now,
        );
        expect(updated).toEqual({
          ...user,
          fullName: 'Nguyễn Văn Bình',
          title: null,
          active: false,
          updatedAt: now,
          version: 1,
        });
        await expect(store().users.getById(user.id)).resolves.toEqual(updated);
      });

      it('changes only the fields a patch may change', async () => {
        const user = await store().users.create(makeUser({ username: 'keep.me' }));
        const sneaky = {
          fullName: 'Tên Mới',
          username: 'stolen',
          id: 'x',
          version: 41,
          createdAt: at(-1),
        } as UserPatch;
        const updated = await store().users.update(user.id, sneaky, 0, at(5));
        expect(updated).toMatchObject({
          id: user.id,
          username: 'keep.me',
          fullName: 'Tên Mới',
          version: 1,
          createdAt: user.createdAt,
        });
      });

      it('finds a renamed user by the new name only', async () => {
        const user = await store().users.create(makeUser({ fullName: 'Phan Văn Cũ' }));
        await store().users.update(user.id, { fullName: 'Phan Văn Mới' }, 0, at(5));
        await expect(store().users.list({ ...page, q: 'moi' })).resolves.toMatchObject({ total: 1 });
        await expect(store().users.list({ ...page, q: 'cu' })).resolves.toMatchObject({ total: 0 });
      });

      it('refuses an update based on a stale version and keeps the stored user', async () => {
        const user = await store().users.create(makeUser());
        await store().users.update(user.id, { fullName: 'Lần một' }, 0, at(1));
        const stale = store().users.update(user.id, { fullName: 'Lần hai' }, 0, at(2));
        await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
        await expect(store().users.getById(user.id)).resolves.toMatchObject({
          fullName: 'Lần một',
          version: 1,
        });
      });

      it('updates regardless of version when no version is expected', async () => {
        const user = await store().users.create(makeUser({ version: 7 }));
        const updated = await store().users.update(user.id, { lastLoginAt: at(9) }, null, at(9));
        expect(updated).toMatchObject({ lastLoginAt: at(9), version: 8 });
      });

      it('fails with RecordNotFoundError for a user who does not exist', async () => {
        const missing = store().users.update(
          '5f1d2a3b-0000-4000-8000-000000000001',
          { active: false },
          null,
          at(1),
        );
        await expect(missing).rejects.toBeInstanceOf(RecordNotFoundError);
      });
    });

    it('counts all users and the active users of each role', async () => {
      await store().users.create(makeUser({ systemRole: 'admin' }));
      await store().users.create(makeUser({ systemRole: 'admin', active: false }));
      await store().users.create(makeUser({ systemRole: 'secretary' }));
      await expect(store().users.count()).resolves.toBe(3);
      await expect(store().users.countActiveByRole('admin')).resolves.toBe(1);
      await expect(store().users.countActiveByRole('secretary')).resolves.toBe(1);
      await expect(store().users.countActiveByRole('member')).resolves.toBe(0);
    });
  });
}
