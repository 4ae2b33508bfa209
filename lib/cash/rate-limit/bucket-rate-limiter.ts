import type { TokenBucket } from '../../runtime/rate-window/index.ts';
import { CashError } from '../errors/cash-error.ts';
import { checkedLimit } from './rate-limit-checks.ts';
import { type Clock, type RateLimiter, realSleep, type Sleep } from './rate-limiter.ts';
import { waitForGrant } from './wait-for-grant.ts';

export interface BucketRateLimiterOptions {
  /** Where the buckets live: DynamoDB for writers in several Lambdas, memory for one process. */
  bucket: TokenBucket;
  /** Requests an idle key lets through at once. Default 20. */
  burst?: number;
  /**
   * Requests per minute that flow back in. Default 60. Any rolling minute then holds at most
   * `burst + requestsPerMinute` requests of all limiters sharing the bucket (80 at the defaults, under CASH's 100).
   */
  requestsPerMinute?: number;
  /** Tokens this limiter leaves for others (0 to burst − 1), e.g. a mirror refresh leaving room for bookings. Default 0. */
  reserve?: number;
  /** Give up (CashRateLimitedError) rather than wait longer than this in total. Default 60 000 ms. */
  maxWaitMs?: number;
  now?: Clock;
  sleep?: Sleep;
}

/**
 * Waits for tokens in a shared token bucket (GCRA): a single request on an idle key goes through at once,
 * a run of them is spread at the bucket's rate. Unlike fixed windows it never makes the second call of an
 * event wait for a window boundary.
 */
export class BucketRateLimiter implements RateLimiter {
  readonly #bucket: TokenBucket;
  readonly #burst: number;
  readonly #intervalMs: number;
  readonly #reserve: number;
  readonly #maxWaitMs: number;
  readonly #now: Clock;
  readonly #sleep: Sleep;

  constructor(options: BucketRateLimiterOptions) {
    this.#bucket = options.bucket;
    this.#burst = checkedLimit(options.burst ?? 20);
    const perMinute = checkedLimit(options.requestsPerMinute ?? 60);
    // Rounded up: a slightly slower refill never lets more through than promised.
    this.#intervalMs = Math.ceil(60_000 / perMinute);
    this.#reserve = options.reserve ?? 0;
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    if (!Number.isSafeInteger(this.#reserve) || this.#reserve < 0 || this.#reserve >= this.#burst)
      throw new CashError(
        `reserve must be a whole number from 0 to ${this.#burst - 1}, got ${this.#reserve}`,
      );
    if (!(this.#maxWaitMs >= 0)) throw new CashError(`maxWaitMs must be ≥ 0, got ${this.#maxWaitMs}`);
  }

  async acquire(key: string, cost = 1): Promise<void> {
    if (!Number.isInteger(cost) || cost < 1 || cost > this.#burst - this.#reserve) {
      throw new CashError(`cost ${cost} must be a whole number between 1 and ${this.#burst - this.#reserve}`);
    }
    await waitForGrant((nowMs) => this.#bucket.take(this.#request(key, cost, nowMs)), {
      key,
      maxWaitMs: this.#maxWaitMs,
      now: this.#now,
      sleep: this.#sleep,
    });
  }

  #request(key: string, cost: number, nowMs: number) {
    return { key, cost, burst: this.#burst, intervalMs: this.#intervalMs, reserve: this.#reserve, nowMs };
  }
}
