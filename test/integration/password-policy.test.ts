import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, SecuritySettingsView, UserWithSecret } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
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

type Refusal = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

async function settings(): Promise<SecuritySettingsView> {
  const res = await admin.get<SecuritySettingsView>('/api/settings/security');
  expect(res.status).toBe(200);
  return res.body;
}

async function saveSettings(patch: Record<string, unknown>) {
  const view = await settings();
  return admin.request<SecuritySettingsView | Refusal>('PUT', '/api/settings/security', {
    ...view.settings,
    ...patch,
    version: view.version,
  });
}

describe('password policy on every path that sets a password', () => {
  it('refuses weak passwords when an administrator creates a user, naming the rule, and creates nothing', async () => {
    const cases: [string, string][] = [
      ['matkhau123', 'quá phổ biến'],
      ['P@ssw0rd2024', 'quá phổ biến'],
      ['1234567890', 'quá phổ biến'],
      ['Xin-tt.hoa-77', 'tên đăng nhập'],
      ['Hoa-Tran-Thi-7', 'họ tên'],
      ['Tre-xanh-aaaa7', 'lặp lại hoặc liên tiếp'],
      ['Ngan-9', 'ít nhất 10'],
    ];
    for (const [password, words] of cases) {
      const res = await admin.post<Refusal>('/api/users', {
        username: 'tt.hoa',
        fullName: 'Trần Thị Hoa',
        password,
      });
      expect(res.status, password).toBe(400);
      expect(res.body.error.issues?.[0]?.path).toBe('password');
      expect(res.body.error.issues?.[0]?.message, password).toContain(words);
    }
    const en = await admin.request<Refusal>(
      'POST',
      '/api/users',
      { username: 'tt.hoa', fullName: 'Trần Thị Hoa', password: 'matkhau2024' },
      { 'accept-language': 'en' },
    );
    expect(en.body.error.message).toContain('too common');
    const list = await admin.get<{ items: { username: string }[] }>('/api/users?q=tt.hoa');
    expect(list.body.items).toEqual([]);
  });

  it('refuses reuse of the current and recent passwords on change and reset, leaving the password as it was', async () => {
    const user = await createUser(server.url, admin, { username: 'nv.lam', fullName: 'Nguyễn Văn Lâm' });
    const first = user.password;
    const change = (currentPassword: string, newPassword: string) =>
      user.client.post<Refusal>('/api/me/password', { currentPassword, newPassword });
    expect((await change(first, 'Song-Da-chay-qua-Tay-Bac')).status).toBe(204);
    expect((await change('Song-Da-chay-qua-Tay-Bac', 'Song-Ma-chay-qua-Thanh-Hoa')).status).toBe(204);
    // The first password is two back: refused (history 5 by default), and so is the current one.
    const reused = await change('Song-Ma-chay-qua-Thanh-Hoa', first);
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toContain('5 mật khẩu gần nhất');
    expect((await change('Song-Ma-chay-qua-Thanh-Hoa', 'Song-Ma-chay-qua-Thanh-Hoa')).status).toBe(400);
    // Nothing changed: the current password still signs in.
    const again = new ApiClient(server.url);
    expect(await again.login('nv.lam', 'Song-Ma-chay-qua-Thanh-Hoa')).toBe(200);

    const reset = await admin.post<Refusal>(`/api/users/${user.id}/reset-password`, {
      password: 'Song-Da-chay-qua-Tay-Bac',
    });
    expect(reset.status).toBe(400);
    expect(reset.body.error.issues?.[0]?.path).toBe('password');
    expect(await again.login('nv.lam', 'Song-Ma-chay-qua-Thanh-Hoa')).toBe(200);
    // A generated temporary password is always accepted.
    const generated = await admin.post<UserWithSecret>(`/api/users/${user.id}/reset-password`, {});
    expect(generated.status).toBe(200);
    expect(generated.body.temporaryPassword).toBeTruthy();
  });

  it('reports weak passwords of a CSV import with line and column, importing nobody', async () => {
    const csv =
      'username,fullName,password\nlt.mai,Lê Thị Mai,Mat-khau-tot-Ha-Noi\npv.duc,Phạm Văn Đức,matkhau@123\n';
    const res = await admin.request<Refusal & { error: { issues: { message: string; line?: number }[] } }>(
      'POST',
      '/api/users/import',
      csv,
      { 'content-type': 'text/csv' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toHaveLength(1);
    expect(res.body.error.issues[0]).toMatchObject({ line: 3 });
    expect(res.body.error.issues[0]?.message).toMatch(/Dòng 3: cột "password" — Mật khẩu này quá phổ biến/);
    const list = await admin.get<{ items: unknown[] }>('/api/users?q=lt.mai');
    expect(list.body.items).toEqual([]);
  });
});

describe('security settings', () => {
  it('refuses settings out of range or stale and keeps the stored ones', async () => {
    const before = await settings();
    for (const patch of [
      { passwordMinLength: 8 },
      { passwordMinLength: 65 },
      { passwordHistory: 13 },
      { twoFactorRoles: ['secretary', 'secretary'] },
      { twoFactorRoles: ['chair'] },
    ]) {
      const res = await saveSettings(patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
    }
    const tooShort = await saveSettings({ passwordMinLength: 8 });
    expect((tooShort.body as Refusal).error.message).toBe('Dữ liệu gửi lên không hợp lệ.');
    expect((tooShort.body as Refusal).error.issues?.[0]).toMatchObject({
      path: 'passwordMinLength',
      message: 'Độ dài tối thiểu của mật khẩu phải từ 10 đến 64 ký tự.',
    });
    const stale = await admin.request('PUT', '/api/settings/security', {
      ...before.settings,
      version: before.version + 3,
    });
    expect(stale.status).toBe(409);
    expect(await settings()).toEqual(before);
    const secretary = await createUser(server.url, admin, {
      username: 'tk.settings',
      fullName: 'Đỗ Thu Trang',
      systemRole: 'secretary',
    });
    expect((await secretary.client.get('/api/settings/security')).status).toBe(403);
    expect(
      (
        await secretary.client.request('PUT', '/api/settings/security', {
          ...before.settings,
          version: before.version,
        })
      ).status,
    ).toBe(403);
  });

  it('applies a changed policy at once, records one audit entry with what changed, and serves the rules to the hint', async () => {
    const res = await saveSettings({ passwordMinLength: 16, passwordHistory: 0 });
    expect(res.status).toBe(200);
    const saved = res.body as SecuritySettingsView;
    expect(saved.settings).toMatchObject({ passwordMinLength: 16, passwordHistory: 0 });
    expect(saved.updatedBy).toBeTruthy();
    const log = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=settings.changed');
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]?.data).toEqual({
      changes: { passwordMinLength: { from: 10, to: 16 }, passwordHistory: { from: 5, to: 0 } },
    });
    expect(log.body.items[0]?.ip).toMatch(/127\.0\.0\.1/);
    // Saving the same values again changes nothing and writes no entry.
    expect((await saveSettings({})).status).toBe(200);
    expect(
      (await admin.get<{ items: AuditEntry[] }>('/api/audit?action=settings.changed')).body.items,
    ).toHaveLength(1);

    const member = await createUser(server.url, admin, { username: 'tv.policy', fullName: 'Hồ Văn Nam' });
    expect((await member.client.get<{ minLength: number }>('/api/password-rules')).body).toMatchObject({
      minLength: 16,
      history: 0,
    });
    const short = await member.client.post<Refusal>('/api/me/password', {
      currentPassword: member.password,
      newPassword: 'Song-Hong-do-1',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe('Mật khẩu phải có ít nhất 16 ký tự.');
    expect((await saveSettings({ passwordMinLength: 10, passwordHistory: 5 })).status).toBe(200);
  });

  it('turns two-step sign-in on for the secretariat from the settings', async () => {
    const secretary = await createUser(server.url, admin, {
      username: 'tk.haibuoc',
      fullName: 'Vũ Thị Lan',
      systemRole: 'secretary',
    });
    expect((await secretary.client.get('/api/meetings')).status).toBe(200);
    expect((await saveSettings({ twoFactorRoles: ['secretary'] })).status).toBe(200);
    const refused = await secretary.client.get<Refusal>('/api/meetings');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('xác thực hai bước');
    expect(
      (await secretary.client.get<{ secondFactor: { required: boolean } }>('/api/me')).body.secondFactor
        .required,
    ).toBe(true);
    // Administrators are not covered by this choice.
    expect((await admin.get('/api/meetings')).status).toBe(200);
    expect((await saveSettings({ twoFactorRoles: [] })).status).toBe(200);
    expect((await secretary.client.get('/api/meetings')).status).toBe(200);
  });
});
