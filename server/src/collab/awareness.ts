import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** At most this many client states in one awareness update (a device has one per layer). */
const MAX_ENTRIES = 4;

interface Entry {
  clock: number;
  /** JSON of the state, with `user` set by the server. */
  json: string;
  socketId: string;
  userId: string;
}

/** Who the session says a socket belongs to; copied into every awareness state it sends. */
export interface AwarenessUser {
  id: string;
  name: string;
}

const encode = (entries: [number, number, string][]): Uint8Array => {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, entries.length);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(enc, clientId);
    encoding.writeVarUint(enc, clock);
    encoding.writeVarString(enc, json);
  }
  return encoding.toUint8Array(enc);
};

/**
 * The awareness states of every layer, as the y-protocols awareness wire format carries them
 * (clientID, clock, JSON state). The server overwrites `user` in each state with the session's
 * identity, refuses a clientID another person's socket owns (the same person's device coming back
 * on a new connection takes its clientID over before the old connection is noticed gone), and
 * sends removals when a socket leaves.
 */
export class AwarenessRegistry {
  private readonly layers = new Map<string, Map<number, Entry>>();

  /**
   * Accepts an update from one socket and returns the update to pass on (identities rewritten,
   * stale or foreign entries dropped), or null when nothing is left. Throws on malformed bytes.
   */
  accept(key: string, socketId: string, user: AwarenessUser, update: Uint8Array): Uint8Array | null {
    const dec = decoding.createDecoder(update);
    const n = decoding.readVarUint(dec);
    if (n > MAX_ENTRIES) throw new RangeError('too many awareness states');
    const states = this.layers.get(key) ?? new Map<number, Entry>();
    const out: [number, number, string][] = [];
    for (let i = 0; i < n; i++) {
      const clientId = decoding.readVarUint(dec);
      const clock = decoding.readVarUint(dec);
      const raw: unknown = JSON.parse(decoding.readVarString(dec));
      const known = states.get(clientId);
      if (known && known.socketId !== socketId && known.userId !== user.id) continue;
      if (known && clock <= known.clock) continue;
      if (raw === null) {
        states.delete(clientId);
        out.push([clientId, clock, 'null']);
        continue;
      }
      if (typeof raw !== 'object' || Array.isArray(raw))
        throw new TypeError('awareness state must be an object');
      const json = JSON.stringify({ ...(raw as Record<string, unknown>), user });
      states.set(clientId, { clock, json, socketId, userId: user.id });
      out.push([clientId, clock, json]);
    }
    if (states.size) this.layers.set(key, states);
    else this.layers.delete(key);
    return out.length ? encode(out) : null;
  }

  /** Every current state of a layer as one awareness update (for a joining socket), or null. */
  snapshot(key: string): Uint8Array | null {
    const states = this.layers.get(key);
    if (!states?.size) return null;
    return encode([...states].map(([id, e]) => [id, e.clock, e.json]));
  }

  /** Forgets a socket's states in a layer and returns the removal update to send, or null. */
  drop(key: string, socketId: string): Uint8Array | null {
    const states = this.layers.get(key);
    if (!states) return null;
    const removed: [number, number, string][] = [];
    for (const [id, e] of states) {
      if (e.socketId !== socketId) continue;
      states.delete(id);
      removed.push([id, e.clock + 1, 'null']);
    }
    if (!states.size) this.layers.delete(key);
    return removed.length ? encode(removed) : null;
  }
}
