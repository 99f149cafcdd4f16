import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BriefingRollup, Result, RoomSyncAck, SiteView } from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import { ApiClient } from '../utils/http.js';
import { startRedis, type TestRedis } from '../utils/redis.js';
import { collectChanges, roomCommand } from '../utils/room.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';
import { OPERATOR_PASSWORD, SITES_CSV } from '../utils/sites.js';
import { readFile } from 'node:fs/promises';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { countStoreCalls } from '../utils/store-calls.js';
import { viewerBriefing, roomJoinAck, type ViewerBriefing } from '../utils/viewer-briefing.js';

/**
 * Per-screen work stays O(1) per event (issue 17): two server processes on one database and a
 * real redis-server; what each process does is observed on the real objects (the Socket.IO
 * packet encoder, the store's repositories), never stubbed.
 */
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let cast: ViewerBriefing['cast'];
let sites: Map<string, SiteView>;
let meetingId: string;
let documentId: string;
let token: (siteId: string | null) => Promise<string>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const dataDir = await tempDir();
  nodeA = await startServer({ dataDir, env: { REDIS_URL: redis.url } });
  nodeB = await startServer({ dataDir, env: { REDIS_URL: redis.url } });
  ({
    cast,
    sites,
    meetingId,
    documentId,
    viewerLink: token,
  } = await viewerBriefing(nodeA, {
    title: 'Hội nghị trực tuyến sơ kết quý IV',
    siteCodes: ['HN'],
    includeDescendants: true,
  }));
}, 60_000);
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await nodeA?.stop();
  await nodeB?.stop();
  await redis?.stop();
});

/** `n` viewer screens of one link, half on each process. */
async function screens(viewerToken: string, n: number): Promise<ClientSocket[]> {
  const made = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      connectClient((i % 2 ? nodeB : nodeA).url, undefined, { viewerToken }),
    ),
  );
  open.push(...made);
  return made;
}

const join = (s: ClientSocket) => roomJoinAck(s, meetingId);

/** Counts the `room:changed` packets a process encodes (one per broadcast, or one per socket if sent one by one). */
function countEncodes(node: TestServer): { count: () => number; stop: () => void } {
  const encoder = node.running.app.io.encoder as { encode(packet: { data?: unknown[] }): unknown };
  const original = encoder.encode.bind(encoder);
  let n = 0;
  encoder.encode = (packet) => {
    if (packet.data?.[0] === 'room:changed') n++;
    return original(packet);
  };
  return {
    count: () => n,
    stop: () => {
      encoder.encode = original;
    },
  };
}

/** Records how many sockets each `fetchSockets` of a process gathered (local and remote). */
function watchFetches(node: TestServer): { largest: () => number; stop: () => void } {
  const adapter = node.running.app.io.of('/').adapter as unknown as {
    fetchSockets(opts: unknown): Promise<unknown[]>;
  };
  const original = adapter.fetchSockets.bind(adapter);
  let largest = 0;
  adapter.fetchSockets = async (opts) => {
    const found = await original(opts);
    largest = Math.max(largest, found.length);
    return found;
  };
  return {
    largest: () => largest,
    stop: () => {
      adapter.fetchSockets = original;
    },
  };
}

/** The chair on A, in the running room with the report shown (started by whichever test comes first). */
async function presenting(): Promise<ClientSocket> {
  const chair = await connectClient(nodeA.url, cast.chair.client.cookie);
  open.push(chair);
  const joined = await roomJoinAck(chair, meetingId);
  if (joined.ok && joined.data.state.status === 'not_started')
    expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
  expect((await roomCommand(chair, meetingId, { type: 'document.open', documentId })).ok).toBe(true);
  return chair;
}

describe('per-screen work stays O(1) per event across processes', () => {
  it('a page turn is encoded and broadcast once per process, whatever the number of screens', async () => {
    const chair = await presenting();

    const link = await token(null);
    for (const n of [2, 40]) {
      const viewers = await screens(link, n);
      for (const v of viewers) expect((await join(v)).ok).toBe(true);
      const heard = viewers.map((v) => collectChanges(v));
      const onA = countEncodes(nodeA);
      const onB = countEncodes(nodeB);
      try {
        const turned = await roomCommand(chair, meetingId, {
          type: 'page.goto',
          page: n === 2 ? 2 : 3,
          zoom: 1,
        });
        expect(turned.ok).toBe(true);
        // Every screen got it (the positive marker) …
        await eventually(() => expect(heard.every((h) => h.length === 1)).toBe(true));
        // … from one encoded packet on each process, for 2 screens as for 40.
        expect([onA.count(), onB.count()]).toEqual([1, 1]);
      } finally {
        onA.stop();
        onB.stop();
      }
      for (const v of viewers) v.close();
    }
  });

  it('a joining screen gets the current room from the process memory: no store read', async () => {
    const chair = await presenting();
    const link = await token(null);
    // The first screen on each process has them load the room (once).
    for (const v of await screens(link, 2)) expect((await join(v)).ok).toBe(true);
    const turned = await roomCommand(chair, meetingId, { type: 'page.goto', page: 5, zoom: 1 });
    const seq = turned.ok ? turned.data.seq : -1;

    const late = await screens(link, 20);
    const readsA = countStoreCalls(nodeA.running.store);
    const readsB = countStoreCalls(nodeB.running.store);
    try {
      // The turn made on A reaches B's memory through Redis (`room:applied`): wait for it there.
      for (const v of late) {
        const snap = await eventually(async () => {
          const s = await join(v);
          expect(s.ok && s.data.state.seq).toBe(seq);
          return s;
        });
        expect(snap.ok && snap.data.state.document).toMatchObject({ documentId, page: 5 });
      }
      // A screen back from a drop asks for what it missed: from memory too.
      const synced = (await late[1]!
        .timeout(5000)
        .emitWithAck('room:sync', { meetingId, lastSeq: seq - 1 })) as Result<RoomSyncAck>;
      expect(synced.ok && synced.data.kind).toBe('events');
      expect(Object.fromEntries(readsA.calls())).toEqual({});
      expect(Object.fromEntries(readsB.calls())).toEqual({});
      // The shown document's shared layer: loaded once per process, then served from memory; a
      // screen's join reads only the document's record (its classification, checked live).
      const layerJoin = (v: ClientSocket) =>
        v.timeout(5000).emitWithAck('doc:join', {
          documentId,
          layer: 'shared',
          stateVector: new Uint8Array([0]),
        }) as Promise<Result<unknown>>;
      expect((await layerJoin(late[0]!)).ok).toBe(true);
      readsA.reset();
      for (const v of [late[2]!, late[4]!, late[6]!]) expect((await layerJoin(v)).ok).toBe(true);
      const reads = Object.fromEntries([...readsA.calls()].filter(([k]) => !k.startsWith('uow.')));
      expect(reads).toEqual({ 'documents.getById': 3 });
    } finally {
      readsA.restore();
      readsB.restore();
    }
  });

  it('viewer screens coming at once cost a few roll-ups, not one each, and count once each', async () => {
    const chair = await connectClient(nodeA.url, cast.chair.client.cookie);
    open.push(chair);
    const heard: BriefingRollup[] = [];
    chair.on('briefing:rollup', (r) => heard.push(r));
    await chair.timeout(5000).emitWithAck('briefing:watch', { meetingId });
    const siteId = sites.get('BD-PX')!.id;
    const link = await token(siteId);
    const readsA = countStoreCalls(nodeA.running.store);
    const readsB = countStoreCalls(nodeB.running.store);
    const fetchesA = watchFetches(nodeA);
    const fetchesB = watchFetches(nodeB);
    try {
      const n = 60;
      await screens(link, n);
      await eventually(() => expect(heard.at(-1)?.sites.find((s) => s.siteId === siteId)?.viewers).toBe(n));
      // One roll-up (its store reads) per process per burst — not one per screen.
      const rollups = (r: ReturnType<typeof countStoreCalls>) => r.calls().get('sites.listLinks') ?? 0;
      expect(rollups(readsA) + rollups(readsB)).toBeLessThan(n / 6);
      expect(heard.length).toBeLessThan(n / 6);
      // A roll-up asks each process for its counts; it never gathers the screens themselves.
      expect(Math.max(fetchesA.largest(), fetchesB.largest())).toBeLessThan(n / 6);
    } finally {
      readsA.restore();
      readsB.restore();
      fetchesA.stop();
      fetchesB.stop();
    }
  });

  it('site screens connecting at once (after a process was lost) share a few roll-ups, not one each', async () => {
    const operators: [string, string][] = [];
    for (const line of (await readFile(SITES_CSV, 'utf8')).split(/\r?\n/).slice(1)) {
      const [code, , , , username] = line.split(',');
      if (code && username) operators.push([code, username]);
    }
    const screensOf = await Promise.all(
      operators.map(async ([code, username], i) => {
        const c = new ApiClient((i % 2 ? nodeB : nodeA).url);
        expect(await c.login(username, OPERATOR_PASSWORD)).toBe(200);
        const s = await connectClient(c.baseUrl, c.cookie);
        open.push(s);
        return { s, siteId: sites.get(code)!.id };
      }),
    );
    const readsA = countStoreCalls(nodeA.running.store);
    const readsB = countStoreCalls(nodeB.running.store);
    try {
      const acks = (await Promise.all(
        screensOf.map(({ s, siteId }) =>
          s.timeout(10_000).emitWithAck('site:connect', { meetingId, siteId }),
        ),
      )) as Result<{ status: string }>[];
      expect(acks.map((a) => a.ok && a.data.status)).toEqual(acks.map(() => 'connected'));
      const rollups = (r: ReturnType<typeof countStoreCalls>) => r.calls().get('sites.listLinks') ?? 0;
      expect(rollups(readsA) + rollups(readsB)).toBeLessThan(operators.length / 2);
    } finally {
      readsA.restore();
      readsB.restore();
    }
  });
});
