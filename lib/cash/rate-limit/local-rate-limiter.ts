import { checkCost, checkedLimit } from './rate-limit-checks.ts';
import { type Clock, type RateLimiter, realSleep, type Sleep } from './rate-limiter.ts';

export interface LocalRateLimiterOptions {
  /** Requests allowed in any window of `windowMs` (sliding). Default 100. */
  limit?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  now?: Clock;
  sleep?: Sleep;
}

/**
 * Sliding-window limiter inside one process: never more than `limit` requests in any `windowMs`. Right for
 * the CLI or a single writer; several Lambdas sharing a key need DynamoRateLimiter. Deliberately not a fixed
 * window (WindowRateLimiter over an InMemoryWindowCounter): that allows 2 × limit around a window boundary,
 * 200 in a rolling minute at the defaults, twice CASH's ~100.
 */
export class LocalRateLimiter implements RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: Clock;
  readonly #sleep: Sleep;
  readonly #sent = new Map<string, number[]>();

  constructor(options: LocalRateLimiterOptions = {}) {
    this.#limit = checkedLimit(options.limit ?? 100);
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
  }

  async acquire(key: string, cost = 1): Promise<void> {
    checkCost(cost, this.#limit);
    for (;;) {
      const now = this.#now();
      const sent = (this.#sent.get(key) ?? []).filter((t) => t > now - this.#windowMs);
      if (sent.length + cost <= this.#limit) {
        for (let i = 0; i < cost; i++) sent.push(now);
        this.#sent.set(key, sent);
        return;
      }
      this.#sent.set(key, sent);
      // Wait until enough of the oldest requests have left the window.
      const freeAt = (sent[sent.length + cost - this.#limit - 1] ?? now) + this.#windowMs;
      await this.#sleep(Math.max(1, freeAt - now));
    }
  }
}
