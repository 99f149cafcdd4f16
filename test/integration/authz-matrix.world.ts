import { randomUUID } from 'node:crypto';
import type { Invitation, Result, RoomCommandPayload } from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiItem, apiParticipant, apiStatus, apiUpload, slot } from '../utils/meetings.js';
import type { TestServer } from '../utils/server.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import type { Conf, Outcome, Role, Status, Sys } from './authz-matrix.table.js';

/** One caller of the matrix: a signed-in user with one system role and the same role in every meeting. */
export interface Caller {
  key: string;
  /** The user's id ('' when anonymous). */
  id: string;
  sys: Sys | 'anonymous';
  role: Role;
  client: ApiClient;
  socket: ClientSocket | null;
  /** One REST request, counted as an outcome (`passed`: statuses that mean "past the policy"). */
  http(
    method: string,
    path: string,
    body?: unknown,
    passed?: number[],
    headers?: Record<string, string>,
  ): Promise<Outcome>;
  /** A list read: the status and the parsed body. */
  raw<T>(method: string, path: string): Promise<{ status: number; body: T }>;
  emit(event: string, payload: unknown): Promise<Outcome>;
  command(meetingId: string, command: RoomCommandPayload['command']): Promise<Outcome>;
  /** Sends a volatile event, then waits for one round trip on the same socket (it was handled). */
  volatile(event: string, payload: unknown): Promise<void>;
  joinLayer(documentId: string, layer: 'shared' | 'private'): Promise<Outcome>;
  writeLayer(documentId: string, layer: 'shared' | 'private'): Promise<Outcome>;
}

export interface WorldMeeting {
  key: string;
  conf: Conf;
  status: Status;
  id: string;
  /** A word only this meeting's title holds (search). */
  word: string;
  /** Open to every participant. */
  docId: string;
  /** Open to the organisers only. */
  orgDocId: string;
  itemId: string;
  spareParticipantId: string;
  /** The member delegate's invitation (published), or an id that does not exist (draft). */
  invitationId: string;
  /** A prepared vote (never opened: the room does not run). */
  voteId: string;
  /** A request for written opinions asking the member delegate: sent (published) or a draft. */
  opinionId: string;
}

export interface World {
  url: string;
  /** Two sockets of the meetings' creator (a secretary of each): one listens, one sends markers. */
  watcher: { listener: ClientSocket; marker: ClientSocket; userId: string };
  callers: Caller[];
  meetings: WorldMeeting[];
  spare: { id: string; username: string; fullName: string };
  unit: { id: string; code: string };
  newMeetingInput(): Record<string, string>;
  /** A copy of the meeting's open document, for a row that deletes one. */
  sacrificialDocument(meeting: WorldMeeting): Promise<string>;
  close(): void;
}

const SYS: Sys[] = ['admin', 'secretary', 'member'];
const ROLES: Role[] = ['none', 'chair', 'secretary', 'delegate', 'guest', 'observer'];
const EMPTY_UPDATE = new Uint8Array([0, 0]);

const ackOutcome = (res: Result<unknown>): Outcome => {
  if (res.ok) return 'ok';
  if (res.error.code === 'forbidden') return 'deny';
  if (res.error.code === 'not_found') return 'hidden';
  if (res.error.code === 'unauthorized') return 'unauth';
  return 'ok';
};

export function makeCaller(
  url: string,
  id: string,
  key: string,
  sys: Sys | 'anonymous',
  role: Role,
  client: ApiClient,
  socket: ClientSocket | null,
): Caller {
  const emitRaw = async (event: string, payload: unknown): Promise<Result<unknown>> => {
    if (!socket) return { ok: false, error: { code: 'unauthorized', message: 'no socket' } };
    return (await socket
      .timeout(15_000)
      .emitWithAck(event as 'meeting:join', payload as never)) as Result<unknown>;
  };
  const caller: Caller = {
    key,
    id,
    sys,
    role,
    client,
    socket,
    async http(method, path, body, passed = [], headers = {}) {
      const h: Record<string, string> = { 'accept-language': 'vi', ...headers };
      if (client.cookie) h.cookie = client.cookie;
      let payload: BodyInit | undefined;
      if (body instanceof FormData || typeof body === 'string') payload = body;
      else if (body !== undefined) {
        payload = JSON.stringify(body);
        h['content-type'] = 'application/json';
      }
      const res = await fetch(url + path, { method, headers: h, body: payload, redirect: 'manual' });
      await res.arrayBuffer();
      if (passed.includes(res.status)) return 'ok';
      if (res.status === 401) return 'unauth';
      if (res.status === 403) return 'deny';
      if (res.status === 404) return 'hidden';
      return 'ok';
    },
    async raw<T>(method: string, path: string) {
      const res = await client.request<T>(method, path);
      return { status: res.status, body: res.body };
    },
    emit: async (event, payload) => ackOutcome(await emitRaw(event, payload)),
    command: async (meetingId, command) =>
      ackOutcome(await emitRaw('room:command', { meetingId, opId: randomUUID(), command })),
    async volatile(event, payload) {
      socket?.emit(event as 'room:pointer', payload as never);
      // Packets of one socket are handled in order: once this ack is back, the event above was.
      await emitRaw('meeting:leave', { meetingId: randomUUID() });
    },
    joinLayer: async (documentId, layer) =>
      ackOutcome(await emitRaw('doc:join', { documentId, layer, stateVector: new Uint8Array([0]) })),
    async writeLayer(documentId, layer) {
      const joined = await emitRaw('doc:join', { documentId, layer, stateVector: new Uint8Array([0]) });
      if (!joined.ok) return ackOutcome(joined);
      return ackOutcome(
        await emitRaw('doc:update', { documentId, layer, update: EMPTY_UPDATE, opId: randomUUID() }),
      );
    },
  };
  return caller;
}

/**
 * The matrix's world, built once: a user per system role × meeting role (the same role in every
 * meeting), one anonymous caller, and four meetings (internal / confidential × published / draft),
 * each with a document for everyone, one for organisers only, an agenda item and invitations.
 */
export async function buildWorld(server: TestServer): Promise<World> {
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const callers: Caller[] = [];
  const users = new Map<string, string>();
  let n = 0;
  for (const sys of SYS) {
    for (const role of ROLES) {
      n++;
      const u = await createUser(server.url, admin, {
        username: `mt.${sys}.${role}`,
        fullName: `Người thử ${n}`,
        systemRole: sys,
      });
      users.set(`${sys}/${role}`, u.id);
      const socket = await connectClient(server.url, u.client.cookie);
      callers.push(makeCaller(server.url, u.id, `${sys}/${role}`, sys, role, u.client, socket));
    }
  }
  callers.push(makeCaller(server.url, '', 'anonymous', 'anonymous', 'none', new ApiClient(server.url), null));
  const spareUser = await createUser(server.url, admin, { username: 'mt.spare', fullName: 'Người Dự Phòng' });
  const unit = await admin.post<{ unit: { id: string; code: string } }>('/api/units', {
    code: 'SNV-MT',
    name: 'Sở Nội vụ',
  });
  if (unit.status !== 201) throw new Error(`unit: ${unit.status} ${JSON.stringify(unit.body)}`);

  const meetings: WorldMeeting[] = [];
  let w = 0;
  for (const conf of ['internal', 'confidential'] as const) {
    for (const status of ['published', 'draft'] as const) {
      w++;
      const word = `matranquyen${w}`;
      const created = await admin.post<{ meeting: { id: string } }>('/api/meetings', {
        title: `Phiên họp ${word}`,
        location: 'Phòng họp số 1',
        ...slot(4),
        confidentiality: conf,
      });
      if (created.status !== 201)
        throw new Error(`meeting: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.meeting.id;
      const pids = new Map<string, string>();
      for (const [key, userId] of users) {
        const role = key.split('/')[1] as Role;
        if (role !== 'none') pids.set(key, await apiParticipant(admin, id, userId, role));
      }
      const spareParticipantId = await apiParticipant(admin, id, spareUser.id, 'delegate');
      const { item } = await apiItem(admin, id, { title: 'Báo cáo chuyển đổi số' });
      const doc = await apiUpload(server.url, admin, id, 'bao-cao-chuyen-doi-so-2024.pdf');
      const orgDoc = await apiUpload(server.url, admin, id, 'to-trinh-de-an-06.pdf', {
        openBy: 'organisers',
      });
      const vote = await admin.post<{ vote: { id: string } }>(`/api/meetings/${id}/votes`, {
        question: 'Thông qua báo cáo chuyển đổi số',
      });
      if (vote.status !== 201) throw new Error(`vote: ${vote.status} ${JSON.stringify(vote.body)}`);
      let invitationId: string = randomUUID();
      if (status === 'published') {
        await apiStatus(admin, { id }, 'published');
        const list = await admin.get<{ items: Invitation[] }>(`/api/meetings/${id}/invitations`);
        const mine = list.body.items.find((i) => i.participantId === pids.get('member/delegate'));
        if (!mine) throw new Error('no invitation for the member delegate');
        invitationId = mine.id;
      }
      const opinion = await admin.post<{ request: { id: string } }>(`/api/meetings/${id}/opinions`, {
        title: 'Xin ý kiến dự thảo',
        documentId: doc.id,
        deadline: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        questions: ['Đồng ý với dự thảo?'],
        participantIds: [pids.get('member/delegate')],
      });
      if (opinion.status !== 201)
        throw new Error(`opinion: ${opinion.status} ${JSON.stringify(opinion.body)}`);
      const opinionId = opinion.body.request.id;
      if (status === 'published') {
        const sent = await admin.post(`/api/opinions/${opinionId}/send`);
        if (sent.status !== 200) throw new Error(`send opinion: ${sent.status} ${JSON.stringify(sent.body)}`);
      }
      meetings.push({
        key: `${conf}/${status}`,
        conf,
        status,
        id,
        word,
        docId: doc.id,
        orgDocId: orgDoc.id,
        itemId: item.id,
        spareParticipantId,
        invitationId,
        voteId: vote.body.vote.id,
        opinionId,
      });
    }
  }

  const me = await admin.get<{ user: { id: string } }>('/api/me');
  const listener = await connectClient(server.url, admin.cookie);
  const marker = await connectClient(server.url, admin.cookie);
  for (const m of meetings) {
    for (const s of [listener, marker]) {
      await s.timeout(15_000).emitWithAck('room:join', { meetingId: m.id });
      await s
        .timeout(15_000)
        .emitWithAck('doc:join', { documentId: m.docId, layer: 'shared', stateVector: new Uint8Array([0]) });
    }
  }

  const store = server.running.store;
  return {
    url: server.url,
    watcher: { listener, marker, userId: me.body.user.id },
    callers,
    meetings,
    spare: { id: spareUser.id, username: 'mt.spare', fullName: 'Người Dự Phòng' },
    unit: unit.body.unit,
    newMeetingInput: () => ({ title: 'Phiên họp tạo thử', location: 'Phòng họp số 2', ...slot(6) }),
    async sacrificialDocument(meeting) {
      const original = await store.documents.getById(meeting.docId);
      if (!original) throw new Error('the open document is gone');
      const id: string = randomUUID();
      await store.documents.create({
        ...original,
        id,
        chainId: id,
        previousId: null,
        versionNo: 1,
        latest: true,
      });
      return id;
    },
    close() {
      for (const c of callers) c.socket?.close();
      listener.close();
      marker.close();
    },
  };
}
