import { Emitter } from '@socket.io/component-emitter';
import { decode, encode } from '@msgpack/msgpack';
import { Decoder as JsonDecoder, Encoder as JsonEncoder, PacketType, type Packet } from 'socket.io-parser';

/**
 * The Socket.IO packet codec of I-Cabinet, used by the server and every client (pass this module
 * as the `parser` option on both ends).
 *
 * Packets without binary data are Socket.IO's JSON text frames, unchanged. A packet that carries
 * bytes — every Yjs update and awareness change of the annotation layers — is ONE binary frame
 * (MessagePack of the packet) instead of Socket.IO's two (a JSON header with placeholders, then
 * each attachment as a frame of its own). Two frames cost the server two writes per receiver and
 * the second waits for the first to drain; with 50 tablets following a layer that was most of the
 * difference between a Yjs update relayed through Socket.IO and through a bare WebSocket.
 *
 * The codec is part of the protocol: PROTOCOL_VERSION changed with it, so a client built with the
 * stock parser is refused at the handshake (the handshake itself is JSON in both).
 */

/** Bytes in a packet: a binary frame must fit the server's payload cap anyway. */
const hasBytes = (value: unknown, depth = 0): boolean => {
  if (value === null || typeof value !== 'object' || depth > 8) return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return true;
  if (Array.isArray(value)) return value.some((v) => hasBytes(v, depth + 1));
  for (const key in value) if (hasBytes((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
};

/** The value with every ArrayBuffer as a Uint8Array (MessagePack writes only views as bytes). */
const withViews = (value: unknown, depth = 0): unknown => {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => withViews(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = withViews((value as Record<string, unknown>)[key], depth + 1);
  return out;
};

export class Encoder {
  private readonly json = new JsonEncoder();

  /** One text frame, or one binary frame when the packet carries bytes. */
  encode(packet: Packet): (string | Uint8Array)[] {
    if ((packet.type === PacketType.EVENT || packet.type === PacketType.ACK) && hasBytes(packet.data)) {
      const framed: Packet = { type: packet.type, nsp: packet.nsp, data: withViews(packet.data) };
      if (packet.id !== undefined) framed.id = packet.id;
      return [encode(framed, { ignoreUndefined: true })];
    }
    return this.json.encode(packet) as (string | Uint8Array)[];
  }
}

/** A binary frame that is not a packet this codec writes. */
export class WireFrameError extends Error {
  constructor(reason: string) {
    super(`invalid binary frame: ${reason}`);
    this.name = 'WireFrameError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Checks a decoded binary frame and returns it as a Socket.IO packet. */
function packetOf(raw: unknown): Packet {
  if (!isRecord(raw)) throw new WireFrameError('not a packet');
  const { type, nsp, data, id } = raw;
  if (type !== PacketType.EVENT && type !== PacketType.ACK) throw new WireFrameError('packet type');
  if (typeof nsp !== 'string' || !nsp.startsWith('/')) throw new WireFrameError('namespace');
  if (id !== undefined && (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0))
    throw new WireFrameError('ack id');
  if (!Array.isArray(data)) throw new WireFrameError('payload');
  if (type === PacketType.EVENT && typeof data[0] !== 'string') throw new WireFrameError('event name');
  const packet: Packet = { type, nsp, data };
  if (id !== undefined) packet.id = id;
  return packet;
}

export class Decoder extends Emitter<
  Record<string, never>,
  Record<string, never>,
  { decoded: (packet: Packet) => void }
> {
  private readonly json = new JsonDecoder();

  constructor() {
    super();
    this.json.on('decoded', (packet: Packet) => this.emitReserved('decoded', packet));
  }

  /** A text frame goes to Socket.IO's own decoder; a binary frame is one whole packet. */
  add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      this.json.add(chunk);
      return;
    }
    let bytes: Uint8Array;
    if (chunk instanceof Uint8Array) bytes = chunk;
    else if (chunk instanceof ArrayBuffer) bytes = new Uint8Array(chunk);
    else throw new WireFrameError('unknown chunk');
    let raw: unknown;
    try {
      raw = decode(bytes);
    } catch {
      throw new WireFrameError('not MessagePack');
    }
    this.emitReserved('decoded', packetOf(raw));
  }

  destroy(): void {
    this.json.destroy();
  }
}
