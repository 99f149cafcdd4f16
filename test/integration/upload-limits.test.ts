import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { createMeeting, createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { FIXTURES, spawnServer, startServer, tempDir, testEnv, type TestServer } from '../utils/server.js';

/** Descriptors of a process (this one by default: the server runs in it) that point into a folder. */
async function openFilesUnder(dir: string, pid: number | 'self' = 'self'): Promise<string[]> {
  const out: string[] = [];
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith(dir) && !isStoreFile(target)) out.push(target);
  }
  return out;
}

/**
 * The SQLite store's own files (database, log, shared memory): held open by its connections, whose
 * number is the store's affair — the checkpoint worker opens its connection a moment after start —
 * not something an upload may leak.
 */
function isStoreFile(file: string): boolean {
  return /[\\/]icabinet\.sqlite(-wal|-shm|-journal)?$/.test(file);
}

/** Every `.part` file under a folder (recursive). */
async function partFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.filter((e) => e.endsWith('.part'));
}

/** Posts a form; a request that never answers fails the test after 15 s instead of hanging it. */
async function post(client: ApiClient, url: string, form: FormData) {
  const res = await fetch(client.baseUrl + url, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '', 'accept-language': client.lang },
    body: form,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
}

describe('upload limits', () => {
  let server: TestServer;
  let secretary: { id: string; client: ApiClient };
  let meetingId: string;
  let pdfBytes: Uint8Array<ArrayBuffer>;

  beforeAll(async () => {
    server = await startServer();
    const admin = new ApiClient(server.url);
    expect(await admin.login(server.adminUsername, server.adminPassword)).toBe(200);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.gioihan',
      fullName: 'Phạm Thu Trang',
      systemRole: 'secretary',
    });
    meetingId = await createMeeting(server.running, secretary.id, [
      { userId: secretary.id, role: 'secretary' },
    ]);
    pdfBytes = new Uint8Array(await readFile(path.join(FIXTURES, 'pdfs', 'real', 'tracemonkey.pdf')));
  });

  afterAll(async () => {
    await server.stop();
  });

  const formWith = (files: number, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (let i = 0; i < files; i++)
      form.append('file', new Blob([pdfBytes], { type: 'application/pdf' }), `tai-lieu-${i}.pdf`);
    return form;
  };

  const expectNothingLeft = async () => {
    expect(await partFiles(server.dataDir)).toEqual([]);
    expect(await openFilesUnder(server.dataDir).then((f) => f.filter((t) => t.endsWith('.part')))).toEqual(
      [],
    );
  };

  it('refuses 21 files at once with 400, leaving no partial file and no open descriptor', async () => {
    const before = await openFilesUnder(server.dataDir);
    const res = await post(secretary.client, `/api/meetings/${meetingId}/documents`, formWith(21));
    expect(res.status).toBe(400);
    expect((res.body as ErrorReply).error.message).toMatch(/20/);
    await expectNothingLeft();
    expect((await openFilesUnder(server.dataDir)).length).toBeLessThanOrEqual(before.length);
    // Nothing was stored: the library is still empty.
    const list = await secretary.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meetingId}/documents`,
    );
    expect(list.body.items).toEqual([]);
  });

  it('refuses two files for a new version with 400 and cleans up', async () => {
    const first = await post(secretary.client, `/api/meetings/${meetingId}/documents`, formWith(1));
    expect(first.status).toBe(201);
    const doc = (first.body as { items: MeetingDocument[] }).items[0];
    if (!doc) throw new Error('no document');
    const before = await openFilesUnder(server.dataDir);
    const res = await post(secretary.client, `/api/documents/${doc.id}/versions`, formWith(2));
    expect(res.status).toBe(400);
    await expectNothingLeft();
    expect((await openFilesUnder(server.dataDir)).length).toBeLessThanOrEqual(before.length);
  });

  it('keeps answering after many refused uploads (descriptors are not exhausted)', async () => {
    const before = await openFilesUnder(server.dataDir);
    for (let i = 0; i < 20; i++) {
      const res = await post(secretary.client, `/api/meetings/${meetingId}/documents`, formWith(21));
      expect(res.status).toBe(400);
    }
    await expectNothingLeft();
    expect((await openFilesUnder(server.dataDir)).length).toBeLessThanOrEqual(before.length);
    const ok = await post(secretary.client, `/api/meetings/${meetingId}/documents`, formWith(1));
    expect(ok.status).toBe(201);
  });

  it('refuses too many text fields, too long a field and too many parts with 400', async () => {
    // The same valid field 25 times: each value alone is fine, the count is not.
    const many = new FormData();
    for (let i = 0; i < 25; i++) many.append('openBy', 'organisers');
    many.append('file', new Blob([pdfBytes], { type: 'application/pdf' }), 'a.pdf');
    const tooMany = await post(secretary.client, `/api/meetings/${meetingId}/documents`, many);
    expect(tooMany.status).toBe(400);
    expect((tooMany.body as ErrorReply).error.message).toMatch(/quá nhiều trường/);
    const long = await post(
      secretary.client,
      `/api/meetings/${meetingId}/documents`,
      formWith(1, { openBy: 'x'.repeat(5000) }),
    );
    expect(long.status).toBe(400);
    expect((long.body as ErrorReply).error.message).toMatch(/openBy.*quá dài/);
    await expectNothingLeft();
  });
});

describe('upload limits in the built server process', () => {
  it('leaves no descriptor and no partial file open in the server after refused uploads', async () => {
    const dir = await tempDir('icabinet-fd-');
    const proc = spawnServer(testEnv(dir));
    try {
      const url = await proc.url;
      const pid = proc.proc.pid!;
      const admin = new ApiClient(url);
      expect(await admin.login('admin', testEnv(dir).ICABINET_ADMIN_PASSWORD!)).toBe(200);
      const start = new Date(Date.now() + 86_400_000);
      const meeting = await admin.post<{ meeting: { id: string } }>('/api/meetings', {
        title: 'Họp kiểm tra giới hạn tải lên',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      });
      expect(meeting.status).toBe(201);
      const bytes = new Uint8Array(await readFile(path.join(FIXTURES, 'pdfs', 'real', 'tracemonkey.pdf')));
      const before = await openFilesUnder(dir, pid);
      for (let i = 0; i < 5; i++) {
        const form = new FormData();
        for (let f = 0; f < 21; f++)
          form.append('file', new Blob([bytes], { type: 'application/pdf' }), `t${f}.pdf`);
        const res = await post(admin, `/api/meetings/${meeting.body.meeting.id}/documents`, form);
        expect(res.status).toBe(400);
      }
      const after = await openFilesUnder(dir, pid);
      expect(after.filter((t) => t.endsWith('.part'))).toEqual([]);
      expect(after.length).toBeLessThanOrEqual(before.length);
      expect(await partFiles(dir)).toEqual([]);
    } finally {
      await proc.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
