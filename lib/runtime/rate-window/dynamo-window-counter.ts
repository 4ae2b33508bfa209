import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { wholeNumberOf as countOf, isConditionFailure } from './dynamo-condition.ts';
import { rateTableLayout } from './rate-table-layout.ts';
import {
  checkTakeRequest,
  currentWindow,
  type WindowCounter,
  type WindowTake,
  type WindowTakeRequest,
} from './window-counter.ts';

/** Attribute holding the units counted in a window. */
export const WINDOW_COUNT_ATTRIBUTE = 'requests';
/** Attribute DynamoDB's TTL reads (epoch seconds); the stack's tables use `expiresAt`. */
export const WINDOW_EXPIRES_AT_ATTRIBUTE = 'expiresAt';

export interface DynamoWindowCounterOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Name of the partition key. Default `pk`. */
  partitionKey?: string;
  /**
   * Name of the sort key when the table has one (generic `pk`/`sk` table): then `pk = <prefix><key>` and
   * `sk = window#<start ms>`. Without it the window goes into the partition key: `pk = <prefix><key>#<start ms>`.
   */
  sortKey?: string;
  /** Keeps the counters apart from other items in a shared table. Default `rate-limit#`. */
  keyPrefix?: string;
  /** How long an item outlives its window before TTL may delete it. Default 3 600 s. */
  expiryGraceSeconds?: number;
}

/**
 * The fixed-window counter shared by every process using one table: one item per key and window, raised with
 * a conditional `UpdateItem … ADD`, so concurrent takes together never pass the limit and a refused take counts
 * nothing. Items carry `expiresAt` (epoch seconds) for the table's TTL.
 */
export class DynamoWindowCounter implements WindowCounter {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #partitionKey: string;
  readonly #sortKey: string | undefined;
  readonly #keyPrefix: string;
  readonly #graceSeconds: number;

  constructor(options: DynamoWindowCounterOptions) {
    this.#client = options.client;
    const layout = rateTableLayout(options, 'rate-limit#');
    this.#tableName = layout.tableName;
    this.#partitionKey = layout.partitionKey;
    this.#sortKey = layout.sortKey;
    this.#keyPrefix = layout.keyPrefix;
    this.#graceSeconds = layout.expiryGraceSeconds;
  }

  /** The item key of one key's window, in the table's layout. */
  itemKey(key: string, windowStart: number): Record<string, string> {
    const partition = `${this.#keyPrefix}${key}`;
    // The window start has no '#', so the last '#' splits a pk-only key unambiguously.
    return this.#sortKey
      ? { [this.#partitionKey]: partition, [this.#sortKey]: `window#${windowStart}` }
      : { [this.#partitionKey]: `${partition}#${windowStart}` };
  }

  async take(request: WindowTakeRequest): Promise<WindowTake> {
    const { key, cost, limit, windowMs, nowMs } = checkTakeRequest(request);
    const { windowStart, resetMs } = currentWindow(nowMs, windowMs);
    const Key = this.itemKey(key, windowStart);
    try {
      const answer = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key,
          UpdateExpression: 'ADD #count :cost SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :max',
          ExpressionAttributeNames: {
            '#count': WINDOW_COUNT_ATTRIBUTE,
            '#expiresAt': WINDOW_EXPIRES_AT_ATTRIBUTE,
          },
          ExpressionAttributeValues: {
            ':cost': cost,
            ':max': limit - cost,
            // A window later than the clock of the slowest writer may still be raised; keep it a while.
            ':expiresAt': Math.ceil((windowStart + 2 * windowMs) / 1000) + this.#graceSeconds,
          },
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const count = countOf(answer.Attributes?.[WINDOW_COUNT_ATTRIBUTE]) ?? cost;
      return { granted: true, count, windowStart, resetMs };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // DynamoDB returns the item with the refusal; emulators without ALL_OLD on failure need one read.
      const count =
        countOf((error as { Item?: Record<string, unknown> }).Item?.[WINDOW_COUNT_ATTRIBUTE]) ??
        (await this.#readCount(Key)) ??
        limit - cost + 1;
      return { granted: false, count, windowStart, resetMs };
    }
  }

  async #readCount(Key: Record<string, string>): Promise<number | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key,
        ConsistentRead: true,
        ProjectionExpression: '#count',
        ExpressionAttributeNames: { '#count': WINDOW_COUNT_ATTRIBUTE },
      }),
    );
    return countOf(Item?.[WINDOW_COUNT_ATTRIBUTE]);
  }
}
