/** Failures remembered per key within a sliding window. */
interface Failures {
  times: number[];
}

export interface ThrottleLimits {
  maxFailures: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

/** Keys kept at most; beyond that the oldest are dropped so an attacker cannot exhaust memory. */
const MAX_KEYS = 100_000;

/**
 * Login throttling per account and per client address. After `maxFailures` failed sign-ins on
 * one account (or `maxFailuresPerIp` from one address) within the window, further attempts are
 * refused without checking the password until the oldest failure leaves the window.
 */
export class LoginThrottle {
  private readonly byKey = new Map<string, Failures>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number,
  ) {}

  /** Seconds to wait before another attempt, or 0 when an attempt is allowed now. */
  retryAfterSeconds(username: string, ip: string): number {
    const account = this.waitMs(`u:${username}`, this.limits.maxFailures);
    const address = this.waitMs(`ip:${ip}`, this.limits.maxFailuresPerIp);
    return Math.ceil(Math.max(account, address) / 1000);
  }

  recordFailure(username: string, ip: string): void {
    this.push(`u:${username}`);
    this.push(`ip:${ip}`);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  recordSuccess(username: string): void {
    this.byKey.delete(`u:${username}`);
  }

  private recent(key: string): number[] {
    const entry = this.byKey.get(key);
    if (!entry) return [];
    const cutoff = this.now() - this.limits.windowMs;
    entry.times = entry.times.filter((t) => t > cutoff);
    if (entry.times.length === 0) this.byKey.delete(key);
    return entry.times;
  }

  private waitMs(key: string, max: number): number {
    const times = this.recent(key);
    if (times.length < max) return 0;
    // The attempt is allowed again once enough failures have aged out of the window.
    const unlockAt = (times[times.length - max] ?? this.now()) + this.limits.windowMs;
    return Math.max(0, unlockAt - this.now());
  }

  private push(key: string): void {
    const times = this.recent(key);
    if (times.length === 0) {
      if (this.byKey.size >= MAX_KEYS) {
        const oldest = this.byKey.keys().next();
        if (!oldest.done) this.byKey.delete(oldest.value);
      }
      this.byKey.set(key, { times: [this.now()] });
      return;
    }
    times.push(this.now());
    // Only the newest failures matter for the decision; cap what is kept.
    if (times.length > 1000) times.splice(0, times.length - 1000);
  }
}
