import { encode } from '@msgpack/msgpack';
import { PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, WireFrameError } from './wire-parser.js';

/** Encodes with our encoder and decodes the frames with our decoder. */
function roundTrip(packet: Packet): { frames: (string | Uint8Array)[]; decoded: Packet[] } {
  const frames = new Encoder().encode(packet);
  const decoder = new Decoder();
  const decoded: Packet[] = [];
  decoder.on('decoded', (p: Packet) => decoded.push(p));
  for (const f of frames) decoder.add(f);
  return { frames, decoded };
}

describe('wire parser', () => {
  it('sends an event carrying bytes as one binary frame and reads it back', () => {
    const update = new Uint8Array([0, 1, 2, 250, 255]);
    const packet: Packet = {
      type: PacketType.EVENT,
      nsp: '/',
      id: 7,
      data: ['doc:update', { documentId: 'd1', layer: 'shared', update, opId: undefined }],
    };
    const { frames, decoded } = roundTrip(packet);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toBeInstanceOf(Uint8Array);
    expect(decoded).toEqual([
      {
        type: PacketType.EVENT,
        nsp: '/',
        id: 7,
        data: ['doc:update', { documentId: 'd1', layer: 'shared', update }],
      },
    ]);
  });

  it('acks with bytes the same way, ArrayBuffers included', () => {
    const bytes = new Uint8Array([9, 8, 7]);
    const { frames, decoded } = roundTrip({
      type: PacketType.ACK,
      nsp: '/',
      id: 3,
      data: [{ ok: true, data: { update: bytes.buffer } }],
    });
    expect(frames).toHaveLength(1);
    expect(decoded[0]).toEqual({
      type: PacketType.ACK,
      nsp: '/',
      id: 3,
      data: [{ ok: true, data: { update: bytes } }],
    });
  });

  it('keeps packets without bytes as Socket.IO JSON text', () => {
    const packet: Packet = {
      type: PacketType.EVENT,
      nsp: '/',
      data: ['room:command', { kind: 'page', page: 5 }],
    };
    const { frames, decoded } = roundTrip(packet);
    expect(frames).toEqual(['2["room:command",{"kind":"page","page":5}]']);
    expect(decoded).toEqual([packet]);
  });

  it('refuses binary frames that are not a packet it writes', () => {
    const decoder = new Decoder();
    const bad: unknown[] = [
      new Uint8Array([0xc1]), // never used in MessagePack
      new Uint8Array([1, 2, 3]),
      encode([1, 2, 3]),
      encode({ type: PacketType.CONNECT, nsp: '/', data: {} }),
      encode({ type: PacketType.EVENT, nsp: 'no-slash', data: ['x'] }),
      encode({ type: PacketType.EVENT, nsp: '/', data: [42] }),
      encode({ type: PacketType.EVENT, nsp: '/', data: 'x' }),
      encode({ type: PacketType.ACK, nsp: '/', id: -1, data: [] }),
      // A map key that would set the payload's prototype.
      encode({
        type: PacketType.EVENT,
        nsp: '/',
        data: ['doc:update', JSON.parse('{"__proto__":{"layer":"shared"}}')],
      }),
      42,
    ];
    for (const frame of bad) expect(() => decoder.add(frame), String(frame)).toThrow(WireFrameError);
  });
});
