import {
  CashBucketDirectory,
  type CashRateLimiterTable,
  CashRateLimitSettings,
  type CashRateLimitSettingsInput,
} from '../../cash/rate-limit/index.ts';
import type { CashBudgetReader } from './overview-sources.ts';
import { TokenBucketBudget } from './token-bucket-budget.ts';

/**
 * The overview's reader of the CASH limiter the writer and cash-sync share (`createCashRateLimiter` with
 * the tenant's `cashRateLimit`, in the same table): each administration's bucket found through the
 * `CashBucketDirectory` the writer and sync keep, burst and rate from the same settings. None for the
 * `fixed-window` algorithm (no bucket to read): the overview then says the budget is unknown.
 */
export function cashLimiterBudget(
  settings: CashRateLimitSettingsInput | undefined,
  table: CashRateLimiterTable,
): CashBudgetReader | undefined {
  const parsed = CashRateLimitSettings.parse(settings ?? {});
  if (parsed.algorithm !== 'token-bucket') return undefined;
  const directory = new CashBucketDirectory(table);
  return new TokenBucketBudget({
    client: table.client,
    tableName: table.tableName,
    itemKey: (administration) => directory.bucketItemKey(administration),
    burst: parsed.burst,
    requestsPerMinute: parsed.requestsPerMinute,
  });
}
