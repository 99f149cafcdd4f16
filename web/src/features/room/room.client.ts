import {
  applyRoomPatch,
  type Result,
  type RoomChanged,
  type RoomCommandAck,
  type RoomCommandPayload,
  type RoomEvent,
  type RoomPointer,
  type RoomSnapshot,
  type RoomState,
  type RoomSyncAck,
  type WireError,
} from '@icabinet/shared';
import type { AppSocket } from '../../lib/socket';

/** What the room screens show about the link to the room (more precise than the socket's own state). */
export type RoomLink = 'joining' | 'live' | 'syncing' | 'reconnecting' | 'refused';

/** One room command as the screens send it. */
export type RoomCommand = RoomCommandPayload['command'];

/** The part of the socket the room client uses (a fake one in unit tests). */
export type RoomSocket = Pick<AppSocket, 'connected' | 'on' | 'off' | 'emit'>;

/** Everything a room screen renders from. */
export interface RoomView {
  room: RoomState | null;
  link: RoomLink;
  /** Why joining was refused (not a participant, unknown meeting). */
  refusal: WireError | null;
  /** Server clock minus ours, so timers count against the server's time. */
  clockOffsetMs: number;
  /** Commands sent but not yet acknowledged (retried after a reconnect with the same opId). */
  pending: number;
  /** The latest change, for a short "what happened" line. */
  lastEvent: RoomEvent | null;
}

/** How long an ack may take before the command is sent again (same opId: applied once). */
export const ACK_TIMEOUT_MS = 8000;
/** About 15 pointer moves a second, as the server lets through. */
export const POINTER_INTERVAL_MS = Math.round(1000 / 15);

interface Pending {
  opId: string;
  command: RoomCommand;
  /** Which connection the command was last sent on (0: not sent yet). */
  sentOn: number;
  timer: ReturnType<typeof setTimeout> | null;
  resolve: (result: Result<RoomCommandAck>) => void;
}

/** A fresh opId (the server accepts [A-Za-z0-9_-]{8,64}). */
export function newOpId(): string {
  const c = globalThis.crypto;
  if (c && 'randomUUID' in c) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * The client side of one meeting's live room. It joins, applies `room:changed` strictly in `seq`
 * order (early ones wait in a buffer), asks for `room:sync` on a gap or after a reconnect, and
 * keeps every command until it is acknowledged, resending it with the same opId after a drop.
 * React reads it through `subscribe`/`getView` (see useRoom).
 */
export class RoomClient {
  private view: RoomView = {
    room: null,
    link: 'joining',
    refusal: null,
    clockOffsetMs: 0,
    pending: 0,
    lastEvent: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly pointerListeners = new Set<(p: RoomPointer) => void>();
  /** Changes that arrived ahead of a missing one, by seq. */
  private readonly early = new Map<number, RoomChanged>();
  private readonly queue: Pending[] = [];
  private syncing = false;
  /** Counts connections, so an ack timer knows whether its command went out on this one. */
  private connection = 0;
  private stopped = false;
  private pointerLast = -Infinity;
  private pointerPending: { page: number; x: number | null; y: number | null } | null = null;
  private pointerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: RoomSocket,
    readonly meetingId: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Starts following the room (joins now if connected, else on connect). */
  start(): void {
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('room:changed', this.onChanged);
    this.socket.on('room:pointer', this.onPointer);
    if (this.socket.connected) this.onConnect();
    else this.set({ link: 'reconnecting' });
  }

  /** Stops following; unacknowledged commands are given up with an error. */
  stop(): void {
    this.stopped = true;
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('room:changed', this.onChanged);
    this.socket.off('room:pointer', this.onPointer);
    if (this.pointerTimer) clearTimeout(this.pointerTimer);
    for (const p of this.queue.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'internal', message: 'stopped' } });
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): RoomView => this.view;

  /** The presenter's pointer as it moves (volatile; not part of the view, to keep re-renders cheap). */
  onPointerMove(listener: (p: RoomPointer) => void): () => void {
    this.pointerListeners.add(listener);
    return () => this.pointerListeners.delete(listener);
  }

  /** The server's time now, in ms since the epoch. */
  serverNow(): number {
    return this.now() + this.view.clockOffsetMs;
  }

  /**
   * Sends one command; resolves with the server's answer. While offline the command waits and
   * goes out after the reconnect; an unanswered one is sent again with the same opId.
   */
  send(command: RoomCommand, opId: string = newOpId()): Promise<Result<RoomCommandAck>> {
    return new Promise((resolve) => {
      const p: Pending = { opId, command, sentOn: 0, timer: null, resolve };
      this.queue.push(p);
      this.set({ pending: this.queue.length });
      if (this.socket.connected && !this.syncing && this.view.room) this.transmit(p);
    });
  }

  /** The presenter's pointer (fractions of the page; null hides it), throttled to ~15 a second. */
  point(page: number, x: number | null, y: number | null): void {
    this.pointerPending = { page, x, y };
    const wait = this.pointerLast + POINTER_INTERVAL_MS - this.now();
    if (wait <= 0 && this.pointerTimer === null) this.flushPointer();
    else this.pointerTimer ??= setTimeout(() => this.flushPointer(), Math.max(0, wait));
  }

  private flushPointer(): void {
    this.pointerTimer = null;
    const p = this.pointerPending;
    this.pointerPending = null;
    if (!p || !this.socket.connected) return;
    this.pointerLast = this.now();
    this.socket.emit('room:pointer', { meetingId: this.meetingId, ...p });
  }

  private set(patch: Partial<RoomView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l();
  }

  private readonly onConnect = (): void => {
    if (this.stopped) return;
    this.connection += 1;
    // Whatever was in flight on the old connection may never be answered: send it again.
    for (const p of this.queue) p.sentOn = 0;
    if (this.view.room) this.sync();
    else this.join();
  };

  private readonly onDisconnect = (): void => {
    if (this.stopped) return;
    this.set({ link: 'reconnecting' });
  };

  private join(): void {
    this.set({ link: 'joining' });
    const connection = this.connection;
    this.socket.emit('room:join', { meetingId: this.meetingId }, (res: Result<RoomSnapshot>) => {
      if (this.stopped || connection !== this.connection) return;
      if (!res.ok) {
        this.set({ link: 'refused', refusal: res.error });
        return;
      }
      this.snapshot(res.data);
      this.afterSync();
    });
  }

  private sync(): void {
    const room = this.view.room;
    if (!room || this.syncing) return;
    this.syncing = true;
    this.set({ link: 'syncing' });
    const connection = this.connection;
    this.socket.emit(
      'room:sync',
      { meetingId: this.meetingId, lastSeq: room.seq },
      (res: Result<RoomSyncAck>) => {
        this.syncing = false;
        if (this.stopped || connection !== this.connection) return;
        if (!res.ok) {
          // The room went away for us (removed from the meeting): say so rather than show stale state.
          if (res.error.code === 'forbidden' || res.error.code === 'not_found')
            this.set({ link: 'refused', refusal: res.error });
          else setTimeout(() => this.sync(), 1000);
          return;
        }
        if (res.data.kind === 'snapshot') this.snapshot(res.data);
        else for (const c of res.data.events) this.applyInOrder(c);
        this.afterSync();
      },
    );
  }

  private snapshot(s: RoomSnapshot): void {
    this.set({
      room: s.state,
      clockOffsetMs: Date.parse(s.serverTime) - this.now(),
      refusal: null,
    });
  }

  /** After a join or sync: apply what waited, then send what the user did meanwhile. */
  private afterSync(): void {
    this.drainEarly();
    if (this.syncing) return;
    this.set({ link: 'live' });
    for (const p of this.queue) if (p.sentOn !== this.connection) this.transmit(p);
  }

  private readonly onChanged = (c: RoomChanged): void => {
    if (c.meetingId !== this.meetingId || this.stopped) return;
    const room = this.view.room;
    if (!room || this.syncing) {
      this.early.set(c.seq, c);
      return;
    }
    if (c.seq <= room.seq) return;
    if (c.seq === room.seq + 1) {
      this.applyInOrder(c);
      this.drainEarly();
      return;
    }
    // A gap: keep this one and ask for what is missing.
    this.early.set(c.seq, c);
    this.sync();
  };

  private applyInOrder(c: RoomChanged): void {
    const room = this.view.room;
    if (!room || c.seq !== room.seq + 1) return;
    this.set({ room: { ...applyRoomPatch(room, c.patch), seq: c.seq }, lastEvent: c.event });
  }

  private drainEarly(): void {
    for (;;) {
      const room = this.view.room;
      if (!room) return;
      for (const seq of this.early.keys()) if (seq <= room.seq) this.early.delete(seq);
      const next = this.early.get(room.seq + 1);
      if (!next) break;
      this.early.delete(next.seq);
      this.applyInOrder(next);
    }
    if (this.early.size > 0) this.sync();
  }

  private readonly onPointer = (p: RoomPointer): void => {
    if (p.meetingId !== this.meetingId) return;
    for (const l of this.pointerListeners) l(p);
  };

  private transmit(p: Pending): void {
    const connection = this.connection;
    p.sentOn = connection;
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      p.timer = null;
      // No answer on a live connection: send again; the server applies an opId once.
      if (this.queue.includes(p) && this.socket.connected && p.sentOn === connection) this.transmit(p);
    }, ACK_TIMEOUT_MS);
    this.socket.emit(
      'room:command',
      { meetingId: this.meetingId, opId: p.opId, command: p.command },
      (res: Result<RoomCommandAck>) => this.settle(p, res),
    );
  }

  private settle(p: Pending, res: Result<RoomCommandAck>): void {
    const i = this.queue.indexOf(p);
    if (i < 0) return;
    this.queue.splice(i, 1);
    if (p.timer) clearTimeout(p.timer);
    this.set({ pending: this.queue.length });
    p.resolve(res);
  }
}
