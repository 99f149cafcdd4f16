import { describe, expect, it } from 'vitest';
import { initialRoomState } from '@icabinet/shared';
import { OPS_KEPT, pushOp, type RoomEntry } from './room.entry.js';
import type { RoomRoster } from './roster.js';

const entryWith = (count: number): RoomEntry => ({
  state: initialRoomState('m1', { numerator: 1, denominator: 2, comparison: 'gt' }, '2026-12-06T00:00:00Z'),
  stored: count,
  ops: Array.from({ length: count }, (_, i) => ({ key: `u:${i + 1}`, seq: i + 1 })),
  opSeq: new Map(),
  log: [],
  tail: Promise.resolve(),
  participants: null as unknown as RoomRoster,
});

describe("a room's window of applied opIds", () => {
  it('keeps the newest OPS_KEPT, dropping the oldest', () => {
    const entry = entryWith(OPS_KEPT);
    pushOp(entry, { key: 'u:new', seq: OPS_KEPT + 1 });
    expect(entry.ops).toHaveLength(OPS_KEPT);
    expect(entry.ops[0]).toEqual({ key: 'u:2', seq: 2 });
    expect(entry.ops.at(-1)).toEqual({ key: 'u:new', seq: OPS_KEPT + 1 });
  });

  it('takes a command back out exactly, the dropped oldest one included (a save that failed)', () => {
    const full = entryWith(OPS_KEPT);
    const before = [...full.ops];
    pushOp(full, { key: 'u:new', seq: OPS_KEPT + 1 })();
    expect(full.ops).toEqual(before);

    const short = entryWith(3);
    const undo = pushOp(short, { key: 'u:4', seq: 4 });
    expect(short.ops.map((o) => o.key)).toEqual(['u:1', 'u:2', 'u:3', 'u:4']);
    undo();
    expect(short.ops.map((o) => o.key)).toEqual(['u:1', 'u:2', 'u:3']);
  });
});
