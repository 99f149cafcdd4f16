import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  Invitation,
  MeetingDocument,
  Result,
  RoomChanged,
  RoomCommandAck,
  RoomCommandPayload,
  RoomSnapshot,
  RoomSyncAck,
} from '@icabinet/shared';
import type { ApiClient } from './http.js';
import { apiItem, apiParticipant, apiStatus, slot } from './meetings.js';
import { FIXTURES } from './server.js';
import { connectClient, type ClientSocket } from './socket.js';

export const VN_REPORT = path.join(FIXTURES, 'pdfs', 'vn', 'bao-cao-chuyen-doi-so-2024.pdf');

/** Sends one room command with a fresh (or the given) opId and returns the ack. */
export function roomCommand(
  socket: ClientSocket,
  meetingId: string,
  command: RoomCommandPayload['command'],
  opId: string = randomUUID(),
): Promise<Result<RoomCommandAck>> {
  return socket.timeout(10_000).emitWithAck('room:command', { meetingId, opId, command }) as Promise<
    Result<RoomCommandAck>
  >;
}

/**
 * Holds a published meeting in the room as its chair would: starts it, checks in, takes up the
 * given agenda items one after another, and ends it (the meeting is then `ended`, its report ready).
 */
export async function holdMeeting(
  url: string,
  chair: ApiClient,
  meetingId: string,
  itemIds: readonly string[] = [],
): Promise<void> {
  const socket = await connectClient(url, chair.cookie);
  try {
    await joinRoom(socket, meetingId);
    const commands: RoomCommandPayload['command'][] = [
      { type: 'room.start' },
      { type: 'attendance.checkin' },
      ...itemIds.map((itemId) => ({ type: 'item.goto' as const, itemId })),
      { type: 'room.end' },
    ];
    for (const command of commands) {
      const res = await roomCommand(socket, meetingId, command);
      if (!res.ok) throw new Error(`${command.type}: ${JSON.stringify(res.error)}`);
    }
  } finally {
    socket.close();
  }
}

/** Joins a meeting's room and returns the snapshot (throws on refusal). */
export async function joinRoom(socket: ClientSocket, meetingId: string): Promise<RoomSnapshot> {
  const res = (await socket.timeout(10_000).emitWithAck('room:join', { meetingId })) as Result<RoomSnapshot>;
  if (!res.ok) throw new Error(`room:join refused: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** Asks for the changes after `lastSeq` (or a snapshot). */
export async function syncRoom(
  socket: ClientSocket,
  meetingId: string,
  lastSeq: number,
): Promise<Result<RoomSyncAck>> {
  return (await socket
    .timeout(10_000)
    .emitWithAck('room:sync', { meetingId, lastSeq })) as Result<RoomSyncAck>;
}

/** Collects every `room:changed` a socket receives. */
export function collectChanges(socket: ClientSocket): RoomChanged[] {
  const seen: RoomChanged[] = [];
  socket.on('room:changed', (c) => seen.push(c));
  return seen;
}

/** Uploads the 10-page Vietnamese report to a meeting (attached to an agenda item if given). */
export async function uploadReport(
  client: ApiClient,
  meetingId: string,
  agendaItemId?: string,
): Promise<MeetingDocument> {
  const form = new FormData();
  if (agendaItemId) form.append('agendaItemId', agendaItemId);
  const bytes = new Uint8Array(await readFile(VN_REPORT));
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), path.basename(VN_REPORT));
  const res = await fetch(`${client.baseUrl}/api/meetings/${meetingId}/documents`, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '' },
    body: form,
  });
  const body = (await res.json()) as { items: MeetingDocument[] };
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body.items[0]!;
}

/**
 * A published meeting run from the REST API: `secretary` creates it with `chairId` as chair,
 * adds the delegates, one agenda item presented by the first delegate, and publishes it.
 */
export async function publishedMeeting(
  secretary: ApiClient,
  chairId: string,
  delegates: { userId: string; role?: 'delegate' | 'observer' | 'guest' }[],
  opts: { document?: boolean; quorumRule?: Record<string, unknown> } = {},
): Promise<{ id: string; itemId: string; participantIds: string[]; documentId: string | null }> {
  const created = await secretary.post<{ meeting: { id: string } }>('/api/meetings', {
    title: 'Phiên họp UBND Thành phố thường kỳ tháng 12',
    location: 'Phòng họp số 1',
    ...slot(0, 3),
    chairId,
    ...(opts.quorumRule ? { quorumRule: opts.quorumRule } : {}),
  });
  if (created.status !== 201) throw new Error(`meeting: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.meeting.id;
  const participantIds: string[] = [];
  for (const d of delegates) participantIds.push(await apiParticipant(secretary, id, d.userId, d.role));
  const { item } = await apiItem(secretary, id, {
    title: 'Báo cáo tình hình chuyển đổi số năm 2024',
    plannedMinutes: 20,
    presenterId: participantIds[0] ?? null,
  });
  const documentId = opts.document ? (await uploadReport(secretary, id)).id : null;
  await apiStatus(secretary, { id }, 'published');
  return { id, itemId: item.id, participantIds, documentId };
}

/** A delegate answers their invitation by sending a deputy; the secretariat approves. Returns nothing. */
export async function sendDeputy(
  delegate: ApiClient,
  secretary: ApiClient,
  meetingId: string,
  deputyName: string,
): Promise<void> {
  const mine = await delegate.get<{ items: Invitation[] }>('/api/invitations/mine');
  const inv = mine.body.items.find((i) => i.meetingId === meetingId);
  if (!inv) throw new Error('no invitation');
  const reply = await delegate.post(`/api/invitations/${inv.id}/reply`, {
    answer: 'deputy',
    deputy: { fullName: deputyName },
  });
  if (reply.status !== 200) throw new Error(`reply: ${reply.status} ${JSON.stringify(reply.body)}`);
  const approved = await secretary.post(`/api/meetings/${meetingId}/invitations/${inv.id}/deputy`, {
    approve: true,
  });
  if (approved.status !== 200)
    throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
}
