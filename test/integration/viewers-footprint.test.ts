import type { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_EVENTS, socketContract, type Result, type SiteView } from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import { apiParticipant } from '../utils/meetings.js';
import { collectChanges, joinRoom, roomCommand } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';
import { viewerBriefing, roomJoinAck, type ViewerBriefing } from '../utils/viewer-briefing.js';

/**
 * What one viewer screen costs the server (issue 17: tens of thousands follow a briefing): its
 * socket carries only the listeners of what a viewer may send, shared by every screen, and holds
 * no re-check of rights of its own — a change to the meeting checks each link once, and the
 * screens keep following (or all stop at once when the link no longer opens the meeting).
 */
let server: TestServer;
let cast: ViewerBriefing<'member'>['cast'];
let sites: Map<string, SiteView>;
let meetingId: string;
let documentId: string;
let link: (siteId: string | null) => Promise<string>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  // The periodic check of live screens is out of the way: what stops a screen here is the change itself.
  server = await startServer({ env: { SOCKET_SESSION_SWEEP_SECONDS: '3600' } });
  ({
    cast,
    sites,
    meetingId,
    documentId,
    viewerLink: link,
  } = await viewerBriefing(server, {
    title: 'Hội nghị trực tuyến triển khai nhiệm vụ năm 2027',
    siteCodes: ['BD-PX'],
    others: ['member'],
  }));
}, 60_000);
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server?.stop();
});

async function screen(token: string): Promise<ClientSocket> {
  const s = await connectClient(server.url, undefined, { viewerToken: token });
  open.push(s);
  expect((await roomJoinAck(s, meetingId)).ok).toBe(true);
  return s;
}

/** The server's side of a client's socket, and the listeners on it by event. */
function serverSide(client: ClientSocket) {
  const socket = server.running.app.io.of('/').sockets.get(client.id!);
  if (!socket) throw new Error('no such socket on the server');
  const emitter = socket as unknown as EventEmitter;
  const byEvent = new Map(emitter.eventNames().map((e) => [String(e), emitter.listeners(e)]));
  const total = [...byEvent.values()].reduce((n, l) => n + l.length, 0) + socket.listenersAny().length;
  return { socket, byEvent, total };
}

const contractEvents = (byEvent: Map<string, unknown[]>) =>
  [...byEvent.keys()].filter((e) => e in socketContract).sort();

describe('a viewer screen costs the server only what a viewer may do', () => {
  it('keeps following the room when the meeting changes around it (participants, the start)', async () => {
    // Screens open before the chair starts, as sites do before a briefing.
    const viewers = [await screen(await link(null)), await screen(await link(sites.get('BD-PX')!.id))];
    const heard = viewers.map((v) => collectChanges(v));
    const chair = await connectClient(server.url, cast.chair.client.cookie);
    open.push(chair);
    await joinRoom(chair, meetingId);
    // Each of these re-checks who may follow the meeting, on every live socket.
    await apiParticipant(cast.secretary.client, meetingId, cast.member.id, 'observer');
    expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
    expect((await roomCommand(chair, meetingId, { type: 'document.open', documentId })).ok).toBe(true);
    const turned = await roomCommand(chair, meetingId, { type: 'page.goto', page: 7, zoom: 1 });
    expect(turned.ok).toBe(true);
    const seq = turned.ok ? turned.data.seq : -1;
    await eventually(() => expect(heard.map((h) => h.at(-1)?.seq)).toEqual(viewers.map(() => seq)));
    expect(heard.map((h) => h.at(-1)?.patch.document?.page)).toEqual([7, 7]);
  });

  it('has listeners for the viewer events alone, the same functions on every screen', async () => {
    const token = await link(sites.get('BD-PX')!.id);
    const [a, b] = [await screen(token), await screen(token)];
    const sa = serverSide(a);
    const sb = serverSide(b);
    expect(contractEvents(sa.byEvent)).toEqual([...VIEWER_EVENTS].sort());
    // Not one closure per screen: each listener is the very function every other screen has.
    for (const [event, listeners] of sa.byEvent) {
      expect(listeners, event).toHaveLength(1);
      expect(listeners[0], event).toBe(sb.byEvent.get(event)?.[0]);
    }
    expect(sa.socket.listenersAny()).toHaveLength(1);
    expect(sa.socket.listenersAny()).toEqual(sb.socket.listenersAny());
    // The viewer events, the site's count on disconnect, an `error` listener of Socket.IO's own, the refusal.
    expect(sa.total).toBeLessThanOrEqual(VIEWER_EVENTS.size + 3);

    // A signed-in socket, for scale: every module's handlers and re-checks (what a viewer had).
    const chair = await connectClient(server.url, cast.chair.client.cookie);
    open.push(chair);
    const sc = serverSide(chair);
    expect(sc.byEvent.has('room:command')).toBe(true);
    expect(sc.total).toBeGreaterThan(3 * sa.total);

    // Following the shown document's layer adds its leave-on-disconnect, shared too; the screen
    // reads the layer and may not write it.
    for (const s of [a, b]) {
      const layer = (await s.timeout(5000).emitWithAck('doc:join', {
        documentId,
        layer: 'shared',
        stateVector: new Uint8Array([0]),
      })) as Result<{ canWrite: boolean }>;
      expect(layer.ok && layer.data.canWrite).toBe(false);
    }
    const gone = serverSide(a).byEvent.get('disconnect');
    expect(gone).toHaveLength(2);
    expect(gone).toEqual(serverSide(b).byEvent.get('disconnect'));
    // Anything else it sends is refused as before, with the viewer's message.
    const refused = (await a.timeout(5000).emitWithAck('room:command', {
      meetingId,
      opId: 'viewer-footprint-01',
      command: { type: 'page.goto', page: 3, zoom: 1 },
    })) as Result<unknown>;
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    expect(!refused.ok && refused.error.message).toMatch(/chỉ được xem|không được thao tác/);
  });

  it('stops every screen of the meeting at once when it ends, not at the next periodic check', async () => {
    const chair = await connectClient(server.url, cast.chair.client.cookie);
    open.push(chair);
    expect((await joinRoom(chair, meetingId)).state.status).toBe('running');
    const viewers = [await screen(await link(null)), await screen(await link(null))];
    const told = viewers.map((v) => nextEvent(v, 'session:expired', 10_000));
    const closed = viewers.map((v) => new Promise((resolve) => v.once('disconnect', resolve)));
    expect((await roomCommand(chair, meetingId, { type: 'room.end' })).ok).toBe(true);
    await Promise.all([...told, ...closed]);
  });
});
