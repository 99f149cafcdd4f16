/**
 * Viewer screens in a client process of their own (many devices, not one), for the briefing
 * benchmark: the parent forks this file, asks it to connect and join `count` screens, then, turn
 * by turn, for the receipt stamps of a page (`performance.timeOrigin + performance.now()`: one
 * machine, one clock). A screen joins with a viewer link's token, or none for a bare server.
 *
 * Two kinds of screen, both real WebSocket clients of the real server:
 *   socket.io — socket.io-client with our wire parser, as the web app connects;
 *   lean      — the same Socket.IO protocol (Engine.IO 4 over WebSocket: open, connect with the
 *               auth, ping/pong, events and acks as JSON text frames) spoken directly on a `ws`
 *               socket: a fraction of socket.io-client's CPU per message, so that thousands of
 *               screens on the one client core of this machine do not limit what is measured.
 *               The server cannot tell them apart (the packets are the same bytes).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  wireParser,
  type Result,
  type RoomChanged,
  type RoomSnapshot,
} from '@icabinet/shared';
import type { ClientSocket } from '../../utils/socket.js';
import { pinClients } from './cpus.js';

export type ScreenKind = 'socket.io' | 'lean';

/** Wall-clock time in ms with sub-millisecond precision, comparable between processes. */
export const now = (): number => performance.timeOrigin + performance.now();

type ToClients =
  | {
      type: 'connect';
      url: string;
      meetingId: string;
      viewerToken?: string;
      count: number;
      kind?: ScreenKind;
    }
  | { type: 'await'; page: number }
  | { type: 'close' };
type FromClients =
  { type: 'connected' } | { type: 'receipts'; at: number[] } | { type: 'error'; message: string };

/** One connected screen, of either kind. */
interface Screen {
  join(meetingId: string): Promise<void>;
  close(): void;
}

type Auth = { protocolVersion: number; lang: 'vi'; viewerToken?: string };

/** A screen on socket.io-client, as the web app connects. */
function socketIoScreen(url: string, auth: Auth, onChange: (c: RoomChanged) => void): Promise<Screen> {
  const s: ClientSocket = io(url, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    parser: wireParser,
  });
  return new Promise<Screen>((resolve, reject) => {
    s.once('connect', () =>
      resolve({
        async join(meetingId) {
          const res = (await s
            .timeout(60_000)
            .emitWithAck('room:join', { meetingId })) as Result<RoomSnapshot | null>;
          if (!res.ok) throw new Error(`room:join: ${JSON.stringify(res.error)}`);
          s.on('room:changed', onChange);
        },
        close: () => s.close(),
      }),
    );
    s.once('connect_error', reject);
  });
}

/**
 * A screen speaking the Socket.IO protocol directly on a WebSocket (Engine.IO 4): `0` open →
 * `40{auth}` connect → `40{sid}` connected; `2` ping → `3` pong; `42[event, …]` an event,
 * `42<id>[…]` one with an ack and `43<id>[…]` its answer. Binary frames (annotation layers) are
 * not for a screen that joins none.
 */
function leanScreen(url: string, auth: Auth, onChange: (c: RoomChanged) => void): Promise<Screen> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  const acks = new Map<number, (args: unknown[]) => void>();
  let nextAck = 0;
  let following = false;
  const screen: Screen = {
    join(meetingId) {
      const id = nextAck++;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('room:join: no answer in 60 s')), 60_000);
        acks.set(id, ([res]) => {
          clearTimeout(timer);
          const r = res as Result<unknown>;
          if (!r.ok) return reject(new Error(`room:join: ${JSON.stringify(r.error)}`));
          following = true;
          resolve();
        });
        ws.send(`42${id}${JSON.stringify(['room:join', { meetingId }])}`);
      });
    },
    close: () => ws.close(),
  };
  return new Promise<Screen>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      // A text frame arrives as one Buffer (no fragments are asked for).
      const text = (data as Buffer).toString('utf8');
      const engine = text.charCodeAt(0);
      if (engine === 0x30 /* open */) return ws.send(`40${JSON.stringify(auth)}`);
      if (engine === 0x32 /* ping */) return ws.send('3');
      if (engine !== 0x34 /* message */) return;
      const packet = text.charCodeAt(1);
      if (packet === 0x30 /* connect */) return resolve(screen);
      if (packet === 0x34 /* connect_error */) return reject(new Error(text.slice(2)));
      if (packet === 0x32 /* event */) {
        if (!following) return;
        const args = JSON.parse(text.slice(text.indexOf('['))) as unknown[];
        if (args[0] === 'room:changed') onChange(args[1] as RoomChanged);
        return;
      }
      if (packet === 0x33 /* ack */) {
        const open = text.indexOf('[');
        const id = Number(text.slice(2, open));
        const answer = acks.get(id);
        acks.delete(id);
        answer?.(JSON.parse(text.slice(open)) as unknown[]);
      }
    });
  });
}

function clientsMain(): void {
  let screens: Screen[] = [];
  /** page → receipt stamps of that page's change, and who is waiting for all of them. */
  const receipts = new Map<number, number[]>();
  const waiting = new Map<number, () => void>();
  const send = (m: FromClients) => process.send?.(m);
  const onChange = (c: RoomChanged) => {
    const at = now();
    const page = c.patch.document?.page ?? -1;
    const list = receipts.get(page) ?? [];
    list.push(at);
    receipts.set(page, list);
    if (list.length === screens.length) waiting.get(page)?.();
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: ToClients) => {
    if (m.type === 'connect') {
      void (async () => {
        const open = m.kind === 'lean' ? leanScreen : socketIoScreen;
        const auth: Auth = {
          protocolVersion: PROTOCOL_VERSION,
          lang: 'vi',
          ...(m.viewerToken ? { viewerToken: m.viewerToken } : {}),
        };
        for (let i = 0; i < m.count; i += 100) {
          const batch = Array.from({ length: Math.min(100, m.count - i) }, () => open(m.url, auth, onChange));
          const joined = await Promise.all(batch);
          await Promise.all(joined.map((s) => s.join(m.meetingId)));
          screens.push(...joined);
        }
        send({ type: 'connected' });
      })().catch((err: unknown) => send({ type: 'error', message: String(err) }));
    } else if (m.type === 'await') {
      const done = () => {
        waiting.delete(m.page);
        const at = receipts.get(m.page) ?? [];
        receipts.delete(m.page);
        send({ type: 'receipts', at });
      };
      if ((receipts.get(m.page)?.length ?? 0) >= screens.length) done();
      else waiting.set(m.page, done);
    } else {
      for (const s of screens) s.close();
      screens = [];
    }
  });
}

/** The parent's handle on one client process. */
export class Clients {
  private waiters: ((m: FromClients) => void)[] = [];
  /** The client process's id (its CPU time is read from outside: lib/proc.ts). */
  get pid(): number | undefined {
    return this.proc.pid;
  }
  private constructor(private readonly proc: ChildProcess) {
    proc.on('message', (m: FromClients) => {
      if (m.type === 'error') throw new Error(`client process: ${m.message}`);
      this.waiters.shift()?.(m);
    });
  }
  static start(): Clients {
    const proc = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, SCREEN_CLIENTS_CHILD: '1' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Client processes run on the clients' cores, as this one does.
    if (proc.pid !== undefined) pinClients(proc.pid);
    return new Clients(proc);
  }
  private ask(m: ToClients): Promise<FromClients> {
    const reply = new Promise<FromClients>((resolve) => this.waiters.push(resolve));
    this.proc.send(m);
    return reply;
  }
  async connect(m: Extract<ToClients, { type: 'connect' }>): Promise<void> {
    await this.ask(m);
  }
  async receipts(page: number): Promise<number[]> {
    const r = await this.ask({ type: 'await', page });
    return r.type === 'receipts' ? r.at : [];
  }
  close(): void {
    this.proc.send({ type: 'close' });
  }
  stop(): void {
    this.proc.kill();
  }
}

if (process.env.SCREEN_CLIENTS_CHILD === '1') clientsMain();
