import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerifyResult, UserWithSecret } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;

beforeEach(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password: 'wrong-password' });
  await admin.login('admin', server.adminPassword);
  const created = await admin.post<UserWithSecret>('/api/users', {
    username: 'gd.tp',
    fullName: 'Hoàng Thị Lan',
  });
  await admin.patch(`/api/users/${created.body.user.id}`, {
    systemRole: 'secretary',
    version: created.body.user.version,
  });
});
afterEach(async () => {
  await server.stop();
});

describe('audit log', () => {
  it('records sign-in, failed sign-in, user creation and role changes without secrets', async () => {
    const res = await admin.get<{ items: AuditEntry[]; total: number }>('/api/audit?limit=50');
    expect(res.status).toBe(200);
    const actions = res.body.items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'system.bootstrap',
        'auth.login_failed',
        'auth.login',
        'user.created',
        'user.role_changed',
      ]),
    );
    const roleChange = res.body.items.find((e) => e.action === 'user.role_changed');
    expect(roleChange?.data).toEqual({ from: 'member', to: 'secretary' });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(server.adminPassword);
    expect(text).not.toContain('wrong-password');
    expect(text).not.toMatch(/\$argon2/);
  });

  it('lists a failed sign-in with no actor: the account tried is only its subject', async () => {
    const res = await admin.get<{ items: AuditEntry[] }>('/api/audit?limit=50');
    const me = await admin.get<{ user: { id: string } }>('/api/me');
    const failed = res.body.items.filter((e) => e.action === 'auth.login_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorId: null, targetType: 'user', targetId: me.body.user.id });
    expect(failed[0]?.data).toMatchObject({ username: 'admin' });
    // A disabled account that signs in is not an actor either.
    const off = await admin.post<UserWithSecret>('/api/users', {
      username: 'da.nghi',
      fullName: 'Lý Văn Nghỉ',
      password: 'Mat-khau-song-cau-1',
    });
    await admin.patch(`/api/users/${off.body.user.id}`, { active: false, version: off.body.user.version });
    expect(await new ApiClient(server.url).login('da.nghi', 'Mat-khau-song-cau-1')).toBe(403);
    const after = await admin.get<{ items: AuditEntry[] }>('/api/audit?limit=50');
    const inactive = after.body.items.find(
      (e) => e.action === 'auth.login_failed' && e.targetId === off.body.user.id,
    );
    expect(inactive).toMatchObject({ actorId: null, data: { username: 'da.nghi', reason: 'inactive' } });
  });

  it('verifies an intact chain', async () => {
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body).toMatchObject({ intact: true, firstBad: null });
    expect(res.body.entries).toBeGreaterThanOrEqual(5);
  });

  it('finds the first entry that was altered behind the application’s back', async () => {
    const db = new Database(path.join(server.dataDir, 'icabinet.sqlite'));
    db.prepare('UPDATE audit_log SET data = ? WHERE seq = 3').run(JSON.stringify({ tampered: true }));
    db.close();
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body).toMatchObject({ intact: false, firstBad: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('notices an entry removed from the middle of the chain', async () => {
    const db = new Database(path.join(server.dataDir, 'icabinet.sqlite'));
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    db.close();
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body).toMatchObject({ intact: false, firstBad: { seq: 3, reason: 'gap' } });
  });

  it('keeps the chain intact under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new ApiClient(server.url).post('/api/auth/login', { username: `ghost${i}`, password: 'x' }),
      ),
    );
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body.intact).toBe(true);
    expect(res.body.entries).toBeGreaterThanOrEqual(25);
  });
});
