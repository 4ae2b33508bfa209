/**
 * Failed sign-ins per submitted username in a sliding window (default 10 a minute), counted alike for
 * known and unknown names so the limit tells nothing about who exists. Memory is bounded: the oldest
 * names are forgotten first past `maxNames`.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly maxNames = 10_000,
  ) {}

  /** Whether another attempt for `username` is allowed at `now`. */
  allowed(username: string, now: number): boolean {
    return this.recent(username, now).length < this.limit;
  }

  recordFailure(username: string, now: number): void {
    const key = username.trim().toLowerCase();
    const times = this.recent(key, now);
    times.push(now);
    this.failures.delete(key);
    this.failures.set(key, times);
    while (this.failures.size > this.maxNames) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  recordSuccess(username: string): void {
    this.failures.delete(username.trim().toLowerCase());
  }

  private recent(username: string, now: number): number[] {
    const key = username.trim().toLowerCase();
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }
}
