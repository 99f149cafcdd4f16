/**
 * Viewer screens in a client process of their own (many devices, not one), for the briefing
 * benchmark: the parent forks this file, asks it to connect and join `count` screens, then, turn
 * by turn, for the receipt stamps of a page (`performance.timeOrigin + performance.now()`: one
 * machine, one clock). A screen joins with a viewer link's token, or none for a bare server.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  wireParser,
  type Result,
  type RoomChanged,
  type RoomSnapshot,
} from '@icabinet/shared';
import type { ClientSocket } from '../../utils/socket.js';
import { pinClients } from './cpus.js';

/** Wall-clock time in ms with sub-millisecond precision, comparable between processes. */
export const now = (): number => performance.timeOrigin + performance.now();

type ToClients =
  | { type: 'connect'; url: string; meetingId: string; viewerToken?: string; count: number }
  | { type: 'await'; page: number }
  | { type: 'close' };
type FromClients =
  { type: 'connected' } | { type: 'receipts'; at: number[] } | { type: 'error'; message: string };

function clientsMain(): void {
  let screens: ClientSocket[] = [];
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
        for (let i = 0; i < m.count; i += 100) {
          const batch = Array.from({ length: Math.min(100, m.count - i) }, () => {
            const s: ClientSocket = io(m.url, {
              auth: {
                protocolVersion: PROTOCOL_VERSION,
                lang: 'vi',
                ...(m.viewerToken ? { viewerToken: m.viewerToken } : {}),
              },
              transports: ['websocket'],
              forceNew: true,
              reconnection: false,
              parser: wireParser,
            });
            return new Promise<ClientSocket>((resolve, reject) => {
              s.once('connect', () => resolve(s));
              s.once('connect_error', reject);
            });
          });
          const joined = await Promise.all(batch);
          for (const s of joined) {
            const res = (await s
              .timeout(60_000)
              .emitWithAck('room:join', { meetingId: m.meetingId })) as Result<RoomSnapshot | null>;
            if (!res.ok) throw new Error(`room:join: ${JSON.stringify(res.error)}`);
            s.on('room:changed', onChange);
          }
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
