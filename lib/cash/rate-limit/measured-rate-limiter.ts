import type { RateLimiter } from './rate-limiter.ts';

/** What a MeasuredRateLimiter counted since its last `reset`. */
export interface RateLimiterUsage {
  /** Acquires that returned. */
  acquires: number;
  /** Milliseconds spent inside them (the limiter's own round trip plus any wait for tokens). */
  waitedMs: number;
  /** The longest single acquire. */
  longestMs: number;
}

/** Counts how long callers spend in another limiter, for the writer's per-batch timings. */
export class MeasuredRateLimiter implements RateLimiter {
  #usage: RateLimiterUsage = { acquires: 0, waitedMs: 0, longestMs: 0 };

  constructor(
    private readonly inner: RateLimiter,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async acquire(key: string, cost?: number): Promise<void> {
    const started = this.now();
    try {
      await this.inner.acquire(key, cost);
    } finally {
      const ms = this.now() - started;
      this.#usage = {
        acquires: this.#usage.acquires + 1,
        waitedMs: this.#usage.waitedMs + ms,
        longestMs: Math.max(this.#usage.longestMs, ms),
      };
    }
  }

  /** The usage so far, and a fresh count from now on. */
  reset(): RateLimiterUsage {
    const usage = this.#usage;
    this.#usage = { acquires: 0, waitedMs: 0, longestMs: 0 };
    return usage;
  }
}
