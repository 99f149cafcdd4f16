import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { AwarenessRegistry } from './awareness.js';

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
