import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Agenda, AgendaItem, Meeting, MeetingDocument } from '@icabinet/shared';
import type { ApiClient } from './http.js';
import { FIXTURES } from './server.js';

/** Times one hour apart, `daysFromNow` days from now (negative: in the past). */
export function slot(daysFromNow: number, hours = 2): { startsAt: string; endsAt: string } {
  const start = Date.now() + daysFromNow * 86_400_000;
  return {
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + hours * 3_600_000).toISOString(),
  };
}

/** Creates a meeting through the API as `client` and returns it (throws unless 201). */
export async function apiMeeting(client: ApiClient, input: Record<string, unknown> = {}): Promise<Meeting> {
  const res = await client.post<{ meeting: Meeting }>('/api/meetings', {
    title: 'Phiên họp UBND Thành phố thường kỳ tháng 11',
    location: 'Phòng họp số 1, tầng 3',
    ...slot(3),
    ...input,
  });
  if (res.status !== 201)
    throw new Error(`could not create a meeting: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.meeting;
}

/** Moves a meeting through the lifecycle as `client` (throws unless 200). */
export async function apiStatus(
  client: ApiClient,
  meeting: Pick<Meeting, 'id'>,
  to: Meeting['status'],
  reason?: string,
): Promise<Meeting> {
  const current = await client.get<{ meeting: Meeting }>(`/api/meetings/${meeting.id}`);
  const res = await client.post<{ meeting: Meeting }>(`/api/meetings/${meeting.id}/status`, {
    to,
    version: current.body.meeting.version,
    ...(reason ? { reason } : {}),
  });
  if (res.status !== 200)
    throw new Error(`could not move to ${to}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.meeting;
}

/** Adds an agenda item at the current agenda version (throws unless 201). */
export async function apiItem(
  client: ApiClient,
  meetingId: string,
  input: Record<string, unknown>,
): Promise<{ item: AgendaItem; agendaVersion: number }> {
  const agenda = await client.get<Agenda>(`/api/meetings/${meetingId}/agenda`);
  const res = await client.post<{ item: AgendaItem; agendaVersion: number }>(
    `/api/meetings/${meetingId}/agenda/items`,
    { plannedMinutes: 15, ...input, agendaVersion: agenda.body.version },
  );
  if (res.status !== 201) throw new Error(`could not add an item: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Adds a user as a participant (throws unless 201); returns the participant id. */
export async function apiParticipant(
  client: ApiClient,
  meetingId: string,
  userId: string,
  role: 'chair' | 'secretary' | 'delegate' | 'guest' | 'observer' = 'delegate',
): Promise<string> {
  const res = await client.post<{ participant: { id: string } }>(`/api/meetings/${meetingId}/participants`, {
    userId,
    role,
  });
  if (res.status !== 201)
    throw new Error(`could not add a participant: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.participant.id;
}

/** Posts one of the Vietnamese fixture PDFs as multipart to `url` and returns the stored document. */
async function postPdf(
  url: string,
  client: ApiClient,
  file: string,
  fields: Record<string, string>,
  pick: (body: unknown) => MeetingDocument | undefined,
): Promise<MeetingDocument> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const bytes = await readFile(path.join(FIXTURES, 'pdfs', 'vn', file));
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), file);
  const res = await fetch(url, { method: 'POST', headers: { cookie: client.cookie ?? '' }, body: form });
  const body: unknown = await res.json();
  const doc = pick(body);
  if (res.status !== 201 || !doc) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return doc;
}

/** Uploads one PDF of test/fixtures/pdfs/vn through the documents API, as the web does. */
export function apiUpload(
  baseUrl: string,
  client: ApiClient,
  meetingId: string,
  file: string,
  fields: Record<string, string> = {},
): Promise<MeetingDocument> {
  return postPdf(
    `${baseUrl}/api/meetings/${meetingId}/documents`,
    client,
    file,
    fields,
    (b) => (b as { items?: MeetingDocument[] }).items?.[0],
  );
}

/** Replaces a document with a new version (one of the Vietnamese fixture PDFs). */
export function apiReplace(
  baseUrl: string,
  client: ApiClient,
  documentId: string,
  file: string,
): Promise<MeetingDocument> {
  return postPdf(
    `${baseUrl}/api/documents/${documentId}/versions`,
    client,
    file,
    {},
    (b) => (b as { document?: MeetingDocument }).document,
  );
}
