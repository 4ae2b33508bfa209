import { RateWindowError } from './rate-window-error.ts';
import { MAX_WINDOW_KEY_LENGTH } from './window-counter.ts';

/**
 * A token bucket in GCRA form (generic cell rate algorithm): one number per key, the theoretical arrival
 * time `tat`. Each request moves `tat` on by `intervalMs`; a request is let through when the new `tat` lies
 * at most `burst × intervalMs` ahead of now. Over any stretch of W ms that lets through at most
 * `burst + W / intervalMs` requests, and an idle bucket lets `burst` through at once.
 */
export interface BucketTakeRequest {
  /** Whose budget: an API key id, a hashed CASH key… */
  key: string;
  /** Units to take, 1 to `burst - reserve`. Default 1. */
  cost?: number;
  /** Units an idle bucket lets through at once: a positive safe integer. */
  burst: number;
  /** Milliseconds one unit takes to flow back in (60 000 / requests per minute), a positive whole number. */
  intervalMs: number;
  /**
   * Units this caller must leave in the bucket for others (0 to `burst - 1`), so background work such as a
   * mirror refresh never takes the last tokens a first booking needs. Default 0.
   */
  reserve?: number;
  /** The moment of the take, epoch milliseconds (fractions are dropped). */
  nowMs: number;
}

export interface BucketTake {
  /** True when `cost` was taken; a refused take changes nothing. */
  granted: boolean;
  /** The bucket's theoretical arrival time after this take (granted) or as it stood (refused). */
  tat: number;
  /** Milliseconds from `nowMs` until the same take would be granted (0 when granted). */
  waitMs: number;
}

/** A shared token bucket per key: takes `cost` units when the bucket holds them, else says how long to wait. */
export interface TokenBucket {
  take(request: BucketTakeRequest): Promise<BucketTake>;
}

/** What GCRA decides for one take against a bucket whose theoretical arrival time is `tat` (0 when new). */
export interface BucketStep {
  granted: boolean;
  /** The new theoretical arrival time when granted; the old one when refused. */
  tat: number;
  waitMs: number;
  /** Whether the bucket was idle (`tat ≤ now`): the new `tat` is then counted from now, else from the old `tat`. */
  idle: boolean;
}

/** The one rule every bucket store applies, so memory and DynamoDB agree to the millisecond. */
export function bucketStep(tat: number, request: Required<BucketTakeRequest>): BucketStep {
  const { cost, burst, intervalMs, reserve, nowMs } = request;
  const idle = tat <= nowMs;
  const next = (idle ? nowMs : tat) + cost * intervalMs;
  // The latest `tat` this caller may leave behind: `burst - reserve` units ahead of now.
  const allowAt = next - (burst - reserve) * intervalMs;
  if (allowAt <= nowMs) return { granted: true, tat: next, waitMs: 0, idle };
  return { granted: false, tat, waitMs: allowAt - nowMs, idle };
}

/** The highest `tat` a busy bucket may have for the take to fit (for a conditional write). */
export function highestTatFor(request: Required<BucketTakeRequest>): number {
  const { cost, burst, intervalMs, reserve, nowMs } = request;
  return nowMs + (burst - reserve - cost) * intervalMs;
}

/** Checks a take request and fills in the defaults; throws RateWindowError naming field, rule and value. */
export function checkBucketRequest(request: BucketTakeRequest): Required<BucketTakeRequest> {
  const { key, burst, intervalMs, nowMs } = request;
  const cost = request.cost ?? 1;
  const reserve = request.reserve ?? 0;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_WINDOW_KEY_LENGTH)
    throw new RateWindowError('key', `a string of 1 to ${MAX_WINDOW_KEY_LENGTH} characters`, key);
  if (!Number.isSafeInteger(burst) || burst < 1)
    throw new RateWindowError('burst', 'a positive integer', burst);
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 1 || intervalMs > 86_400_000)
    throw new RateWindowError('intervalMs', 'whole milliseconds from 1 to 86 400 000', intervalMs);
  if (!Number.isSafeInteger(reserve) || reserve < 0 || reserve >= burst)
    throw new RateWindowError('reserve', `a whole number from 0 to ${burst - 1}`, reserve);
  if (!Number.isSafeInteger(cost) || cost < 1 || cost > burst - reserve)
    throw new RateWindowError('cost', `a whole number from 1 to ${burst - reserve} (burst - reserve)`, cost);
  if (!Number.isFinite(nowMs) || nowMs < 0 || nowMs > Number.MAX_SAFE_INTEGER / 2)
    throw new RateWindowError('nowMs', 'epoch milliseconds (a finite number ≥ 0)', nowMs);
  return { key, cost, burst, intervalMs, reserve, nowMs: Math.floor(nowMs) };
}
