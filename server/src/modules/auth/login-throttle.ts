import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../../realtime/rate-limit.js';

export interface ThrottleLimits {
  maxFailures: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

/**
 * Login throttling per account and per client address. After `maxFailures` failed sign-ins on
 * one account (or `maxFailuresPerIp` from one address) within a window, further attempts are
 * refused without checking the password until the window ends.
 *
 * The counts live in the limiter store (Redis when REDIS_URL is set, so failures on one server
 * process count on every other; memory otherwise, where keys expire with their window). Windows
 * are numbered from the server's clock, so a test clock moved forward opens the next window.
 */
export class LoginThrottle {
  private readonly account: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;
  private readonly windowSeconds: number;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number,
    make: LimiterFactory,
  ) {
    this.windowSeconds = Math.max(1, Math.ceil(limits.windowMs / 1000));
    // The store keeps each window's count a little longer than the window (its key names the window).
    this.account = make('login:u', limits.maxFailures, this.windowSeconds + 1);
    this.address = make('login:ip', limits.maxFailuresPerIp, this.windowSeconds + 1);
  }

  /** Seconds to wait before another attempt, or 0 when an attempt is allowed now. */
  async retryAfterSeconds(username: string, ip: string): Promise<number> {
    const [u, a] = await Promise.all([this.account.get(this.key(username)), this.address.get(this.key(ip))]);
    const blocked =
      (u?.consumedPoints ?? 0) >= this.limits.maxFailures ||
      (a?.consumedPoints ?? 0) >= this.limits.maxFailuresPerIp;
    if (!blocked) return 0;
    const windowMs = this.windowSeconds * 1000;
    return Math.max(1, Math.ceil((windowMs - (this.now() % windowMs)) / 1000));
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await Promise.all([this.account.penalty(this.key(username)), this.address.penalty(this.key(ip))]);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  async recordSuccess(username: string): Promise<void> {
    await this.account.delete(this.key(username));
  }

  private key(who: string): string {
    return `${Math.floor(this.now() / (this.windowSeconds * 1000))}:${who}`;
  }
}
