import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  BriefingRollup,
  PresenceSnapshot,
  Result,
  RoomSnapshot,
  SiteView,
  ViewerInfo,
  ViewerLink,
  ViewerLinkCreated,
} from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiItem, apiMeeting, apiStatus } from '../utils/meetings.js';
import { collectChanges, joinRoom, roomCommand, uploadReport } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { importSampleSites, OPERATOR_PASSWORD } from '../utils/sites.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';

let server: TestServer;
let admin: ApiClient;
let cast: Record<'secretary' | 'chair' | 'member', TestUser>;
let sites: Map<string, SiteView>;
let meetingId: string;
let otherMeetingId: string;
let documentId: string;
let otherDocumentId: string;
let chair: ClientSocket;
const open: ClientSocket[] = [];

const makeLink = (client: ApiClient, siteId: string | null, id = meetingId) =>
  client.post<ViewerLinkCreated & ErrorReply>(`/api/meetings/${id}/viewer-links`, { siteId });
const viewer = async (token: unknown, lang: 'vi' | 'en' = 'vi') => {
  const s = await connectClient(server.url, undefined, { viewerToken: token, lang });
  open.push(s);
  return s;
};
const refusal = (token: unknown) =>
  connectClient(server.url, undefined, { viewerToken: token }).then(
    (s) => {
      s.close();
      return 'connected';
    },
    (err: Error & { data?: { message: string } }) => err.data?.message ?? err.message,
  );
const emit = (s: ClientSocket, event: string, payload: unknown) =>
  s.timeout(5000).emitWithAck(event as 'meeting:join', payload as never) as Promise<Result<unknown>>;
const chairSeq = async () => (await joinRoom(chair, meetingId)).state.seq;

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair', 'member']);
  sites = await importSampleSites(admin);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị giao ban trực tuyến tháng 12',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiItem(cast.secretary.client, meetingId, { title: 'Báo cáo kinh tế – xã hội tháng 11' });
  documentId = (await uploadReport(cast.secretary.client, meetingId)).id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  const linked = await cast.secretary.client.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: [sites.get('BD-PX')!.id],
  });
  expect(linked.status).toBe(200);
  const other = await apiMeeting(cast.secretary.client, {
    title: 'Phiên họp chuyên đề',
    chairId: cast.chair.id,
  });
  otherMeetingId = other.id;
  otherDocumentId = (await uploadReport(cast.secretary.client, otherMeetingId)).id;
  await apiStatus(cast.secretary.client, other, 'published');

  chair = await connectClient(server.url, cast.chair.client.cookie);
  await joinRoom(chair, meetingId);
  expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
  expect((await roomCommand(chair, meetingId, { type: 'document.open', documentId })).ok).toBe(true);
}, 60_000);
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  chair?.close();
  await server?.stop();
});

describe('viewer links (no account, read-only)', () => {
  it('are made by the secretariat or the site’s operator, tell the token once and are audited', async () => {
    const made = await makeLink(cast.secretary.client, sites.get('BD-PX')!.id);
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.body.link).toMatchObject({
      label: 'Phường Phúc Xá',
      siteName: 'Phường Phúc Xá',
      revokedAt: null,
    });

    const list = await cast.secretary.client.get<{ items: ViewerLink[] }>(
      `/api/meetings/${meetingId}/viewer-links`,
    );
    expect(list.body.items.map((l) => l.id)).toContain(made.body.link.id);
    expect(JSON.stringify(list.body)).not.toContain(made.body.token);

    // The ward's operator manages their own site's links, not the meeting's as a whole.
    const operator = new ApiClient(server.url);
    expect(await operator.login(sites.get('BD-PX')!.operatorUsername!, OPERATOR_PASSWORD)).toBe(200);
    expect((await makeLink(operator, sites.get('BD-PX')!.id)).status).toBe(201);
    const whole = await makeLink(operator, null);
    expect(whole.status).toBe(403);
    const mine = await operator.get<{ items: ViewerLink[] }>(`/api/meetings/${meetingId}/viewer-links`);
    expect(mine.body.items.every((l) => l.siteId === sites.get('BD-PX')!.id)).toBe(true);

    // A member who is not in the meeting: refused, nothing made.
    const before = list.body.items.length;
    expect((await makeLink(cast.member.client, null)).status).toBe(403);
    const after = await cast.secretary.client.get<{ items: ViewerLink[] }>(
      `/api/meetings/${meetingId}/viewer-links`,
    );
    expect(after.body.items.length).toBe(before + 1);

    const audit = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=viewer.link_created');
    expect(audit.body.items.some((e) => e.data.linkId === made.body.link.id)).toBe(true);
  });

  it('follow the chair’s page turns in order, from the room in memory, with the meeting and agenda', async () => {
    const { token } = (await makeLink(cast.secretary.client, null)).body;
    const info = await new ApiClient(server.url).get<ViewerInfo>(`/api/view/${token}`);
    expect(info.status).toBe(200);
    expect(info.body.meeting.title).toBe('Hội nghị giao ban trực tuyến tháng 12');
    expect(info.body.agenda.map((i) => i.title)).toEqual(['Báo cáo kinh tế – xã hội tháng 11']);

    const screen = await viewer(token);
    const snapshot = (await emit(screen, 'room:join', { meetingId })) as Result<RoomSnapshot>;
    expect(snapshot.ok && snapshot.data.state.document?.documentId).toBe(documentId);
    const seen = collectChanges(screen);

    // The file of the shown document, without a cookie; the PDF's bytes.
    const file = await fetch(`${server.url}/api/view/${token}/documents/${documentId}/file`);
    expect(file.status).toBe(200);
    expect(new TextDecoder().decode((await file.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    for (const page of [2, 3, 4, 5, 6, 7]) {
      const res = await roomCommand(chair, meetingId, {
        type: 'page.goto',
        page,
        zoom: page === 7 ? 1.5 : 1,
      });
      expect(res.ok).toBe(true);
    }
    await eventually(() => expect(seen.length).toBe(6));
    expect(seen.map((c) => c.patch.document?.page)).toEqual([2, 3, 4, 5, 6, 7]);
    const seqs = seen.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seen.at(-1)?.patch.document?.zoom).toBe(1.5);

    // The shared layer of the shown document: read, never written.
    const layer = (await emit(screen, 'doc:join', {
      documentId,
      layer: 'shared',
      stateVector: new Uint8Array([0]),
    })) as Result<{ canWrite: boolean }>;
    expect(layer.ok && layer.data.canWrite).toBe(false);
  });

  it('refuse every write from a viewer with a clear message, and change nothing', async () => {
    const { token } = (await makeLink(cast.secretary.client, sites.get('BD-PX')!.id)).body;
    const screen = await viewer(token);
    await emit(screen, 'room:join', { meetingId });
    const seq = await chairSeq();
    const attempts: [string, unknown][] = [
      [
        'room:command',
        { meetingId, opId: 'viewer-op-0001', command: { type: 'page.goto', page: 9, zoom: 1 } },
      ],
      ['room:command', { meetingId, opId: 'viewer-op-0002', command: { type: 'attendance.checkin' } }],
      [
        'room:command',
        { meetingId, opId: 'viewer-op-0003', command: { type: 'speaker.request', agendaItemId: null } },
      ],
      ['meeting:join', { meetingId }],
      ['vote:join', { meetingId }],
      ['briefing:watch', { meetingId }],
      ['doc:update', { documentId, layer: 'shared', update: new Uint8Array([0, 0]), opId: 'viewer-op-0004' }],
      ['doc:join', { documentId, layer: 'private', stateVector: new Uint8Array([0]) }],
    ];
    for (const [event, payload] of attempts) {
      const res = await emit(screen, event, payload);
      expect(res.ok, event).toBe(false);
      if (!res.ok) {
        expect(res.error.code, event).toBe('forbidden');
        expect(res.error.message, event).toMatch(/chỉ được xem|không được thao tác/);
      }
    }
    const awareness = await new Promise<Result<null>>((resolve) =>
      screen.emit(
        'doc:awareness',
        { documentId, layer: 'shared', update: new Uint8Array([0]) },
        (r: Result<null>) => resolve(r),
      ),
    );
    expect(awareness.ok).toBe(false);

    // Nothing moved; the viewer is neither present nor online, yet the roll-up counts it as a viewer.
    const room = await joinRoom(chair, meetingId);
    expect(room.state.seq).toBe(seq);
    expect(Object.keys(room.state.attendance).some((k) => k.startsWith('viewer'))).toBe(false);
    const presence = (await emit(chair, 'meeting:join', { meetingId })) as Result<PresenceSnapshot>;
    expect(presence.ok && presence.data.users.map((u) => u.userId).some((u) => u.startsWith('viewer'))).toBe(
      false,
    );
    await eventually(async () => {
      const rollup = (await admin.get<BriefingRollup>(`/api/meetings/${meetingId}/sites`)).body;
      const ward = rollup.sites.find((s) => s.code === 'BD-PX');
      expect(ward?.viewers).toBe(1);
      expect(rollup.totals.presentDelegates).toBe(0);
    });
  });

  it('refuse unknown, malformed, other-meeting and not-shown requests, each saying why', async () => {
    expect(await refusal('a'.repeat(43))).toMatch(/Liên kết theo dõi không đúng/);
    expect(await refusal('../../etc/passwd')).toMatch(/Liên kết theo dõi không đúng/);
    expect(await refusal(42)).toMatch(/Liên kết theo dõi không đúng/);
    const unknown = await new ApiClient(server.url).get<ErrorReply>(`/api/view/${'b'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/không đúng hoặc đã bị thu hồi/);

    const { token } = (await makeLink(cast.secretary.client, null)).body;
    const screen = await viewer(token);
    const other = await emit(screen, 'room:join', { meetingId: otherMeetingId });
    expect(!other.ok && other.error.message).toMatch(/thuộc một cuộc họp khác/);
    const foreign = await fetch(`${server.url}/api/view/${token}/documents/${otherDocumentId}/file`);
    expect(foreign.status).toBe(403);
    const otherLayer = await emit(screen, 'doc:join', {
      documentId: otherDocumentId,
      layer: 'shared',
      stateVector: new Uint8Array([0]),
    });
    expect(!otherLayer.ok && otherLayer.error.code).toBe('forbidden');
    // The chair closes the document: its file and layer are no longer the viewer's to read.
    expect((await roomCommand(chair, meetingId, { type: 'document.close' })).ok).toBe(true);
    const hidden = await fetch(`${server.url}/api/view/${token}/documents/${documentId}/file`);
    expect(hidden.status).toBe(403);
    expect(((await hidden.json()) as ErrorReply).error.message).toMatch(
      /không phải tài liệu đang được trình chiếu/,
    );
    expect((await roomCommand(chair, meetingId, { type: 'document.open', documentId })).ok).toBe(true);
  });

  it('stop at once when revoked: the screen is told and closed, the token opens nothing more', async () => {
    const made = (await makeLink(cast.secretary.client, null)).body;
    const screen = await viewer(made.token);
    await emit(screen, 'room:join', { meetingId });
    const expired = nextEvent(screen, 'session:expired');
    const revoked = await cast.secretary.client.request<{ link: ViewerLink }>(
      'DELETE',
      `/api/meetings/${meetingId}/viewer-links/${made.link.id}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.link.revokedAt).not.toBeNull();
    await expired;
    expect(await refusal(made.token)).toMatch(/đã bị thu hồi/);
    const info = await new ApiClient(server.url).get<ErrorReply>(`/api/view/${made.token}`);
    expect(info.status).toBe(404);
    // Someone outside the meeting cannot revoke (nor learn whether a link exists).
    const again = await cast.member.client.request(
      'DELETE',
      `/api/meetings/${meetingId}/viewer-links/${made.link.id}`,
    );
    expect(again.status).toBe(403);
  });

  it('stop when the meeting ends: no new screen, no new link', async () => {
    const { token } = (await makeLink(cast.secretary.client, null)).body;
    expect((await roomCommand(chair, meetingId, { type: 'room.end' })).ok).toBe(true);
    expect(await refusal(token)).toMatch(/đã kết thúc/);
    const info = await new ApiClient(server.url).get<ErrorReply>(`/api/view/${token}`);
    expect(info.status).toBe(409);
    const late = await makeLink(cast.secretary.client, null);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/đã kết thúc/);
  });
});
