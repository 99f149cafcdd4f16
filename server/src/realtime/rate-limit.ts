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
 * The socket event budget per user, shared by all of that user's devices (and, with Redis, all
 * processes), so opening more tabs or reaching another process buys nothing: `burst` events per
 * window of about `burst / perSecond` seconds.
 */
export class EventLimits {
  private readonly limiter: RateLimiterAbstract;

  constructor(make: LimiterFactory, perSecond: number, burst: number) {
    this.limiter = make('events', burst, Math.max(1, Math.round(burst / perSecond)));
  }

  /** Takes one event from the user's budget; false when it is spent. */
  async take(userId: string): Promise<boolean> {
    try {
      await this.limiter.consume(userId);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }
}
