import { retryAfterSeconds, type WindowCounter } from '../runtime/rate-window/index.ts';
import type { RateDecision, RateLimiter } from './rate-limiter.ts';

/** Partner API keys are limited per fixed minute. */
export const PARTNER_WINDOW_MS = 60_000;

/**
 * Refuses rather than waits: takes one request from the key's current minute in a window counter and turns
 * the answer into a RateDecision (the RateLimit-* and Retry-After headers). A refused request is not counted,
 * so a client hammering through its 429s gets its full budget back in the next minute.
 */
export class CountingRateLimiter implements RateLimiter {
  readonly #counter: WindowCounter;

  constructor(counter: WindowCounter) {
    this.#counter = counter;
  }

  async consume(keyId: string, limitPerMinute: number, now = new Date()): Promise<RateDecision> {
    const take = await this.#counter.take({
      key: keyId,
      limit: limitPerMinute,
      windowMs: PARTNER_WINDOW_MS,
      nowMs: now.getTime(),
    });
    return {
      allowed: take.granted,
      limit: limitPerMinute,
      // Granted: what is left after this request. Refused: the window is full (count ≥ limit), so 0.
      remaining: Math.max(0, limitPerMinute - take.count),
      resetSeconds: retryAfterSeconds(take.resetMs),
    };
  }
}
