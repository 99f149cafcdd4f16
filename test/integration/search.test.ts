import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument, SearchHit } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createCast } from '../utils/fixtures.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let admin: ApiClient;
let secretary: { id: string; client: ApiClient };
let delegate: { id: string; client: ApiClient };
let outsider: { id: string; client: ApiClient };
let meetingId: string;
let secretMeetingId: string;
let documentId: string;

const search = async (client: ApiClient, q: string) => {
  const res = await client.get<{ items: SearchHit[] }>(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body.items;
};

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  ({ secretary, delegate, outsider } = await createCast(server.url, admin, [
    'secretary',
    'delegate',
    'outsider',
  ]));

  const m = await apiMeeting(secretary.client, {
    title: 'Phiên họp chuyên đề chuyển đổi số',
    description: 'Xây dựng chính quyền số – chính quyền phục vụ',
  });
  meetingId = m.id;
  await apiParticipant(secretary.client, m.id, delegate.id);
  await apiItem(secretary.client, m.id, {
    title: 'Báo cáo kết quả chuyển đổi số năm 2024',
    presenterName: 'Sở TT&TT',
  });
  await apiItem(secretary.client, m.id, { title: 'Tờ trình Đề án 06 về VNeID' });
  await apiStatus(secretary.client, m, 'published');
  documentId = (await apiUpload(server.url, secretary.client, m.id, 'bao-cao-chuyen-doi-so-2024.pdf')).id;

  const secret = await apiMeeting(admin, {
    title: 'Họp kín về chuyển đổi số nhân sự',
    confidentiality: 'confidential',
  });
  secretMeetingId = secret.id;
});
afterAll(async () => {
  await server.stop();
});

describe('search', () => {
  it('finds "chuyển đổi số" when typed without diacritics', async () => {
    const hits = await search(secretary.client, 'chuyen doi so');
    const kinds = hits.filter((h) => h.meetingId === meetingId).map((h) => h.kind);
    expect(kinds).toContain('meeting');
    expect(kinds).toContain('agenda_item');
    const item = hits.find((h) => h.kind === 'agenda_item');
    expect(item).toMatchObject({
      title: 'Báo cáo kết quả chuyển đổi số năm 2024',
      meetingTitle: 'Phiên họp chuyên đề chuyển đổi số',
      meetingId,
    });
  });

  it('matches with diacritics, in any case, đ as d, and the last word as a prefix', async () => {
    for (const q of [
      'CHUYỂN ĐỔI SỐ',
      'Chuyển đổi số',
      'đề án 06',
      'de an 06',
      'vneid',
      'chinh quyen phuc v',
    ]) {
      const hits = await search(secretary.client, q);
      expect(hits.length, q).toBeGreaterThan(0);
    }
  });

  it('finds words of the document text and gives a snippet around them', async () => {
    const hits = await search(secretary.client, 'chuyen doi so');
    const doc = hits.find((h) => h.kind === 'document');
    expect(doc).toMatchObject({ id: documentId, meetingId, title: 'bao-cao-chuyen-doi-so-2024.pdf' });
    expect(doc?.snippet.length).toBeGreaterThan(0);
    expect(doc?.snippet.length).toBeLessThanOrEqual(170);
  });

  it('shows a member only what is in their meetings', async () => {
    const mine = await search(delegate.client, 'chuyen doi so');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((h) => h.meetingId === meetingId)).toBe(true);
    expect(await search(outsider.client, 'chuyen doi so')).toEqual([]);
  });

  it('keeps a confidential meeting from a secretary who is not part of it', async () => {
    expect((await search(secretary.client, 'hop kin')).some((h) => h.meetingId === secretMeetingId)).toBe(
      false,
    );
    expect((await search(admin, 'hop kin')).some((h) => h.meetingId === secretMeetingId)).toBe(true);
  });

  it('leaves out documents the caller may not open', async () => {
    const doc = await secretary.client.get<{ document: MeetingDocument }>(`/api/documents/${documentId}`);
    const res = await secretary.client.patch(`/api/documents/${documentId}`, {
      version: doc.body.document.version,
      classification: { openBy: 'organisers' },
    });
    expect(res.status).toBe(200);
    const forDelegate = await search(delegate.client, 'chuyen doi so');
    expect(forDelegate.some((h) => h.kind === 'document')).toBe(false);
    expect((await search(secretary.client, 'chuyen doi so')).some((h) => h.kind === 'document')).toBe(true);
  });

  it('treats search operators as plain words', async () => {
    for (const q of ['"chuyen', 'so*', 'NEAR(a b)', 'a OR b', '---', '(']) {
      const res = await secretary.client.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });

  it('answers an empty or too long query with 400, and no session with 401', async () => {
    expect((await secretary.client.get<ErrorReply>('/api/search?q=')).status).toBe(400);
    expect((await secretary.client.get<ErrorReply>(`/api/search?q=${'a'.repeat(201)}`)).status).toBe(400);
    expect((await new ApiClient(server.url).get('/api/search?q=so')).status).toBe(401);
  });
});
