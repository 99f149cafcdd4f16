/**
 * The annotation benchmark's servers, one per child process: ours (the real server, every update
 * stored in SQLite with durable (commit, then a log flush off the event loop) before its ack and broadcast), @y/websocket-server and
 * Hocuspocus (documents in memory).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { setupWSConnection } from '@y/websocket-server/utils';
import { Server as HocuspocusServer } from '@hocuspocus/server';
import { serveAsChild } from '../lib/server-child.js';
import { addInk } from '../../utils/annotations.js';
import { createUser } from '../../utils/fixtures.js';
import { ApiClient } from '../../utils/http.js';
import { publishedMeeting, uploadReport } from '../../utils/room.js';
import { startServer } from '../../utils/server.js';
import { STROKES, strokePoints, type Info, type Variant } from './common.js';

export async function childMain(variant: Variant): Promise<void> {
  let info: Info;
  let stop: () => Promise<void>;
  if (variant === 'ours') {
    const server = await startServer({
      env: {
        SOCKET_EVENTS_PER_SECOND: '10000',
        SOCKET_EVENT_BURST: '10000',
        SOCKET_MAX_PAYLOAD_BYTES: '2000000',
        // For an A/B of the compaction's timing (0: re-encode in the write step that reaches the threshold).
        ...(process.env.ANNOTATION_COMPACT_QUIET_MS
          ? { ANNOTATION_COMPACT_QUIET_MS: process.env.ANNOTATION_COMPACT_QUIET_MS }
          : {}),
      },
    });
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const sec = await createUser(server.url, admin, {
      username: 'thuky',
      fullName: 'Thư Ký',
      systemRole: 'secretary',
    });
    const chair = await createUser(server.url, admin, { username: 'chutich', fullName: 'Chủ Tịch' });
    const readers = [];
    for (let i = 0; i < 10; i++)
      readers.push(
        await createUser(server.url, admin, { username: `daibieu${i}`, fullName: `Đại biểu ${i}` }),
      );
    const m = await publishedMeeting(
      sec.client,
      chair.id,
      readers.map((r) => ({ userId: r.id })),
      { document: true },
    );
    info = {
      url: server.url,
      documentId: m.documentId!,
      meetingDocumentId: (await uploadReport(sec.client, m.id)).id,
      writerCookie: chair.client.cookie,
      writerUserId: chair.id,
      readerCookies: readers.map((r) => r.client.cookie),
      compactionMs: await measureCompaction(server.running.store),
    };
    stop = () => server.stop();
  } else if (variant === 'y-websocket') {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (conn, req) => setupWSConnection(conn, req));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    info = {
      url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
      documentId: 'bench',
      meetingDocumentId: 'bench-meeting',
      writerCookie: undefined,
      writerUserId: undefined,
      readerCookies: [],
      compactionMs: NaN,
    };
    stop = () => new Promise<void>((resolve) => http.close(() => resolve()));
  } else {
    const hp = new HocuspocusServer({ quiet: true, address: '127.0.0.1' });
    await hp.listen(0);
    info = {
      url: `ws://127.0.0.1:${hp.address.port}`,
      documentId: 'bench',
      meetingDocumentId: 'bench-meeting',
      writerCookie: undefined,
      writerUserId: undefined,
      readerCookies: [],
      compactionMs: NaN,
    };
    stop = () => hp.destroy();
  }
  serveAsChild(info, stop);
}

/** (c) compaction of an N-stroke layer as the server does it: re-encode the doc, replace the rows in one transaction. */
async function measureCompaction(
  store: Awaited<ReturnType<typeof startServer>>['running']['store'],
): Promise<number> {
  const doc = new Y.Doc();
  const layer = 'bench-compaction';
  let lastSeq = 0;
  for (let n = 0; n < STROKES; n += 500) {
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (let k = n; k < Math.min(STROKES, n + 500); k++) addInk(doc, 1 + (k % 20), strokePoints(k));
    });
    lastSeq = await store.annotations.append(
      'bench',
      layer,
      Y.encodeStateAsUpdate(doc, before),
      new Date().toISOString(),
    );
  }
  const t0 = performance.now();
  const state = Y.encodeStateAsUpdate(doc);
  await store.annotations.compact('bench', layer, state, lastSeq, new Date().toISOString());
  return performance.now() - t0;
}
