/**
 * How long a hot path trusts a cached standing, meeting or document without hearing of a change.
 * Every change of rights (`accessChanged`, this process's or another's through Redis) drops the
 * cached entries it concerns at once; this only bounds the damage of a notice that never arrived.
 */
export const HOT_TTL_MS = 5000;
/**
 * An entry used in the last this-many ms of its life is read again in the background (after the
 * event-loop turn that used it), so a steady stream of page turns never waits for the store reads
 * of a refresh; what a caller gets is still never older than `HOT_TTL_MS`.
 */
export const HOT_REFRESH_MS = 1000;
/** Cached entries kept at most per kind (a bound on memory, never reached by a real meeting day). */
const HOT_MAX = 20_000;

/** One cached answer: `at` is when the oldest store read behind it began. */
export interface HotEntry<T> {
  at: number;
  meetingId: string;
  userId: string | null;
  value: T;
}

/** What an access change concerns (the gateway's `AccessChange`). */
export type AccessChangeScope = { kind: 'user'; userId: string } | { kind: 'meeting'; meetingId: string };

/** Reads an entry from the store (`ahead`: in the background, for an entry about to expire). */
export type HotRead<R> = (ahead: boolean, at: number) => Promise<R>;

/**
 * The access policy's small cache for the hot paths (page turns, ballots, annotation updates):
 * entries of a few kinds (`kind`), each dropped by the access changes that concern it (`forget`),
 * at most `HOT_TTL_MS` old, and read again ahead of their end while they are in use.
 */
export class HotCache {
  private readonly kinds = new Map<Map<string, HotEntry<unknown>>, Set<string>>();
  /** Bumped by every change: a read begun before it does not store its (older) answer. */
  private gen = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A new kind of entry, keyed as its user likes. */
  kind<T>(): Map<string, HotEntry<T>> {
    const map = new Map<string, HotEntry<T>>();
    // The set: keys of this kind being read again in the background.
    this.kinds.set(map, new Set());
    return map;
  }

  /**
   * The entry if it is younger than `HOT_TTL_MS`, else what `read` finds now (kept unless a change
   * came meanwhile; a null answer is not kept). In its last `HOT_REFRESH_MS` an entry is also read
   * again once in the background, after this event-loop turn.
   */
  get<T, R extends HotEntry<T> | null>(
    map: Map<string, HotEntry<T>>,
    key: string,
    read: HotRead<R>,
  ): Promise<R | HotEntry<T>> {
    const hit = map.get(key);
    const age = hit ? this.now() - hit.at : Infinity;
    if (!hit || age >= HOT_TTL_MS) return this.load(map, key, read, false);
    const refreshing = this.kinds.get(map);
    if (refreshing && age >= HOT_TTL_MS - HOT_REFRESH_MS && !refreshing.has(key)) {
      refreshing.add(key);
      setImmediate(() => {
        void this.load(map, key, read, true)
          .catch(() => undefined)
          .finally(() => refreshing.delete(key));
      });
    }
    return Promise.resolve(hit);
  }

  private async load<T, R extends HotEntry<T> | null>(
    map: Map<string, HotEntry<T>>,
    key: string,
    read: HotRead<R>,
    ahead: boolean,
  ): Promise<R> {
    const gen = this.gen;
    const entry = await read(ahead, this.now());
    if (entry && gen === this.gen) {
      if (map.size >= HOT_MAX) map.clear();
      map.set(key, entry);
    }
    return entry;
  }

  /**
   * Rights changed (a user's account or sessions, a meeting's details, participants, status or
   * documents): the cached entries it concerns are dropped, before anything else is re-checked.
   */
  forget(change: AccessChangeScope): void {
    this.gen++;
    for (const map of this.kinds.keys()) {
      for (const [key, e] of map) {
        if (change.kind === 'meeting' ? e.meetingId === change.meetingId : e.userId === change.userId)
          map.delete(key);
      }
    }
  }
}
