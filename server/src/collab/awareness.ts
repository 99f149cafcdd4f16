import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { checkAnnotationText } from './yjs-guard.js';

/** At most this many client states in one awareness update (a device has one per layer). */
const MAX_ENTRIES = 4;
/** At most this many states held for one socket over all its layers (a device has one per layer it shows). */
export const MAX_STATES_PER_SOCKET = 8;
/** The largest state kept, as JSON: a live stroke carries up to ~4.8 KB of packed points. */
export const MAX_STATE_CHARS = 6 * 1024;

/** Why an awareness update was refused (nothing of it was kept). */
export class AwarenessRefused extends Error {
  constructor(readonly reason: 'malformed' | 'too_many_states' | 'state_too_large' | 'read_only') {
    super(reason);
    this.name = 'AwarenessRefused';
  }
}

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
  /** The states each socket holds, as `<layer>\n<clientId>`: bounded by MAX_STATES_PER_SOCKET. */
  private readonly bySocket = new Map<string, Set<string>>();

  /**
   * Accepts an update from one socket and returns the update to pass on (identities rewritten,
   * stale or foreign entries dropped), or null when nothing is left. Refuses the whole update
   * (AwarenessRefused) when it is malformed, a state is too large, or the socket would hold too many.
   * `removalsOnly` (a socket that may no longer write): it may only take back the states it holds.
   */
  accept(
    key: string,
    socketId: string,
    user: AwarenessUser,
    update: Uint8Array,
    removalsOnly = false,
  ): Uint8Array | null {
    const parsed = this.parse(update);
    const states = this.layers.get(key) ?? new Map<number, Entry>();
    const held = this.bySocket.get(socketId) ?? new Set<string>();
    const todo: [number, number, string | null][] = [];
    let adds = 0;
    for (const [clientId, clock, raw] of parsed) {
      const known = states.get(clientId);
      if (known && known.socketId !== socketId && known.userId !== user.id) continue;
      if (known && clock <= known.clock) continue;
      if (raw === null) {
        todo.push([clientId, clock, null]);
        continue;
      }
      if (removalsOnly) throw new AwarenessRefused('read_only');
      const json = JSON.stringify({ ...raw, user });
      if (json.length > MAX_STATE_CHARS) throw new AwarenessRefused('state_too_large');
      if (!held.has(`${key}\n${clientId}`)) adds++;
      todo.push([clientId, clock, json]);
    }
    if (held.size + adds > MAX_STATES_PER_SOCKET) throw new AwarenessRefused('too_many_states');

    const out: [number, number, string][] = [];
    for (const [clientId, clock, json] of todo) {
      const known = states.get(clientId);
      if (known) this.release(known.socketId, key, clientId);
      if (json === null) {
        states.delete(clientId);
        out.push([clientId, clock, 'null']);
        continue;
      }
      states.set(clientId, { clock, json, socketId, userId: user.id });
      held.add(`${key}\n${clientId}`);
      out.push([clientId, clock, json]);
    }
    if (held.size) this.bySocket.set(socketId, held);
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
      this.release(socketId, key, id);
      removed.push([id, e.clock + 1, 'null']);
    }
    if (!states.size) this.layers.delete(key);
    return removed.length ? encode(removed) : null;
  }

  /** How many states are held: in all, and for one socket (memory stays bounded per socket). */
  size(socketId?: string): number {
    if (socketId !== undefined) return this.bySocket.get(socketId)?.size ?? 0;
    let n = 0;
    for (const states of this.layers.values()) n += states.size;
    return n;
  }

  private release(socketId: string, key: string, clientId: number): void {
    const held = this.bySocket.get(socketId);
    if (!held) return;
    held.delete(`${key}\n${clientId}`);
    if (!held.size) this.bySocket.delete(socketId);
  }

  /** Decodes the whole update first, so a bad entry anywhere refuses all of it. */
  private parse(update: Uint8Array): [number, number, Record<string, unknown> | null][] {
    try {
      const dec = decoding.createDecoder(update);
      const n = decoding.readVarUint(dec);
      if (n > MAX_ENTRIES) throw new AwarenessRefused('too_many_states');
      const out: [number, number, Record<string, unknown> | null][] = [];
      for (let i = 0; i < n; i++) {
        const clientId = decoding.readVarUint(dec);
        const clock = decoding.readVarUint(dec);
        const text = decoding.readVarString(dec);
        if (text.length > MAX_STATE_CHARS) throw new AwarenessRefused('state_too_large');
        const raw: unknown = JSON.parse(text);
        if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw)))
          throw new AwarenessRefused('malformed');
        // Other devices show what a state carries: its strings follow the same text rule as notes.
        if (raw !== null && checkAnnotationText(raw, MAX_STATE_CHARS))
          throw new AwarenessRefused('malformed');
        out.push([clientId, clock, raw as Record<string, unknown> | null]);
      }
      return out;
    } catch (err) {
      if (err instanceof AwarenessRefused) throw err;
      throw new AwarenessRefused('malformed');
    }
  }
}
