import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { AwarenessRefused, AwarenessRegistry, MAX_STATE_CHARS, MAX_STATES_PER_SOCKET } from './awareness.js';

/** One awareness update carrying one state, as y-protocols encodes it. */
const update = (clientId: number, clock: number, state: unknown): Uint8Array => {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 1);
  encoding.writeVarUint(enc, clientId);
  encoding.writeVarUint(enc, clock);
  encoding.writeVarString(enc, JSON.stringify(state));
  return encoding.toUint8Array(enc);
};

const states = (u: Uint8Array | null): [number, number, unknown][] => {
  if (!u) return [];
  const dec = decoding.createDecoder(u);
  const out: [number, number, unknown][] = [];
  for (let n = decoding.readVarUint(dec); n > 0; n--)
    out.push([decoding.readVarUint(dec), decoding.readVarUint(dec), JSON.parse(decoding.readVarString(dec))]);
  return out;
};

const an = { id: 'u-an', name: 'Nguyễn Văn An' };
const binh = { id: 'u-binh', name: 'Trần Thị Bình' };

describe('awareness registry', () => {
  it('writes the session’s identity into every state, whatever the client claimed', () => {
    const reg = new AwarenessRegistry();
    const out = reg.accept('L', 's1', an, update(7, 1, { drawing: null, user: { id: 'u-binh', name: 'x' } }));
    expect(states(out)).toEqual([[7, 1, { drawing: null, user: an }]]);
  });

  it('refuses a state whose strings carry control characters, keeping the one held before', () => {
    const reg = new AwarenessRegistry();
    reg.accept('L', 's1', an, update(7, 1, { stroke: { id: 'a', color: '#000000' } }));
    for (const [clock, bad] of [
      [2, { stroke: { id: 'a\u0000', color: '#000000' } }],
      [3, { label: 'x\u202ey' }],
    ] as const)
      expect(() => reg.accept('L', 's1', an, update(7, clock, bad))).toThrow(AwarenessRefused);
    expect(states(reg.snapshot('L'))).toEqual([[7, 1, { stroke: { id: 'a', color: '#000000' }, user: an }]]);
  });

  it('refuses a clientID another person’s socket holds', () => {
    const reg = new AwarenessRegistry();
    reg.accept('L', 's1', an, update(7, 1, {}));
    expect(reg.accept('L', 's2', binh, update(7, 2, { evil: true }))).toBeNull();
    expect(states(reg.snapshot('L'))).toEqual([[7, 1, { user: an }]]);
  });

  it('lets the same person’s device take its clientID over on a new connection', () => {
    const reg = new AwarenessRegistry();
    reg.accept('L', 'old-socket', an, update(7, 1, { page: 1 }));
    expect(states(reg.accept('L', 'new-socket', an, update(7, 3, { page: 2 })))).toEqual([
      [7, 3, { page: 2, user: an }],
    ]);
    // The old connection is noticed gone later: it must not remove the state of the new one.
    expect(reg.drop('L', 'old-socket')).toBeNull();
    expect(states(reg.snapshot('L'))).toEqual([[7, 3, { page: 2, user: an }]]);
    expect(states(reg.drop('L', 'new-socket'))).toEqual([[7, 4, null]]);
    expect(reg.snapshot('L')).toBeNull();
  });

  it('ignores an older clock and throws on bytes that are not an awareness update', () => {
    const reg = new AwarenessRegistry();
    reg.accept('L', 's1', an, update(7, 5, { page: 5 }));
    expect(reg.accept('L', 's1', an, update(7, 4, { page: 4 }))).toBeNull();
    expect(() => reg.accept('L', 's1', an, new Uint8Array([1, 7, 6, 3, 0x7b]))).toThrow();
  });
});

describe('awareness limits', () => {
  it('refuses a state larger than a live stroke needs, and keeps nothing of that update', () => {
    const reg = new AwarenessRegistry();
    expect(() => reg.accept('L', 's1', an, update(7, 1, { stroke: 'x'.repeat(MAX_STATE_CHARS) }))).toThrow(
      AwarenessRefused,
    );
    expect(reg.size('s1')).toBe(0);
  });

  it('holds at most a bounded number of states per socket, across layers, and frees them on drop', () => {
    const reg = new AwarenessRegistry();
    for (let i = 0; i < MAX_STATES_PER_SOCKET; i++) reg.accept(`L${i % 2}`, 's1', an, update(i, 1, {}));
    expect(() => reg.accept('L0', 's1', an, update(999, 1, {}))).toThrow(AwarenessRefused);
    // A state it already holds may still change.
    expect(reg.accept('L0', 's1', an, update(0, 2, { page: 3 }))).not.toBeNull();
    expect(reg.size('s1')).toBe(MAX_STATES_PER_SOCKET);
    reg.drop('L0', 's1');
    reg.drop('L1', 's1');
    expect(reg.size('s1')).toBe(0);
    expect(reg.size()).toBe(0);
  });

  it('moves a taken-over clientID to the new socket’s count', () => {
    const reg = new AwarenessRegistry();
    reg.accept('L', 'old', an, update(7, 1, {}));
    reg.accept('L', 'new', an, update(7, 2, {}));
    expect(reg.size('old')).toBe(0);
    expect(reg.size('new')).toBe(1);
  });

  it('lets a socket that may no longer write take back its states, and nothing else', () => {
    const reg = new AwarenessRegistry();
    reg.accept('L', 's1', an, update(7, 1, { stroke: { page: 1 } }));
    expect(() => reg.accept('L', 's1', an, update(7, 2, { stroke: { page: 2 } }), true)).toThrow(
      AwarenessRefused,
    );
    expect(states(reg.accept('L', 's1', an, update(7, 3, null), true))).toEqual([[7, 3, null]]);
    expect(reg.size('s1')).toBe(0);
  });
});
