import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { apiMeeting, apiParticipant, apiStatus, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let people: Record<'secretary' | 'delegate' | 'outsider', TestUser>;
let doc: MeetingDocument;

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'delegate', 'outsider']);
  const meeting = await apiMeeting(people.secretary.client);
  await apiParticipant(people.secretary.client, meeting.id, people.delegate.id);
  doc = await apiUpload(server.url, people.secretary.client, meeting.id, 'bao-cao-chuyen-doi-so-2024.pdf');
  // Delegates read a meeting's documents once it is published (a draft is the organisers' alone).
  await apiStatus(people.secretary.client, meeting, 'published');
});
afterAll(async () => {
  await server.stop();
});

type Hits = { items: { page: number; count: number; snippet: string }[] };

describe('searching inside one document', () => {
  it('lists the pages that hold the words, typed without diacritics, with an excerpt', async () => {
    const res = await people.delegate.client.get<Hits>(
      `/api/documents/${doc.id}/search?q=${encodeURIComponent('chuyen doi so')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(1);
    const pages = res.body.items.map((h) => h.page);
    expect(pages.every((p) => p >= 1 && p <= doc.pages)).toBe(true);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    expect(res.body.items[0]?.snippet.toLowerCase()).toContain('chuyển đổi số');
  });

  it('answers an empty search with 400 and a stranger with 403', async () => {
    const empty = await people.delegate.client.get<ErrorReply>(`/api/documents/${doc.id}/search?q=%20`);
    expect(empty.status).toBe(400);
    const stranger = await people.outsider.client.get<ErrorReply>(`/api/documents/${doc.id}/search?q=so`);
    expect(stranger.status).toBe(403);
  });
});
