import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AuditAction,
  AuditEntry,
  AuditVerifyResult,
  MeetingDocument,
  UserWithSecret,
} from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiReplace, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let adminId: string;

beforeEach(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  adminId = (await admin.get<{ user: { id: string } }>('/api/me')).body.user.id;
});
afterEach(async () => {
  await server.stop();
});

/** The entries of one action (the audit list's own filter), newest first. */
async function entriesOf(action: AuditAction): Promise<AuditEntry[]> {
  const res = await admin.get<{ items: AuditEntry[]; total: number }>(
    `/api/audit?limit=500&action=${action}`,
  );
  expect(res.status).toBe(200);
  return res.body.items;
}

/** Runs `act` and expects exactly one new entry of `action`, by the admin, from the loopback address. */
async function expectOneEntry(
  action: AuditAction,
  act: () => Promise<unknown>,
  target: { type: string; id: string },
): Promise<AuditEntry> {
  const before = await entriesOf(action);
  await act();
  const after = await entriesOf(action);
  expect(after).toHaveLength(before.length + 1);
  const entry = after[0]!;
  expect(entry).toMatchObject({ action, actorId: adminId, targetType: target.type, targetId: target.id });
  expect(entry.ip).toMatch(/127\.0\.0\.1/);
  return entry;
}

describe('audit trail of documents, participants and exports', () => {
  it('writes one entry with actor, target and address for each action', async () => {
    const meeting = await apiMeeting(admin);
    const created = await admin.post<UserWithSecret>('/api/users', {
      username: 'pv.an',
      fullName: 'Phạm Văn An',
    });
    const userId = created.body.user.id;

    let participantId = '';
    const added = await (async () => {
      const before = await entriesOf('participant.added');
      participantId = await apiParticipant(admin, meeting.id, userId, 'delegate');
      const after = await entriesOf('participant.added');
      expect(after).toHaveLength(before.length + 1);
      return after[0]!;
    })();
    expect(added).toMatchObject({ actorId: adminId, targetType: 'participant', targetId: participantId });
    expect(added.data).toMatchObject({ meetingId: meeting.id, userId, role: 'delegate' });

    const changed = await expectOneEntry(
      'participant.updated',
      () => admin.patch(`/api/meetings/${meeting.id}/participants/${participantId}`, { role: 'observer' }),
      { type: 'participant', id: participantId },
    );
    expect(changed.data).toMatchObject({ from: { role: 'delegate' }, to: { role: 'observer' } });

    let doc: MeetingDocument | undefined;
    const before = await entriesOf('document.uploaded');
    doc = await apiUpload(server.url, admin, meeting.id, 'to-trinh-de-an-06.pdf', { watermark: 'true' });
    const uploaded = await entriesOf('document.uploaded');
    expect(uploaded).toHaveLength(before.length + 1);
    expect(uploaded[0]).toMatchObject({ actorId: adminId, targetType: 'document', targetId: doc.id });
    expect(uploaded[0]?.data).toMatchObject({ meetingId: meeting.id, name: 'to-trinh-de-an-06.pdf' });

    const versionsBefore = await entriesOf('document.version_added');
    const v2 = await apiReplace(server.url, admin, doc.id, 'bao-cao-chuyen-doi-so-2024.pdf');
    const versions = await entriesOf('document.version_added');
    expect(versions).toHaveLength(versionsBefore.length + 1);
    expect(versions[0]).toMatchObject({ actorId: adminId, targetType: 'document', targetId: v2.id });
    expect(versions[0]?.data).toMatchObject({ previousId: doc.id, versionNo: 2 });
    doc = v2;

    const renamed = await expectOneEntry(
      'document.updated',
      async () => {
        const res = await admin.patch(`/api/documents/${v2.id}`, {
          name: 'Tờ trình đề án 06.pdf',
          version: v2.version,
        });
        expect(res.status).toBe(200);
      },
      { type: 'document', id: v2.id },
    );
    expect(renamed.data).toMatchObject({
      from: { name: 'bao-cao-chuyen-doi-so-2024.pdf' },
      to: { name: 'Tờ trình đề án 06.pdf' },
    });

    // A watermarked download is a security-relevant read; viewing it inline is not recorded.
    await expectOneEntry(
      'document.downloaded',
      async () => {
        const res = await admin.request('GET', `/api/documents/${v2.id}/file?download=1`);
        expect(res.status).toBe(200);
      },
      { type: 'document', id: v2.id },
    );
    const downloads = (await entriesOf('document.downloaded')).length;
    expect((await admin.request('GET', `/api/documents/${v2.id}/file`)).status).toBe(200);
    expect(await entriesOf('document.downloaded')).toHaveLength(downloads);

    await expectOneEntry(
      'export.invitations_csv',
      async () => {
        const res = await admin.get(`/api/meetings/${meeting.id}/invitations.csv`);
        expect(res.status).toBe(200);
      },
      { type: 'meeting', id: meeting.id },
    );

    await expectOneEntry(
      'participant.removed',
      async () => {
        const res = await admin.request(
          'DELETE',
          `/api/meetings/${meeting.id}/participants/${participantId}`,
        );
        expect(res.status).toBe(204);
      },
      { type: 'participant', id: participantId },
    );

    const deleted = await expectOneEntry(
      'document.deleted',
      async () => {
        const res = await admin.request('DELETE', `/api/documents/${v2.id}`);
        expect(res.status).toBe(204);
      },
      { type: 'document', id: v2.id },
    );
    expect(deleted.data).toMatchObject({ meetingId: meeting.id, versions: 2 });

    // The group filter gathers every document action; the chain still verifies.
    const group = await admin.get<{ items: AuditEntry[] }>('/api/audit?limit=500&action=document');
    expect(new Set(group.body.items.map((e) => e.action))).toEqual(
      new Set([
        'document.uploaded',
        'document.version_added',
        'document.updated',
        'document.downloaded',
        'document.deleted',
      ]),
    );
    const verify = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(verify.body).toMatchObject({ intact: true, firstBad: null });
  });

  it('refuses a malformed action filter with a readable message', async () => {
    const res = await admin.get<{ error: { message: string } }>('/api/audit?action=DROP%20TABLE');
    expect(res.status).toBe(400);
    expect(res.body.error.message).not.toBe('');
  });
});

describe('verify against tampering in the SQLite file', () => {
  /** Enough entries to tamper with in the middle: a meeting and participants. */
  async function someEntries(): Promise<void> {
    const meeting = await apiMeeting(admin);
    for (const username of ['a.mot', 'b.hai', 'c.ba']) {
      const u = await admin.post<UserWithSecret>('/api/users', { username, fullName: `Người ${username}` });
      await apiParticipant(admin, meeting.id, u.body.user.id);
    }
  }
  const db = () => new Database(path.join(server.dataDir, 'icabinet.sqlite'));

  it('reports an altered actor or address', async () => {
    await someEntries();
    const d = db();
    d.prepare("UPDATE audit_log SET ip = '10.0.0.9' WHERE seq = 4").run();
    d.close();
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body).toMatchObject({ intact: false, firstBad: { seq: 4, reason: 'hash_mismatch' } });
  });

  it('reports a deleted entry', async () => {
    await someEntries();
    const d = db();
    d.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    d.close();
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body).toMatchObject({ intact: false, firstBad: { seq: 6, reason: 'gap' } });
  });

  it('reports two entries swapped in order', async () => {
    await someEntries();
    const d = db();
    d.transaction(() => {
      d.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 4').run();
      d.prepare('UPDATE audit_log SET seq = 4 WHERE seq = 5').run();
      d.prepare('UPDATE audit_log SET seq = 5 WHERE seq = -1').run();
    })();
    d.close();
    const res = await admin.get<AuditVerifyResult>('/api/audit/verify');
    expect(res.body.intact).toBe(false);
    expect(res.body.firstBad?.seq).toBe(4);
  });

  it('logs the chain head as an anchor that a rewritten table no longer matches', async () => {
    await someEntries();
    const lines: unknown[] = [];
    const logger = { info: (obj: unknown) => lines.push(obj), error: () => undefined };
    const anchor = await server.running.app.services.audit.anchor(logger as never);
    const last = db().prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    expect(anchor).toMatchObject({ seq: last.seq, hash: last.hash });
    expect(lines).toEqual([{ auditAnchor: anchor }]);
  });
});
