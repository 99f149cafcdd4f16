import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User, UserImportResult, UserWithSecret } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createUser } from '../utils/fixtures.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
});
afterAll(async () => {
  await server.stop();
});

const countUsers = async () => (await admin.get<{ total: number }>('/api/users?limit=1')).body.total;

describe('user administration', () => {
  it('creates a user with a Vietnamese name and a generated temporary password they can sign in with', async () => {
    const res = await admin.post<UserWithSecret>('/api/users', {
      username: 'gd.tttt',
      fullName: 'Đỗ Việt Hùng',
      title: 'Giám đốc Sở Thông tin và Truyền thông',
      email: 'hung.dv@hanoi.gov.vn',
      phone: '+84 912 345 678',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      fullName: 'Đỗ Việt Hùng',
      systemRole: 'member',
      mustChangePassword: true,
    });
    expect(res.body.temporaryPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}$/);
    const client = new ApiClient(server.url);
    expect(await client.login('gd.tttt', res.body.temporaryPassword!)).toBe(200);
    const list = await admin.get<{ items: User[] }>('/api/users?q=viet hung');
    expect(list.body.items.map((u) => u.username)).toContain('gd.tttt');
  });

  it('refuses a second user with the same username in another case', async () => {
    await admin.post('/api/users', { username: 'pct.hai', fullName: 'Trần Minh Hải' });
    const res = await admin.post<ErrorReply>('/api/users', {
      username: 'PCT.HAI',
      fullName: 'Trần Minh Hải 2',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('pct.hai');
  });

  it.each([
    ['an invalid e-mail', { username: 'x.email', fullName: 'Người Thử', email: 'not-an-email' }, 'email'],
    ['a malformed phone number', { username: 'x.phone', fullName: 'Người Thử', phone: '12ab' }, 'phone'],
    ['a username with diacritics', { username: 'nguyễn', fullName: 'Người Thử' }, 'username'],
    ['an unknown role', { username: 'x.role', fullName: 'Người Thử', systemRole: 'root' }, 'systemRole'],
    ['a short password', { username: 'x.pw', fullName: 'Người Thử', password: 'short' }, 'password'],
    ['an unknown field', { username: 'x.f', fullName: 'Người Thử', isAdmin: true }, 'isAdmin'],
    [
      'an unknown unit',
      { username: 'x.u', fullName: 'Người Thử', unitId: '7b0d2f8e-8a4e-4d8e-9a57-1f1f1f1f1f1f' },
      'unitId',
    ],
  ])('rejects %s with a field error and stores nothing', async (_name, body, field) => {
    const before = await countUsers();
    const res = await admin.post<ErrorReply>('/api/users', body);
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path)).toContain(field);
    expect(await countUsers()).toBe(before);
  });

  it('forbids members and secretaries from creating users, but lets secretaries read the list', async () => {
    const member = await createUser(server.url, admin, { username: 'member1', fullName: 'Thành Viên Một' });
    const secretary = await createUser(server.url, admin, {
      username: 'thuky1',
      fullName: 'Phạm Thu Trang',
      systemRole: 'secretary',
    });
    expect((await member.client.post('/api/users', { username: 'y', fullName: 'Y Y' })).status).toBe(403);
    expect((await member.client.get('/api/users')).status).toBe(403);
    expect((await secretary.client.post('/api/users', { username: 'yy', fullName: 'Y Y' })).status).toBe(403);
    expect((await secretary.client.get('/api/users')).status).toBe(200);
    expect((await member.client.get('/api/audit/verify')).status).toBe(403);
  });

  it('answers a stale edit with 409 instead of overwriting', async () => {
    const created = await admin.post<UserWithSecret>('/api/users', {
      username: 'edit.me',
      fullName: 'Lê Văn Sửa',
    });
    const { id, version } = created.body.user;
    expect((await admin.patch(`/api/users/${id}`, { title: 'Chuyên viên', version })).status).toBe(200);
    const stale = await admin.patch<ErrorReply>(`/api/users/${id}`, { title: 'Trưởng phòng', version });
    expect(stale.status).toBe(409);
    const now = await admin.get<{ user: User }>(`/api/users/${id}`);
    expect(now.body.user.title).toBe('Chuyên viên');
  });

  it('deactivating a user ends their session at once and keeps them out', async () => {
    const u = await createUser(server.url, admin, { username: 'leaving', fullName: 'Vũ Quốc Khánh' });
    const current = await admin.get<{ user: User }>(`/api/users/${u.id}`);
    const res = await admin.patch<{ user: User }>(`/api/users/${u.id}`, {
      active: false,
      version: current.body.user.version,
    });
    expect(res.body.user.active).toBe(false);
    expect((await u.client.get('/api/me')).status).toBe(401);
    const again = await new ApiClient(server.url).post<ErrorReply>('/api/auth/login', {
      username: 'leaving',
      password: u.password,
    });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toMatch(/khóa/);
  });

  it('never removes the last active administrator, and an admin cannot lock themself out', async () => {
    const me = await admin.get<{ user: User }>('/api/me');
    const self = await admin.patch<ErrorReply>(`/api/users/${me.body.user.id}`, {
      systemRole: 'member',
      version: me.body.user.version,
    });
    expect(self.status).toBe(409);
    const other = await createUser(server.url, admin, {
      username: 'admin2',
      fullName: 'Quản Trị Hai',
      systemRole: 'admin',
    });
    // The second admin may demote the first, but then not themself: they are the last one.
    const first = await other.client.patch<{ user: User }>(`/api/users/${me.body.user.id}`, {
      systemRole: 'secretary',
      version: me.body.user.version,
    });
    expect(first.status).toBe(200);
    const otherMe = await other.client.get<{ user: User }>('/api/me');
    const last = await other.client.patch<ErrorReply>(`/api/users/${other.id}`, {
      active: false,
      version: otherMe.body.user.version,
    });
    expect(last.status).toBe(409);
    // Restore for the other tests.
    const restored = await other.client.patch(`/api/users/${me.body.user.id}`, {
      systemRole: 'admin',
      version: first.body.user.version,
    });
    expect(restored.status).toBe(200);
  });

  it('resets a password: old sessions end, the new temporary password works once changed', async () => {
    const u = await createUser(server.url, admin, { username: 'forgot', fullName: 'Ngô Thanh Hà' });
    const res = await admin.post<UserWithSecret>(`/api/users/${u.id}/reset-password`, {});
    expect(res.status).toBe(200);
    expect(res.body.user.mustChangePassword).toBe(true);
    expect((await u.client.get('/api/me')).status).toBe(401);
    expect(await new ApiClient(server.url).login('forgot', u.password)).toBe(401);
    expect(await new ApiClient(server.url).login('forgot', res.body.temporaryPassword!)).toBe(200);
  });
});

describe('units', () => {
  it('creates units, refuses a duplicate code and a unit that would contain itself', async () => {
    const parent = await admin.post<{ unit: { id: string; version: number } }>('/api/units', {
      code: 'so-tp',
      name: 'Sở Tư pháp',
    });
    expect(parent.status).toBe(201);
    const dup = await admin.post<ErrorReply>('/api/units', { code: 'SO-TP', name: 'Trùng mã' });
    expect(dup.status).toBe(409);
    const child = await admin.post<{ unit: { id: string; version: number } }>('/api/units', {
      code: 'SO-TP-P1',
      name: 'Phòng Hành chính tư pháp',
      parentId: parent.body.unit.id,
    });
    expect(child.status).toBe(201);
    const cycle = await admin.patch<ErrorReply>(`/api/units/${parent.body.unit.id}`, {
      parentId: child.body.unit.id,
      version: parent.body.unit.version,
    });
    expect(cycle.status).toBe(400);
    const list = await admin.get<{ items: { code: string }[] }>('/api/units');
    expect(list.body.items.map((u) => u.code)).toEqual(expect.arrayContaining(['SO-TP', 'SO-TP-P1']));
  });
});

describe('editing while the user signs in', () => {
  it('does not report a conflict when the user only signed in since the administrator opened the form', async () => {
    const user = await createUser(server.url, admin, { username: 'pgd.xd', fullName: 'Vũ Thị Lan' });
    const opened = await admin.get<{ user: User }>(`/api/users/${user.id}`);
    const again = new ApiClient(server.url);
    expect(await again.login('pgd.xd', user.password)).toBe(200);
    const saved = await admin.patch<{ user: User }>(`/api/users/${user.id}`, {
      version: opened.body.user.version,
      title: 'Phó Giám đốc Sở Xây dựng',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.user.lastLoginAt).not.toBeNull();
  });
});

describe('CSV import', () => {
  const csv = (lines: string[]) => '\uFEFF' + lines.join('\r\n') + '\r\n';

  it('imports Vietnamese names from a UTF-8 file with BOM, semicolons and Vietnamese headers', async () => {
    await admin.post('/api/units', { code: 'SO-NV', name: 'Sở Nội vụ' });
    const res = await admin.post<UserImportResult>(
      '/api/users/import',
      csv([
        'Tên đăng nhập;Họ và tên;Chức vụ;Đơn vị;Email;Điện thoại;Vai trò',
        'gd.nv;Bùi Đức Thắng;Giám đốc Sở Nội vụ;SO-NV;thang.bd@hanoi.gov.vn;0912345678;thành viên',
        'tk.nv;"Hoàng Thị Lan; Phó phòng";Thư ký;so-nv;;;thư ký',
      ]),
      { 'content-type': 'text/csv; charset=utf-8' },
    );
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.users.every((u) => typeof u.temporaryPassword === 'string')).toBe(true);
    const list = await admin.get<{ items: User[] }>('/api/users?q=bui duc thang');
    expect(list.body.items[0]).toMatchObject({ fullName: 'Bùi Đức Thắng', title: 'Giám đốc Sở Nội vụ' });
    const lan = await admin.get<{ items: User[] }>('/api/users?q=tk.nv');
    expect(lan.body.items[0]).toMatchObject({
      fullName: 'Hoàng Thị Lan; Phó phòng',
      systemRole: 'secretary',
    });
  });

  it('reports every bad row with its line number and imports nothing', async () => {
    const before = await countUsers();
    const res = await admin.post<ErrorReply>(
      '/api/users/import',
      csv([
        'username,fullName,email,unit',
        'ok.one,Nguyễn Văn Một,,',
        'dup.user,Trần Văn Hai,,',
        'dup.user,Lê Văn Ba,,',
        'bad.mail,Phạm Văn Bốn,not-an-email,',
        ',Thiếu Tên Đăng Nhập,,',
        'gd.nv,Đã Có Rồi,,',
        'no.unit,Không Đơn Vị,,XYZ',
      ]),
      { 'content-type': 'text/csv' },
    );
    expect(res.status).toBe(400);
    const byLine = (res.body.error.issues ?? []).map((i) => i.line).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(byLine).toEqual([4, 5, 6, 7, 8]);
    expect(res.body.error.message).toMatch(/chưa nhập người dùng nào/);
    expect(res.body.error.issues?.find((i) => i.line === 4)?.message).toMatch(/lặp lại.*dòng 3/);
    expect(res.body.error.issues?.find((i) => i.line === 7)?.message).toMatch(/đã tồn tại/);
    expect(res.body.error.issues?.find((i) => i.line === 8)?.message).toMatch(/XYZ/);
    expect(await countUsers()).toBe(before);
  });

  it('names the line and the column, as the file spells it, in each cell problem', async () => {
    const res = await admin.post<ErrorReply>(
      '/api/users/import',
      csv([
        'Tên đăng nhập;Họ và tên;Thư điện tử;Mã đơn vị;Vai trò',
        'cot.mot;Nguyễn Văn Một;khong-phai-email;;',
        'cot.hai;;;;',
        'cot.ba;Lê Văn Ba;;KHONG-CO;',
        'cot.bon;Phạm Văn Bốn;;;vua',
      ]),
      { 'content-type': 'text/csv' },
    );
    expect(res.status).toBe(400);
    const messageOf = (line: number) => res.body.error.issues?.find((i) => i.line === line)?.message;
    expect(messageOf(2)).toMatch(/^Dòng 2: cột "Thư điện tử" — .*e-mail/);
    expect(messageOf(3)).toMatch(/^Dòng 3: cột "Họ và tên" — /);
    expect(messageOf(4)).toMatch(/^Dòng 4: cột "Mã đơn vị" — .*KHONG-CO/);
    expect(messageOf(5)).toMatch(/^Dòng 5: cột "Vai trò" — /);
  });

  it('reports a missing required column on line 1 and imports nothing', async () => {
    const before = await countUsers();
    const res = await admin.post<ErrorReply>('/api/users/import', csv(['username,email', 'a.b,a@b.vn']), {
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ line: 1, path: 'fullName' })]);
    expect(await countUsers()).toBe(before);
  });

  it('refuses an empty file and a file sent as JSON', async () => {
    expect(
      (await admin.post('/api/users/import', 'username,fullName\r\n', { 'content-type': 'text/csv' })).status,
    ).toBe(400);
    expect((await admin.post('/api/users/import', { rows: [] })).status).toBe(415);
  });
});
