import { io } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  wireParser,
  type Result,
  type RoomChanged,
  type RoomSnapshot,
  type RoomSyncAck,
} from '@icabinet/shared';
import type { ClientSocket } from './socket.js';

/** A screen following the live room the way the web client does, through drops and reconnections. */
export interface Follower {
  socket: ClientSocket;
  /** The room's seq and shown page as this screen has them now. */
  seq: number;
  page: number | null;
  /** Every page this screen moved to, in the order it applied them (the snapshot's first). */
  pages: number[];
  /** Every seq applied, in order (a change after a snapshot, or an event of a sync). */
  seqs: number[];
  /** How many times the connection dropped. */
  drops: number;
  /** Resolves once connected again after the last drop. */
  connected(): Promise<void>;
  close(): void;
}

/**
 * Connects a real socket.io-client (WebSocket only, reconnecting with socket.io's default backoff,
 * as the web app does) with a session cookie or a viewer link's token, joins the meeting's room
 * and follows it: after each reconnection it asks `room:sync` for what it missed (the events, or a
 * snapshot). Changes heard while joining or syncing are kept and applied after, in seq order.
 */
export function follow(
  url: string,
  meetingId: string,
  who: { cookie?: string | undefined; viewerToken?: string },
  onConnect?: (socket: ClientSocket) => void,
): Promise<Follower> {
  const socket: ClientSocket = io(url, {
    auth: {
      protocolVersion: PROTOCOL_VERSION,
      lang: 'vi',
      ...(who.viewerToken ? { viewerToken: who.viewerToken } : {}),
    },
    extraHeaders: who.cookie ? { cookie: who.cookie } : {},
    transports: ['websocket'],
    forceNew: true,
    parser: wireParser,
  });
  let busy = true;
  let held: RoomChanged[] = [];
  const f: Follower = {
    socket,
    seq: -1,
    page: null,
    pages: [],
    seqs: [],
    drops: 0,
    connected: () =>
      socket.connected
        ? Promise.resolve()
        : new Promise((resolve) => socket.once('connect', () => resolve())),
    close: () => socket.close(),
  };
  const setPage = (page: number | null | undefined) => {
    if (page === undefined || page === f.page) return;
    f.page = page;
    if (page !== null) f.pages.push(page);
  };
  const apply = (c: RoomChanged) => {
    if (c.seq <= f.seq) return true;
    if (c.seq !== f.seq + 1) return false;
    f.seq = c.seq;
    f.seqs.push(c.seq);
    if (c.patch.document !== undefined) setPage(c.patch.document?.page ?? null);
    return true;
  };
  const snapshot = (s: RoomSnapshot) => {
    f.seq = s.state.seq;
    setPage(s.state.document?.page ?? null);
  };
  const catchUp = async (): Promise<void> => {
    busy = true;
    try {
      if (f.seq < 0) {
        const res = (await socket
          .timeout(10_000)
          .emitWithAck('room:join', { meetingId })) as Result<RoomSnapshot>;
        if (!res.ok) throw new Error(`room:join refused: ${JSON.stringify(res.error)}`);
        snapshot(res.data);
      } else {
        const res = (await socket
          .timeout(10_000)
          .emitWithAck('room:sync', { meetingId, lastSeq: f.seq })) as Result<RoomSyncAck>;
        if (!res.ok) throw new Error(`room:sync refused: ${JSON.stringify(res.error)}`);
        if (res.data.kind === 'snapshot') snapshot(res.data);
        else for (const c of res.data.events) apply(c);
      }
    } finally {
      busy = false;
    }
    const later = held.sort((a, b) => a.seq - b.seq);
    held = [];
    // A gap (a change lost between the answer and now) is filled by asking again.
    for (const c of later) if (!apply(c)) return catchUp();
  };
  socket.on('room:changed', (c) => {
    if (busy) held.push(c);
    else if (!apply(c)) void catchUp().catch(() => undefined);
  });
  socket.on('disconnect', () => f.drops++);
  const first = new Promise<Follower>((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
    socket.once('connect', () => {
      socket.off('connect_error');
      catchUp().then(() => resolve(f), reject);
    });
  });
  socket.io.on('reconnect', () => {
    onConnect?.(socket);
    void catchUp().catch(() => undefined);
  });
  if (onConnect) socket.once('connect', () => onConnect(socket));
  return first;
}
