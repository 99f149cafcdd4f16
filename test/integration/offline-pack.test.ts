import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument, MeetingPack } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiReplace, apiStatus, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

/**
 * `GET /api/meetings/:id/pack`: what a tablet downloads to work offline. Checked against the bytes
 * the viewer really gets, for a delegate, an outsider and a confidential meeting.
 */
let server: TestServer;
let people: Record<'secretary' | 'delegate' | 'outsider', TestUser>;
let meetingId: string;
let open: MeetingDocument;
let stamped: MeetingDocument;
let organisersOnly: MeetingDocument;

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login(server.adminUsername, server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'delegate', 'outsider']);
  const sec = people.secretary.client;
  const meeting = await apiMeeting(sec);
  meetingId = meeting.id;
  await apiParticipant(sec, meetingId, people.delegate.id, 'delegate');
  open = await apiUpload(server.url, sec, meetingId, 'to-trinh-de-an-06.pdf');
  stamped = await apiUpload(server.url, sec, meetingId, 'bao-cao-chuyen-doi-so-2024.pdf', {
    watermark: 'true',
  });
  organisersOnly = await apiUpload(server.url, sec, meetingId, 'bao-cao-mo-hinh-quan-huyen-cds.pdf', {
    openBy: 'organisers',
  });
  await apiStatus(sec, meeting, 'published');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function fileBytes(client: ApiClient, url: string): Promise<Buffer> {
  const res = await fetch(server.url + url, { headers: { cookie: client.cookie ?? '' } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('the offline pack manifest', () => {
  it('lists for a delegate the current version of each document they may open, as the viewer gets it', async () => {
    const res = await people.delegate.client.get<MeetingPack>(`/api/meetings/${meetingId}/pack`);
    expect(res.status).toBe(200);
    const pack = res.body;
    expect(pack.files.map((f) => f.documentId)).toEqual([open.id]);
    // The organisers' document is not theirs to open; the stamped one stays online.
    expect(pack.files.some((f) => f.documentId === organisersOnly.id)).toBe(false);
    expect(pack.excluded).toEqual([{ documentId: stamped.id, name: stamped.name, reason: 'confidential' }]);
    const [file] = pack.files;
    const bytes = await fileBytes(people.delegate.client, file!.url);
    expect(bytes.length).toBe(file!.size);
    expect(pack.totalBytes).toBe(file!.size);
    if (!file!.contentHash.endsWith('.o')) {
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file!.contentHash);
    }
    expect(pack.resources).toContain(`/api/meetings/${meetingId}/agenda`);
    expect(pack.resources).toContain(`/api/meetings/${meetingId}/participants`);
    for (const url of pack.resources) {
      expect((await people.delegate.client.get(url)).status, url).toBe(200);
    }
  });

  it('gives organisers their own documents too, and changes when a new version is published', async () => {
    const before = (await people.secretary.client.get<MeetingPack>(`/api/meetings/${meetingId}/pack`)).body;
    expect(before.files.map((f) => f.documentId).sort()).toEqual([open.id, organisersOnly.id].sort());
    const next = await apiReplace(server.url, people.secretary.client, open.id, 'to-trinh-de-an-06.pdf');
    const after = (await people.delegate.client.get<MeetingPack>(`/api/meetings/${meetingId}/pack`)).body;
    expect(after.files.map((f) => f.documentId)).toEqual([next.id]);
    expect(after.files[0]!.versionNo).toBe(2);
    expect(after.packVersion).not.toBe(before.packVersion);
    open = next;
  });

  it('refuses someone who is not a participant, in their language', async () => {
    const res = await people.outsider.client.get<ErrorReply>(`/api/meetings/${meetingId}/pack`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/không/i);
    const missing = await people.delegate.client.get<ErrorReply>(
      '/api/meetings/00000000-0000-4000-8000-000000000000/pack',
    );
    expect(missing.status).toBe(404);
    const bad = await people.delegate.client.get<ErrorReply>('/api/meetings/not-an-id/pack');
    expect(bad.status).toBe(400);
  });

  it('packs nothing of a confidential meeting: every document stays online only', async () => {
    const sec = people.secretary.client;
    const admin = new ApiClient(server.url);
    await admin.login(server.adminUsername, server.adminPassword);
    const meeting = await apiMeeting(admin, { confidentiality: 'confidential' });
    await apiParticipant(admin, meeting.id, people.delegate.id, 'delegate');
    const doc = await apiUpload(server.url, admin, meeting.id, 'to-trinh-de-an-06.pdf');
    await apiStatus(admin, meeting, 'published');
    const res = await people.delegate.client.get<MeetingPack>(`/api/meetings/${meeting.id}/pack`);
    expect(res.status).toBe(200);
    expect(res.body.files).toEqual([]);
    expect(res.body.totalBytes).toBe(0);
    expect(res.body.excluded.map((e) => e.documentId)).toEqual([doc.id]);
    // The secretariat is not part of it: refused like every other route of the meeting.
    expect((await sec.get(`/api/meetings/${meeting.id}/pack`)).status).toBe(403);
  });
});
