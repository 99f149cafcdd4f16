import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentsChanged, Invitation, InvitationsChanged } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { apiMeeting, apiParticipant, apiReplace, apiStatus, apiUpload } from '../utils/meetings.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

// Broadcasts carry the changed records, so 50 tablets patch their lists instead of sending
// 50 GETs per change, and each record reaches only those who may see it.

let server: TestServer;
let people: Record<'secretary' | 'delegate', TestUser>;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'delegate']);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await server.stop();
});

async function inRoom(user: TestUser, meetingId: string): Promise<ClientSocket> {
  const socket = await connectClient(server.url, user.client.cookie);
  sockets.push(socket);
  expect((await socket.emitWithAck('meeting:join', { meetingId })).ok).toBe(true);
  return socket;
}

const documentsChanged = async (socket: ClientSocket): Promise<DocumentsChanged> =>
  (await nextEvent(socket, 'documents:changed'))[0];

describe('documents:changed', () => {
  it("carries the new records, and an organisers-only document only to the organisers' sockets", async () => {
    const { secretary, delegate } = people;
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, delegate.id, 'delegate');
    // Drafts are the organisers' alone: the delegate follows a published meeting.
    await apiStatus(secretary.client, m, 'published');
    const organiserSocket = await inRoom(secretary, m.id);
    const delegateSocket = await inRoom(delegate, m.id);

    let toOrganiser = documentsChanged(organiserSocket);
    let toDelegate = documentsChanged(delegateSocket);
    const secret = await apiUpload(server.url, secretary.client, m.id, 'to-trinh-de-an-06.pdf', {
      openBy: 'organisers',
    });
    expect(await toOrganiser).toEqual({ meetingId: m.id, saved: [secret], removedIds: [] });
    const heardByDelegate = await toDelegate;
    expect(heardByDelegate.saved).toEqual([]);
    expect(JSON.stringify(heardByDelegate)).not.toContain(secret.name);

    toOrganiser = documentsChanged(organiserSocket);
    toDelegate = documentsChanged(delegateSocket);
    const open = await apiUpload(server.url, secretary.client, m.id, 'bao-cao-chuyen-doi-so-2024.pdf');
    expect(await toDelegate).toEqual({ meetingId: m.id, saved: [open], removedIds: [] });
    expect(await toOrganiser).toEqual({ meetingId: m.id, saved: [open], removedIds: [] });

    // A new version arrives with its predecessor, no longer the latest.
    toDelegate = documentsChanged(delegateSocket);
    const v2 = await apiReplace(server.url, secretary.client, open.id, 'bao-cao-mo-hinh-quan-huyen-cds.pdf');
    const replaced = await toDelegate;
    expect(replaced.saved?.map((d) => [d.id, d.latest])).toEqual([
      [open.id, false],
      [v2.id, true],
    ]);

    // Deleted: only the id goes out.
    toDelegate = documentsChanged(delegateSocket);
    expect((await secretary.client.request('DELETE', `/api/documents/${v2.id}`)).status).toBe(204);
    expect(await toDelegate).toEqual({ meetingId: m.id, saved: [], removedIds: [open.id, v2.id] });
  });
});

describe('meeting:changed', () => {
  it('carries the meeting record', async () => {
    const { secretary, delegate } = people;
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, delegate.id, 'delegate');
    await apiStatus(secretary.client, m, 'published');
    const socket = await inRoom(delegate, m.id);
    const heard = nextEvent(socket, 'meeting:changed');
    const started = await apiStatus(secretary.client, m, 'in_progress');
    expect((await heard)[0].meeting).toEqual(started);
  });
});

describe('invitations:changed', () => {
  it("carries the invitation whose reply changed to the secretariat's tracking view", async () => {
    const { secretary, delegate } = people;
    const m = await apiMeeting(secretary.client);
    await apiParticipant(secretary.client, m.id, delegate.id, 'delegate');
    await apiStatus(secretary.client, m, 'published');
    const mine = await delegate.client.get<{ items: Invitation[] }>('/api/invitations/mine');
    const invitation = mine.body.items.find((i) => i.meetingId === m.id);
    expect(invitation).toBeDefined();

    const watcher = await connectClient(server.url, secretary.client.cookie);
    sockets.push(watcher);
    expect((await watcher.emitWithAck('invitations:watch', { meetingId: m.id })).ok).toBe(true);
    // Deliveries of the invitation may report too; the reply's own change is the one awaited.
    const heard = new Promise<InvitationsChanged>((resolve) => {
      watcher.on('invitations:changed', (p) => {
        if (p.invitation?.status === 'attending') resolve(p);
      });
    });
    const reply = await delegate.client.post(`/api/invitations/${invitation!.id}/reply`, {
      answer: 'attend',
    });
    expect(reply.status).toBe(200);
    const payload = await heard;
    expect(payload).toMatchObject({
      meetingId: m.id,
      invitation: { id: invitation!.id, status: 'attending' },
    });
    expect(payload.invitation).not.toHaveProperty('tokenHash');
  });
});
