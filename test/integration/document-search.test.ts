import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { apiMeeting, apiParticipant, apiStatus, apiUpload } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let people: Record<'secretary' | 'delegate' | 'outsider', TestUser>;
let doc: MeetingDocument;
let appendix: MeetingDocument;

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'delegate', 'outsider']);
  const meeting = await apiMeeting(people.secretary.client);
  await apiParticipant(people.secretary.client, meeting.id, people.delegate.id);
  doc = await apiUpload(server.url, people.secretary.client, meeting.id, 'bao-cao-chuyen-doi-so-2024.pdf');
  appendix = await apiUpload(
    server.url,
    people.secretary.client,
    meeting.id,
    'phu-luc-tong-hop-920-trang.pdf',
  );
  // Delegates read a meeting's documents once it is published (a draft is the organisers' alone).
  await apiStatus(people.secretary.client, meeting, 'published');
});
afterAll(async () => {
  await server.stop();
});

type Hits = {
  items: { page: number; count: number; snippet: string }[];
  total: number;
  occurrences: number;
  pagesSearched: number;
};

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

  it('searches all 920 pages of the appendix and pages through every hit with the totals', async () => {
    const q = encodeURIComponent('chinh quyen so');
    const seen: Hits['items'] = [];
    let first: Hits | undefined;
    for (let offset = 0; ; offset += 200) {
      const res = await people.delegate.client.get<Hits>(
        `/api/documents/${appendix.id}/search?q=${q}&offset=${offset}&limit=200`,
      );
      expect(res.status).toBe(200);
      first ??= res.body;
      expect(res.body.total).toBe(first.total);
      seen.push(...res.body.items);
      if (res.body.items.length === 0 || seen.length >= res.body.total) break;
    }
    expect(first?.pagesSearched).toBe(920);
    expect(seen).toHaveLength(first.total);
    expect(first.occurrences).toBe(seen.reduce((n, h) => n + h.count, 0));
    // The phrase itself is on pages 300, 600 and 900: all three are found, past the first 200 hits.
    const pages = seen.map((h) => h.page);
    expect(pages).toEqual(expect.arrayContaining([300, 600, 900]));
    for (const page of [300, 600, 900]) {
      expect(seen.find((h) => h.page === page)?.snippet.toLowerCase()).toContain('chính quyền số');
    }
  });

  it('answers an empty search with 400 and a stranger with 403', async () => {
    const empty = await people.delegate.client.get<ErrorReply>(`/api/documents/${doc.id}/search?q=%20`);
    expect(empty.status).toBe(400);
    const stranger = await people.outsider.client.get<ErrorReply>(`/api/documents/${doc.id}/search?q=so`);
    expect(stranger.status).toBe(403);
  });
});
