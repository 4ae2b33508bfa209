import { currentWindow, retryAfterSeconds } from '../runtime/rate-window/index.ts';
import { PARTNER_WINDOW_MS } from './counting-rate-limiter.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (the Retry-After value when refused). */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(keyId: string, limitPerMinute: number, now?: Date): Promise<RateDecision>;
}

/** The fixed one-minute window a moment falls in, and the seconds left in it (at least 1). */
export function fixedWindow(now: Date): { start: number; resetSeconds: number } {
  const { windowStart, resetMs } = currentWindow(now.getTime(), PARTNER_WINDOW_MS);
  return { start: windowStart, resetSeconds: retryAfterSeconds(resetMs) };
}

/** The decision after `hits` requests in a window were counted, the last one included. */
export function decide(hits: number, limit: number, resetSeconds: number): RateDecision {
  return { allowed: hits <= limit, limit, remaining: Math.max(0, limit - hits), resetSeconds };
}

export { CountingRateLimiter, PARTNER_WINDOW_MS } from './counting-rate-limiter.ts';
export { DynamoRateLimiter } from './dynamo-rate-limiter.ts';
export { InMemoryRateLimiter } from './in-memory-rate-limiter.ts';
