import { CashError } from '../errors/cash-error.ts';

/** A limiter's `limit`: a positive safe integer, or a CashError naming the value. */
export function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new CashError(`rate limit must be a positive integer, got ${limit}`);
  return limit;
}

/** The `cost` of one `acquire`: whole requests, and never more than fit in one window (it would wait forever). */
export function checkCost(cost: number, limit: number): void {
  if (!Number.isInteger(cost) || cost < 1 || cost > limit) {
    throw new CashError(`cost ${cost} must be a whole number between 1 and the limit ${limit}`);
  }
}
