/**
 * Per-key sliding-window limiter: at most `limit` requests in any `windowMs` (CASH: 100 per minute per API key).
 * Refused requests do not count, so a client that waits `Retry-After` gets in.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a hit at `now` when allowed; otherwise returns the whole seconds to wait (Retry-After). */
  take(key: string, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (this.limit <= 0) return { allowed: true };
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      // The oldest hit in the window leaves it at oldest + windowMs.
      const oldest = recent[0] as number;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  reset(): void {
    this.hits.clear();
  }
}
