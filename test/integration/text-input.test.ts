import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { createMeeting, createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { FIXTURES, startServer, type TestServer } from '../utils/server.js';

const BAD = 'a\u0000b\ud800c';

describe('free text is checked at the boundary', () => {
  let server: TestServer;
  let admin: ApiClient;
  let secretary: { id: string; client: ApiClient };
  let meetingId: string;
  let pdf: Uint8Array<ArrayBuffer>;

  beforeAll(async () => {
    server = await startServer();
    admin = new ApiClient(server.url);
    expect(await admin.login(server.adminUsername, server.adminPassword)).toBe(200);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.vanban',
      fullName: 'Phạm Thu Trang',
      systemRole: 'secretary',
    });
    meetingId = await createMeeting(server.running, secretary.id, [
      { userId: secretary.id, role: 'secretary' },
    ]);
    pdf = new Uint8Array(await readFile(path.join(FIXTURES, 'pdfs', 'real', 'inks.pdf')));
  });

  afterAll(async () => {
    await server.stop();
  });

  async function upload(url: string, name: string): Promise<{ status: number; body: unknown }> {
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), name);
    const res = await fetch(server.url + url, {
      method: 'POST',
      headers: { cookie: secretary.client.cookie ?? '' },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  const issueOf = (body: unknown, field: string) =>
    (body as ErrorReply).error.issues?.find((i) => i.path === field)?.message;

  it('refuses control characters and lone surrogates in a name, saying which field', async () => {
    const res = await admin.post('/api/users', {
      username: 'ky.tu.la',
      fullName: BAD,
      password: 'Mat-khau-dai-1',
    });
    expect(res.status).toBe(400);
    expect(issueOf(res.body, 'fullName')).toMatch(/ký tự điều khiển/);
    const users = await admin.get<{ items: { username: string }[] }>('/api/users?q=ky.tu.la');
    expect(users.body.items).toEqual([]);
  });

  it('refuses a line break in a one-line field but keeps one in a description', async () => {
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 90_000_000).toISOString();
    const oneLine = await secretary.client.post('/api/meetings', {
      title: 'Họp\r\nSUMMARY:Injected',
      startsAt,
      endsAt,
    });
    expect(oneLine.status).toBe(400);
    expect(issueOf(oneLine.body, 'title')).toMatch(/một dòng/);
    const multi = await secretary.client.post<{ meeting: { description: string } }>('/api/meetings', {
      title: 'Họp giao ban',
      description: 'Dòng một\nDòng hai\tcó tab',
      startsAt,
      endsAt,
    });
    expect(multi.status).toBe(201);
    expect(multi.body.meeting.description).toBe('Dòng một\nDòng hai\tcó tab');
    const nul = await secretary.client.post('/api/meetings', {
      title: 'Họp',
      description: 'Dòng một\u0000',
      startsAt,
      endsAt,
    });
    expect(nul.status).toBe(400);
    expect(issueOf(nul.body, 'description')).toMatch(/ký tự điều khiển/);
  });

  it('answers in English when asked', async () => {
    const en = new ApiClient(server.url, 'en');
    en.cookie = admin.cookie;
    const res = await en.post('/api/units', { code: 'SO-X', name: `Sở\u202eX` });
    expect(res.status).toBe(400);
    expect(issueOf(res.body, 'name')).toMatch(/control or invalid characters/);
  });

  it('refuses a sign-in name with a NUL as a bad request, not as a wrong password', async () => {
    const res = await new ApiClient(server.url).post('/api/auth/login', {
      username: `admin${BAD}`,
      password: 'x',
    });
    expect(res.status).toBe(400);
  });

  it('cleans document names the same way on upload, rename, new version and download', async () => {
    const up = await upload(`/api/meetings/${meetingId}/documents`, '..\\..\\bao-cao.exe');
    expect(up.status).toBe(201);
    const doc = (up.body as { items: MeetingDocument[] }).items[0]!;
    expect(doc.name).toBe('bao-cao.exe.pdf');

    const injected = await secretary.client.patch(`/api/documents/${doc.id}`, {
      version: doc.version,
      name: '../../x\r\nContent-Type: text/html\u202egpj.exe',
    });
    expect(injected.status).toBe(400);
    expect(issueOf(injected.body, 'name')).toMatch(/ký tự điều khiển/);

    const renamed = await secretary.client.patch<{ document: MeetingDocument }>(`/api/documents/${doc.id}`, {
      version: doc.version,
      name: '../../Quyết định\u202egpj.exe',
    });
    expect(renamed.status).toBe(400); // the bidi override is refused like a control character
    const plain = await secretary.client.patch<{ document: MeetingDocument }>(`/api/documents/${doc.id}`, {
      version: doc.version,
      name: '../../Quyết định 12',
    });
    expect(plain.status).toBe(200);
    expect(plain.body.document.name).toBe('Quyết định 12.pdf');

    const file = await fetch(`${server.url}/api/documents/${doc.id}/file?download=1`, {
      headers: { cookie: secretary.client.cookie ?? '' },
    });
    const disposition = file.headers.get('content-disposition') ?? '';
    await file.arrayBuffer();
    expect(disposition).toContain("filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012.pdf");
    expect(disposition).toContain('filename="Quyet dinh 12.pdf"');

    const version = await upload(`/api/documents/${doc.id}/versions`, 'ban-moi\u202egpj.exe');
    expect(version.status).toBe(201);
    expect((version.body as { document: MeetingDocument }).document.name).toBe('ban-moigpj.exe.pdf');
  });
});
