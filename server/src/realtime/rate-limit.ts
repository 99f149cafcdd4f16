import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RedisClient } from './redis-adapter.js';

/** Makes a named limiter: `points` per `durationSeconds` per key. */
export type LimiterFactory = (name: string, points: number, durationSeconds: number) => RateLimiterAbstract;

/**
 * Limiters shared by every server process through Redis when REDIS_URL is set (each process
 * counts against the same keys), in this process's memory otherwise. Both stores expire a key when
 * its window ends, so the keys of people who left do not stay. If Redis fails for a moment, a
 * process falls back to counting in its own memory rather than refusing everyone.
 */
export function limiterFactory(redis: RedisClient | null): LimiterFactory {
  return (name, points, durationSeconds) => {
    const opts = { keyPrefix: `icabinet:rl:${name}`, points, duration: durationSeconds };
    if (!redis) return new RateLimiterMemory(opts);
    return new RateLimiterRedis({
      ...opts,
      storeClient: redis,
      useRedisPackage: true,
      insuranceLimiter: new RateLimiterMemory(opts),
    });
  };
}

/**
 * Counts in this process's memory, answering at once: `points` per window of `durationSeconds`
 * per key, a window starting with a key's first event (as `RateLimiterMemory` counts). Every
 * socket event passes here before anything else, so the count is a map lookup, not a promise; a
 * key whose window ended is swept at most once a window, so the keys of people who left go.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { used: number; endsAt: number }>();
  private readonly durationMs: number;
  private nextSweep: number;

  constructor(
    private readonly points: number,
    durationSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.durationMs = durationSeconds * 1000;
    this.nextSweep = this.now() + this.durationMs;
  }

  /** Takes one point from the key's window; false when the window's points are spent. */
  take(key: string): boolean {
    const at = this.now();
    if (at >= this.nextSweep) this.sweep(at);
    const w = this.windows.get(key);
    if (!w || at >= w.endsAt) {
      this.windows.set(key, { used: 1, endsAt: at + this.durationMs });
      return this.points >= 1;
    }
    return ++w.used <= this.points;
  }

  /** How many keys have a window running (for tests: the keys of people who left are swept). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(at: number): void {
    for (const [key, w] of this.windows) if (at >= w.endsAt) this.windows.delete(key);
    this.nextSweep = at + this.durationMs;
  }
}

/**
 * The socket event budget per user, shared by all of that user's devices (and, with Redis, all
 * processes), so opening more tabs or reaching another process buys nothing: `burst` events per
 * window of about `burst / perSecond` seconds. Counted in memory (one process), `take` answers at
 * once; through Redis it answers with a promise.
 */
export class EventLimits {
  /** The count in this process's memory, or the shared store's limiter (Redis). */
  private readonly counter: WindowCounter | RateLimiterAbstract;

  constructor(make: LimiterFactory, perSecond: number, burst: number) {
    const seconds = Math.max(1, Math.round(burst / perSecond));
    const limiter = make('events', burst, seconds);
    this.counter = limiter instanceof RateLimiterMemory ? new WindowCounter(burst, seconds) : limiter;
  }

  /** Takes one event from the user's budget; false when it is spent. */
  take(userId: string): boolean | Promise<boolean> {
    const c = this.counter;
    return c instanceof WindowCounter ? c.take(userId) : EventLimits.shared(c, userId);
  }

  private static async shared(limiter: RateLimiterAbstract, userId: string): Promise<boolean> {
    try {
      await limiter.consume(userId);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }
}
