import { describe, expect, it, vi } from 'vitest';
import type { RoomChanged, RoomState } from '@icabinet/shared';
import { initialRoomState } from '@icabinet/shared';
import { RoomClient, type RoomSocket } from './room.client';

type Handler = (...args: unknown[]) => void;

/** A socket that records what is emitted and lets the test answer acks and raise events. */
class FakeSocket {
  connected = true;
  handlers = new Map<string, Set<Handler>>();
  sent: { event: string; payload: Record<string, unknown>; ack?: Handler }[] = [];
  on(event: string, fn: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
    return this;
  }
  off(event: string, fn: Handler) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  emit(event: string, payload: Record<string, unknown>, ack?: Handler) {
    this.sent.push({ event, payload, ack });
    return this;
  }
  raise(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  last(event: string) {
    return [...this.sent].reverse().find((s) => s.event === event)!;
  }
}

const state = (seq: number, patch: Partial<RoomState> = {}): RoomState => ({
  ...initialRoomState('m1', { numerator: 1, denominator: 2, comparison: 'gt' }, '2025-01-01T00:00:00Z'),
  seq,
  ...patch,
});

const change = (seq: number, patch: Partial<RoomState>): RoomChanged => ({
  meetingId: 'm1',
  seq,
  patch,
  event: {
    seq,
    type: 'page.goto',
    at: '2025-01-01T00:00:00Z',
    by: { userId: 'u', name: 'A' },
    target: null,
    reason: null,
    quorum: null,
  },
});

function started(seq = 0) {
  const socket = new FakeSocket();
  const client = new RoomClient(socket as unknown as RoomSocket, 'm1');
  client.start();
  socket.last('room:join').ack!({
    ok: true,
    data: { state: state(seq), serverTime: new Date().toISOString() },
  });
  return { socket, client };
}

describe('the room client', () => {
  it('joins and shows the snapshot', () => {
    const { client } = started(3);
    expect(client.getView()).toMatchObject({ link: 'live', room: { seq: 3 } });
  });

  it('applies changes in seq order and ignores ones already seen', () => {
    const { socket, client } = started(0);
    socket.raise('room:changed', change(1, { status: 'running' }));
    socket.raise('room:changed', change(1, { status: 'paused' }));
    expect(client.getView().room).toMatchObject({ seq: 1, status: 'running' });
  });

  it('asks for a sync on a gap and applies the missed changes before the early one', () => {
    const { socket, client } = started(0);
    socket.raise('room:changed', change(3, { status: 'ended' }));
    const sync = socket.last('room:sync');
    expect(sync.payload).toMatchObject({ lastSeq: 0 });
    expect(client.getView().link).toBe('syncing');
    sync.ack!({
      ok: true,
      data: { kind: 'events', events: [change(1, { status: 'running' }), change(2, { status: 'paused' })] },
    });
    expect(client.getView()).toMatchObject({ link: 'live', room: { seq: 3, status: 'ended' } });
  });

  it('replaces its copy with the snapshot a sync returns', () => {
    const { socket, client } = started(0);
    socket.raise('room:changed', change(9, {}));
    socket.last('room:sync').ack!({
      ok: true,
      data: {
        kind: 'snapshot',
        state: state(12, { status: 'paused' }),
        serverTime: new Date().toISOString(),
      },
    });
    expect(client.getView().room).toMatchObject({ seq: 12, status: 'paused' });
  });

  it('resends a command after a reconnect with the same opId', async () => {
    const { socket, client } = started(0);
    const result = client.send({ type: 'room.start' });
    const first = socket.last('room:command');
    socket.connected = false;
    socket.raise('disconnect');
    expect(client.getView()).toMatchObject({ link: 'reconnecting', pending: 1 });
    socket.connected = true;
    socket.raise('connect');
    socket.last('room:sync').ack!({ ok: true, data: { kind: 'events', events: [] } });
    const second = socket.last('room:command');
    expect(second).not.toBe(first);
    expect(second.payload.opId).toBe(first.payload.opId);
    second.ack!({ ok: true, data: { seq: 1, duplicate: true } });
    await expect(result).resolves.toEqual({ ok: true, data: { seq: 1, duplicate: true } });
    expect(client.getView().pending).toBe(0);
  });

  it('holds commands made offline until the room is back', () => {
    const socket = new FakeSocket();
    socket.connected = false;
    const client = new RoomClient(socket as unknown as RoomSocket, 'm1');
    client.start();
    void client.send({ type: 'attendance.checkin' });
    expect(socket.sent).toEqual([]);
    socket.connected = true;
    socket.raise('connect');
    socket.last('room:join').ack!({
      ok: true,
      data: { state: state(2), serverTime: new Date().toISOString() },
    });
    expect(socket.last('room:command').payload.command).toEqual({ type: 'attendance.checkin' });
  });

  it('sends at most about 15 pointer moves a second and always the last one', () => {
    vi.useFakeTimers();
    try {
      const { socket, client } = started(0);
      for (let i = 0; i < 100; i++) {
        client.point(1, i / 100, 0.5);
        vi.advanceTimersByTime(10);
      }
      vi.advanceTimersByTime(200);
      const moves = socket.sent.filter((s) => s.event === 'room:pointer');
      expect(moves.length).toBeGreaterThanOrEqual(14);
      expect(moves.length).toBeLessThanOrEqual(17);
      expect(moves.at(-1)!.payload).toMatchObject({ x: 0.99 });
    } finally {
      vi.useRealTimers();
    }
  });
});
