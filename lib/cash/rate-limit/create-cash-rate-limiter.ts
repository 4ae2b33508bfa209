import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTokenBucket } from '../../runtime/rate-window/index.ts';
import { BucketRateLimiter } from './bucket-rate-limiter.ts';
import { CashRateLimitSettings, type CashRateLimitSettingsInput } from './cash-rate-limit-settings.ts';
import { DynamoRateLimiter } from './dynamo-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface CashRateLimiterTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The table's sort key, when it has one (the mirror table: `sk`). */
  sortKey?: string;
}

/**
 * The limiter every CASH client of a tenant uses, shared through one DynamoDB table. `background` callers
 * (cash-sync) leave the settings' `syncReserve` tokens for the writer.
 */
export function createCashRateLimiter(
  input: CashRateLimitSettingsInput | undefined,
  table: CashRateLimiterTable,
  role: 'writer' | 'background' = 'writer',
): RateLimiter {
  const settings = CashRateLimitSettings.parse(input ?? {});
  const { client, tableName, sortKey } = table;
  if (settings.algorithm === 'fixed-window')
    return new DynamoRateLimiter({
      client,
      tableName,
      sortKey,
      limit: 1,
      windowMs: 1_000,
      maxWaitMs: settings.maxWaitMs,
    });
  return new BucketRateLimiter({
    bucket: new DynamoTokenBucket({ client, tableName, ...(sortKey ? { sortKey } : {}) }),
    burst: settings.burst,
    requestsPerMinute: settings.requestsPerMinute,
    reserve: role === 'background' ? settings.syncReserve : 0,
    maxWaitMs: settings.maxWaitMs,
  });
}
