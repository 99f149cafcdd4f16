/**
 * Lets at most one pointer position through per interval for one socket and always delivers the
 * latest one (trailing edge), so a presenter's 100 moves a second become ~15 broadcasts and the
 * pointer still ends where the presenter left it. Each socket has its own, so one noisy sender
 * never delays anyone else's events.
 */
export class PointerThrottle<T> {
  private lastSent = -Infinity;
  private pending: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0 && this.timer === null) {
      this.lastSent = this.now();
      this.send(value);
      return;
    }
    this.pending = value;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  private flush(): void {
    this.timer = null;
    const value = this.pending;
    this.pending = null;
    if (value === null) return;
    this.lastSent = this.now();
    this.send(value);
  }

  /** Drops anything pending (the socket left). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
