import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoWindowCounter, RateWindowError } from '../../runtime/rate-window/index.ts';
import { CashError } from '../errors/cash-error.ts';
import type { Clock, Sleep } from './rate-limiter.ts';
import { WindowRateLimiter } from './window-rate-limiter.ts';

export interface DynamoRateLimiterOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Requests per window for all writers together. Default 1. */
  limit?: number;
  /**
   * Fixed window length, 1 000 or 60 000 ms. Default 1 000. Fixed windows allow up to 2 × limit around a window
   * boundary, so 1-second windows with limit 1 keep any rolling minute at ≤ 61 (under CASH's 100), and 60-second
   * windows need limit ≤ 50 for the same guarantee.
   */
  windowMs?: 1_000 | 60_000;
  /** Name of the table's sort key when it has one (generic `pk`/`sk` table); else the window goes into `pk`. */
  sortKey?: string;
  /** Give up (CashRateLimitedError) rather than wait longer than this in total. Default 60 000 ms. */
  maxWaitMs?: number;
  now?: Clock;
  sleep?: Sleep;
}

/**
 * Rate limiter shared by every Lambda writing with one API key: a DynamoWindowCounter item per key and fixed
 * window (`pk = rate-limit#<key>`, `sk = window#<start>`, or `pk = rate-limit#<key>#<start>` without a sort
 * key), so the writers together never exceed the limit per window. Items carry `expiresAt` for DynamoDB TTL.
 */
export class DynamoRateLimiter extends WindowRateLimiter {
  constructor(options: DynamoRateLimiterOptions) {
    const { client, tableName, sortKey, ...limits } = options;
    super({ ...limits, counter: windowCounter(client, tableName, sortKey) });
  }
}

function windowCounter(client: DynamoDBDocumentClient, tableName: string, sortKey: string | undefined) {
  try {
    return new DynamoWindowCounter({ client, tableName, sortKey, keyPrefix: 'rate-limit#' });
  } catch (error) {
    if (error instanceof RateWindowError) throw new CashError(error.message, { cause: error });
    throw error;
  }
}
