import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, wholeNumberOf } from './dynamo-condition.ts';
import { WINDOW_EXPIRES_AT_ATTRIBUTE } from './dynamo-window-counter.ts';
import { type RateTableLayoutOptions, rateTableLayout } from './rate-table-layout.ts';
import { RateWindowError } from './rate-window-error.ts';
import {
  type BucketTake,
  type BucketTakeRequest,
  bucketStep,
  checkBucketRequest,
  highestTatFor,
  type TokenBucket,
} from './token-bucket.ts';

/** Attribute holding a bucket's theoretical arrival time (epoch ms). */
export const BUCKET_TAT_ATTRIBUTE = 'tat';

/**
 * The table layout (`sk = bucket` with a sort key, else the bucket is the partition key alone; prefix default
 * `rate-bucket#`) and the client.
 */
export interface DynamoTokenBucketOptions extends RateTableLayoutOptions {
  client: DynamoDBDocumentClient;
  /** Conditional writes lost to other writers before a take gives up for a moment (refused, short wait). Default 8. */
  maxConflicts?: number;
}

/**
 * The token bucket shared by every process using one table: one item per key holding its theoretical arrival
 * time. A take is one conditional `UpdateItem`: on an idle bucket `SET tat = now + cost × interval` if
 * `tat ≤ now`, on a busy one `ADD tat cost × interval` if `now < tat ≤ now + (burst - reserve - cost) × interval`.
 * A lost race returns the stored `tat` (or reads it) and is decided again, so concurrent takes together never
 * pass the bucket. `tat` only grows, so the last one seen is a safe guess for the next take: a take it refuses
 * is refused without asking DynamoDB. Items carry `expiresAt` (epoch seconds) for the table's TTL.
 */
export class DynamoTokenBucket implements TokenBucket {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #partitionKey: string;
  readonly #sortKey: string | undefined;
  readonly #keyPrefix: string;
  readonly #graceSeconds: number;
  readonly #maxConflicts: number;
  /** The highest `tat` seen per key (it never goes down in the table). Bounded: cleared past 1 000 keys. */
  readonly #seen = new Map<string, number>();

  constructor(options: DynamoTokenBucketOptions) {
    this.#client = options.client;
    const layout = rateTableLayout(options, 'rate-bucket#');
    this.#tableName = layout.tableName;
    this.#partitionKey = layout.partitionKey;
    this.#sortKey = layout.sortKey;
    this.#keyPrefix = layout.keyPrefix;
    this.#graceSeconds = layout.expiryGraceSeconds;
    this.#maxConflicts = options.maxConflicts ?? 8;
    if (!Number.isSafeInteger(this.#maxConflicts) || this.#maxConflicts < 1)
      throw new RateWindowError('maxConflicts', 'a positive integer', this.#maxConflicts);
  }

  /** The item key of one key's bucket, in the table's layout. */
  itemKey(key: string): Record<string, string> {
    const partition = `${this.#keyPrefix}${key}`;
    return this.#sortKey
      ? { [this.#partitionKey]: partition, [this.#sortKey]: 'bucket' }
      : { [this.#partitionKey]: partition };
  }

  async take(request: BucketTakeRequest): Promise<BucketTake> {
    const checked = checkBucketRequest(request);
    const Key = this.itemKey(checked.key);
    let known = this.#seen.get(checked.key) ?? 0;
    for (let conflict = 0; conflict < this.#maxConflicts; conflict++) {
      const step = bucketStep(known, checked);
      // The table's tat is at least `known`, so what `known` refuses the table refuses too.
      if (!step.granted) return { granted: false, tat: known, waitMs: step.waitMs };
      try {
        const tat = step.idle
          ? await this.#takeIdle(Key, checked, step.tat)
          : await this.#takeBusy(Key, checked);
        this.#remember(checked.key, tat);
        return { granted: true, tat, waitMs: 0 };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        known =
          wholeNumberOf((error as { Item?: Record<string, unknown> }).Item?.[BUCKET_TAT_ATTRIBUTE]) ??
          (await this.#readTat(Key));
        this.#remember(checked.key, known);
      }
    }
    // Lost every race: others are taking the tokens; come back after a short, spread-out pause.
    return {
      granted: false,
      tat: known,
      waitMs: 1 + Math.floor(Math.random() * Math.min(50, checked.intervalMs)),
    };
  }

  /** `tat ≤ now` (or no item): the bucket is full; it now runs from `now`. */
  async #takeIdle(
    Key: Record<string, string>,
    request: Required<BucketTakeRequest>,
    next: number,
  ): Promise<number> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key,
        UpdateExpression: 'SET #tat = :next, #expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#tat) OR #tat <= :now',
        ExpressionAttributeNames: { '#tat': BUCKET_TAT_ATTRIBUTE, '#expiresAt': WINDOW_EXPIRES_AT_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':next': next,
          ':now': request.nowMs,
          ':expiresAt': this.#expiresAt(next),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return next;
  }

  /** `now < tat ≤ highest`: room for `cost` more on top of what is already taken. */
  async #takeBusy(Key: Record<string, string>, request: Required<BucketTakeRequest>): Promise<number> {
    const increment = request.cost * request.intervalMs;
    const highest = highestTatFor(request);
    const answer = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key,
        UpdateExpression: 'ADD #tat :increment SET #expiresAt = :expiresAt',
        ConditionExpression: '#tat > :now AND #tat <= :highest',
        ExpressionAttributeNames: { '#tat': BUCKET_TAT_ATTRIBUTE, '#expiresAt': WINDOW_EXPIRES_AT_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':increment': increment,
          ':now': request.nowMs,
          ':highest': highest,
          ':expiresAt': this.#expiresAt(highest + increment),
        },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return wholeNumberOf(answer.Attributes?.[BUCKET_TAT_ATTRIBUTE]) ?? highest + increment;
  }

  async #readTat(Key: Record<string, string>): Promise<number> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key,
        ConsistentRead: true,
        ProjectionExpression: '#tat',
        ExpressionAttributeNames: { '#tat': BUCKET_TAT_ATTRIBUTE },
      }),
    );
    return wholeNumberOf(Item?.[BUCKET_TAT_ATTRIBUTE]) ?? 0;
  }

  #remember(key: string, tat: number): void {
    if (tat <= (this.#seen.get(key) ?? 0)) return;
    if (this.#seen.size >= 1_000 && !this.#seen.has(key)) this.#seen.clear();
    this.#seen.set(key, tat);
  }

  #expiresAt(tat: number): number {
    return Math.ceil(tat / 1000) + this.#graceSeconds;
  }
}
