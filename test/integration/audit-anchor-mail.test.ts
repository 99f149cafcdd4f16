import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { eventually } from '../utils/eventually.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';

const env = { AUDIT_ANCHOR_EMAIL: 'antoanthongtin@hanoi.gov.vn' };
let dataDir: string;
let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  dataDir = await tempDir();
  server = await startServer({ dataDir, env });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The anchor e-mails in the outbox. */
async function anchorMails(): Promise<string[]> {
  const dir = path.join(server.dataDir, 'outbox');
  const names = await readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
  return mails.filter((m) => m.includes('antoanthongtin@hanoi.gov.vn'));
}

describe('the daily audit anchor by e-mail (AUDIT_ANCHOR_EMAIL)', () => {
  it('mails the chain head once a day through the mail channel and records it', async () => {
    const mails = await eventually(async () => {
      const found = await anchorMails();
      expect(found).toHaveLength(1);
      return found;
    });
    expect(mails[0]).toMatch(/Subject: =\?UTF-8\?|Subject: I-Cabinet/);
    const recorded = await eventually(async () => {
      const res = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=audit.anchor_mailed');
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0]!;
    });
    expect(recorded.data).toMatchObject({ to: 'antoanthongtin@hanoi.gov.vn' });
    expect(mails[0]).toContain(String(recorded.data.hash));

    // A restart on the same day anchors again (before the server answers), but the day's job
    // exists: it stays done instead of being queued again, and nothing is sent twice.
    await server.stop();
    server = await startServer({ dataDir, env });
    const job = await server.running.store.jobs.getByKey(String(recorded.targetId));
    expect(job).toMatchObject({ kind: 'audit.anchor_mail', status: 'done', attempts: 1 });
    expect((await server.running.store.jobs.countByStatus()).queued).toBe(0);
    expect(await anchorMails()).toHaveLength(1);
    admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const entries = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=audit.anchor_mailed');
    expect(entries.body.items).toHaveLength(1);
  });
});
