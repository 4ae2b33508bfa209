import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CashError } from '../errors/cash-error.ts';
import { CashRateLimitedError } from '../errors/cash-rate-limited-error.ts';
import { type Clock, type RateLimiter, realSleep, type Sleep } from './rate-limiter.ts';

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
 * Rate limiter shared by every Lambda writing with one API key: one counter item per key and fixed window,
 * raised with a conditional `UpdateItem … ADD`, so the writers together never exceed the limit per window.
 * Items carry `expiresAt` (epoch seconds) for DynamoDB TTL.
 */
export class DynamoRateLimiter implements RateLimiter {
  readonly #options: DynamoRateLimiterOptions;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: Clock;
  readonly #sleep: Sleep;

  constructor(options: DynamoRateLimiterOptions) {
    this.#options = options;
    this.#limit = options.limit ?? 1;
    this.#windowMs = options.windowMs ?? 1_000;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    if (!Number.isInteger(this.#limit) || this.#limit < 1)
      throw new CashError(`rate limit must be a positive integer, got ${this.#limit}`);
  }

  #key(key: string, windowStart: number): Record<string, string> {
    const { sortKey } = this.#options;
    return sortKey
      ? { pk: `rate-limit#${key}`, [sortKey]: `window#${windowStart}` }
      : { pk: `rate-limit#${key}#${windowStart}` };
  }

  /** Tries to take `cost` from the current window; true when granted. */
  async #take(key: string, cost: number, windowStart: number): Promise<boolean> {
    try {
      await this.#options.client.send(
        new UpdateCommand({
          TableName: this.#options.tableName,
          Key: this.#key(key, windowStart),
          UpdateExpression: 'ADD #count :cost SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :max',
          ExpressionAttributeNames: { '#count': 'requests', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':cost': cost,
            ':max': this.#limit - cost,
            ':expiresAt': Math.ceil((windowStart + 2 * this.#windowMs) / 1000) + 3600,
          },
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as { name?: string }).name === 'ConditionalCheckFailedException'
      ) {
        return false;
      }
      throw error;
    }
  }

  async acquire(key: string, cost = 1): Promise<void> {
    if (!Number.isInteger(cost) || cost < 1 || cost > this.#limit) {
      throw new CashError(`cost ${cost} must be a whole number between 1 and the limit ${this.#limit}`);
    }
    const started = this.#now();
    const maxWaitMs = this.#options.maxWaitMs ?? 60_000;
    for (;;) {
      const now = this.#now();
      const windowStart = Math.floor(now / this.#windowMs) * this.#windowMs;
      if (await this.#take(key, cost, windowStart)) return;
      const waitMs = windowStart + this.#windowMs - now;
      if (now + waitMs - started > maxWaitMs) {
        throw new CashRateLimitedError(
          `rate limit for ${key} exhausted for longer than ${maxWaitMs} ms`,
          waitMs,
        );
      }
      await this.#sleep(Math.max(1, waitMs));
    }
  }
}
