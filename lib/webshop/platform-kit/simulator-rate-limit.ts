/** A fixed-window request counter per credential, as a simulator's rate limit. */
export class SimulatorRateLimit {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request; answers the milliseconds to wait when over the limit, else undefined. */
  take(): { remaining: number; waitMs?: number } {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    if (this.count > this.limit) return { remaining: 0, waitMs: this.windowStart + this.windowMs - now };
    return { remaining: this.limit - this.count };
  }
}
