import type { WindowCounter, WindowMs } from '../../runtime/rate-window/index.ts';
import { CashError } from '../errors/cash-error.ts';
import { checkCost, checkedLimit } from './rate-limit-checks.ts';
import { type Clock, type RateLimiter, realSleep, type Sleep } from './rate-limiter.ts';
import { waitForGrant } from './wait-for-grant.ts';

export interface WindowRateLimiterOptions {
  /** Where the window counts live: DynamoDB for writers in several Lambdas, memory for one process. */
  counter: WindowCounter;
  /** Requests per window for all writers together. Default 1. */
  limit?: number;
  /**
   * Fixed window length, 1 000 or 60 000 ms. Default 1 000. Fixed windows allow up to 2 × limit around a window
   * boundary, so 1-second windows with limit 1 keep any rolling minute at ≤ 61 (under CASH's 100), and 60-second
   * windows need limit ≤ 50 for the same guarantee.
   */
  windowMs?: WindowMs;
  /** Give up (CashRateLimitedError) rather than wait longer than this in total. Default 60 000 ms. */
  maxWaitMs?: number;
  now?: Clock;
  sleep?: Sleep;
}

/**
 * Waits for room in a fixed-window counter: takes `cost` from the current window, and when refused sleeps
 * until the window ends and tries again, for at most `maxWaitMs` in total.
 */
export class WindowRateLimiter implements RateLimiter {
  readonly #counter: WindowCounter;
  readonly #limit: number;
  readonly #windowMs: WindowMs;
  readonly #maxWaitMs: number;
  readonly #now: Clock;
  readonly #sleep: Sleep;

  constructor(options: WindowRateLimiterOptions) {
    this.#counter = options.counter;
    this.#limit = checkedLimit(options.limit ?? 1);
    this.#windowMs = options.windowMs ?? 1_000;
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    if (this.#windowMs !== 1_000 && this.#windowMs !== 60_000)
      throw new CashError(`rate limit window must be 1000 or 60000 ms, got ${this.#windowMs}`);
    if (!(this.#maxWaitMs >= 0)) throw new CashError(`maxWaitMs must be ≥ 0, got ${this.#maxWaitMs}`);
  }

  async acquire(key: string, cost = 1): Promise<void> {
    checkCost(cost, this.#limit);
    await waitForGrant(
      async (nowMs) => {
        const take = await this.#counter.take({
          key,
          cost,
          limit: this.#limit,
          windowMs: this.#windowMs,
          nowMs,
        });
        return { granted: take.granted, waitMs: take.resetMs };
      },
      { key, maxWaitMs: this.#maxWaitMs, now: this.#now, sleep: this.#sleep },
    );
  }
}
