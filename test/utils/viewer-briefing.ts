import { expect } from 'vitest';
import type { Result, RoomSnapshot, SiteView, ViewerLinkCreated } from '@icabinet/shared';
import { createCast, type CastRole, type TestUser } from './fixtures.js';
import { ApiClient } from './http.js';
import { apiMeeting, apiStatus } from './meetings.js';
import { uploadReport } from './room.js';
import type { TestServer } from './server.js';
import { importSampleSites } from './sites.js';
import type { ClientSocket } from './socket.js';

/** An online briefing ready for viewer screens, and the way to hand out its viewer links. */
export interface ViewerBriefing<R extends CastRole = never> {
  cast: Record<'secretary' | 'chair' | R, TestUser>;
  /** The sample sites by code. */
  sites: Map<string, SiteView>;
  meetingId: string;
  /** The 10-page report, uploaded to the meeting. */
  documentId: string;
  /** Makes a viewer link (for a site, or for anyone with null) as the secretary; returns its token. */
  viewerLink: (siteId: string | null) => Promise<string>;
}

/**
 * Sets up what the viewer-screen tests share, on a running server: the secretary, the chair and
 * any `others` of the cast; the sample sites; an online meeting chaired by the chair with the
 * report uploaded, linked to the sites of `siteCodes` (with their descendants when asked), and
 * published.
 */
export async function viewerBriefing<R extends CastRole = never>(
  server: Pick<TestServer, 'url' | 'adminPassword'>,
  opts: { title: string; siteCodes: string[]; includeDescendants?: boolean; others?: readonly R[] },
): Promise<ViewerBriefing<R>> {
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const cast = await createCast(server.url, admin, ['secretary', 'chair', ...(opts.others ?? [])]);
  const sites = await importSampleSites(admin);
  const secretary = cast.secretary.client;
  const meeting = await apiMeeting(secretary, { title: opts.title, kind: 'online', chairId: cast.chair.id });
  const meetingId = meeting.id;
  const documentId = (await uploadReport(secretary, meetingId)).id;
  const linked = await secretary.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: opts.siteCodes.map((code) => sites.get(code)!.id),
    ...(opts.includeDescendants ? { includeDescendants: true } : {}),
  });
  expect(linked.status).toBe(200);
  await apiStatus(secretary, meeting, 'published');
  const viewerLink = async (siteId: string | null): Promise<string> => {
    const made = await secretary.post<ViewerLinkCreated>(`/api/meetings/${meetingId}/viewer-links`, {
      siteId,
    });
    expect(made.status).toBe(201);
    return made.body.token;
  };
  return { cast, sites, meetingId, documentId, viewerLink };
}

/** A socket (a viewer screen, or anyone) joins the meeting's room; the server's answer, as it came. */
export const roomJoinAck = async (s: ClientSocket, meetingId: string): Promise<Result<RoomSnapshot>> =>
  (await s.timeout(5000).emitWithAck('room:join', { meetingId })) as Result<RoomSnapshot>;
