import { RateWindowError } from './rate-window-error.ts';

/**
 * Window lengths a counter accepts: per second (CASH writers sharing one API key) or per minute (partner API
 * keys, CASH's ~100 requests/min). Fixed windows line up with the epoch, so every process agrees on them.
 */
export type WindowMs = 1_000 | 60_000;

export const WINDOW_LENGTHS: readonly WindowMs[] = [1_000, 60_000];

/** Longest key a counter accepts; keeps the item key well under DynamoDB's 2 048-byte partition key. */
export const MAX_WINDOW_KEY_LENGTH = 1_024;

export interface WindowTakeRequest {
  /** Whose budget: an API key id, a hashed CASH key… */
  key: string;
  /** Units to take, 1 to `limit`. Default 1. */
  cost?: number;
  /** Units allowed per window for this key: a positive safe integer. */
  limit: number;
  windowMs: WindowMs;
  /** The moment of the take, epoch milliseconds (fractions are dropped). */
  nowMs: number;
}

export interface WindowTake {
  /** True when `cost` was counted; a refused take counts nothing. */
  granted: boolean;
  /** Units counted in the window after this take (granted) or as it stood (refused). */
  count: number;
  /** Epoch milliseconds at which the window began. */
  windowStart: number;
  /** Milliseconds from `nowMs` until the window ends and the budget is full again (1 to `windowMs`). */
  resetMs: number;
}

/** A fixed-window counter per key: takes `cost` units when the window still has room for all of them. */
export interface WindowCounter {
  take(request: WindowTakeRequest): Promise<WindowTake>;
}

/** The fixed window a moment falls in and the milliseconds left in it. */
export function currentWindow(nowMs: number, windowMs: WindowMs): { windowStart: number; resetMs: number } {
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  return { windowStart, resetMs: windowStart + windowMs - nowMs };
}

/** Whole seconds until a window ends, at least 1, for a Retry-After header (0 would invite an instant retry). */
export function retryAfterSeconds(resetMs: number): number {
  return Math.max(1, Math.ceil(resetMs / 1000));
}

/** Checks a take request and fills in the default cost; throws RateWindowError naming field, rule and value. */
export function checkTakeRequest(request: WindowTakeRequest): Required<WindowTakeRequest> {
  const { key, limit, windowMs, nowMs } = request;
  const cost = request.cost ?? 1;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_WINDOW_KEY_LENGTH)
    throw new RateWindowError('key', `a string of 1 to ${MAX_WINDOW_KEY_LENGTH} characters`, key);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RateWindowError('limit', 'a positive integer', limit);
  if (!Number.isSafeInteger(cost) || cost < 1 || cost > limit)
    throw new RateWindowError('cost', `a whole number from 1 to the limit ${limit}`, cost);
  if (!WINDOW_LENGTHS.includes(windowMs)) throw new RateWindowError('windowMs', '1000 or 60000', windowMs);
  if (!Number.isFinite(nowMs) || nowMs < 0 || nowMs > Number.MAX_SAFE_INTEGER)
    throw new RateWindowError('nowMs', 'epoch milliseconds (a finite number ≥ 0)', nowMs);
  // Whole milliseconds, so window arithmetic stays exact whatever clock the caller has.
  return { key, cost, limit, windowMs, nowMs: Math.floor(nowMs) };
}
