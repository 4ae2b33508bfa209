import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { BucketRateLimiter, createCashRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { ensureTable } from '../../../lib/local/provision.ts';
import {
  type BucketTakeRequest,
  DynamoTokenBucket,
  type TokenBucket,
} from '../../../lib/runtime/rate-window/index.ts';
import { type TestResources, testResources } from '../helpers.ts';

const T0 = Date.UTC(2026, 3, 1, 10, 0, 0);

let res: TestResources;
let pkOnlyTable: string;

beforeAll(async () => {
  res = await testResources();
  pkOnlyTable = `bucket-pk-${randomUUID().slice(0, 8)}`;
  await ensureTable(res.clients.dynamo, {
    TableName: pkOnlyTable,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });
});

/** A bucket that notes the moment (`nowMs`) of every granted take: the moments the algorithm vouches for. */
function recording(inner: TokenBucket, grants: Array<{ at: number; cost: number }>): TokenBucket {
  return {
    async take(request: BucketTakeRequest) {
      const take = await inner.take(request);
      if (take.granted) grants.push({ at: Math.floor(request.nowMs), cost: request.cost ?? 1 });
      return take;
    },
  };
}

/** The most units granted in any closed stretch of `windowMs`. */
function busiest(grants: Array<{ at: number; cost: number }>, windowMs: number): number {
  const sorted = [...grants].sort((a, b) => a.at - b.at);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let sum = 0;
    for (
      let j = i;
      j < sorted.length && (sorted[j] as { at: number }).at <= (sorted[i] as { at: number }).at + windowMs;
      j++
    )
      sum += (sorted[j] as { cost: number }).cost;
    most = Math.max(most, sum);
  }
  return most;
}

describe('Class: DynamoTokenBucket (dynalite)', () => {
  it.each([
    ['a generic pk/sk table', () => ({ tableName: res.mirrorTable, sortKey: 'sk' })],
    ['a pk-only table', () => ({ tableName: pkOnlyTable })],
  ])('grants exactly the burst to concurrent takes on %s, with a TTL on the item', async (_name, layout) => {
    // Prepare: twelve Lambdas, each with its own bucket object, taking at one moment.
    const buckets = Array.from(
      { length: 12 },
      () => new DynamoTokenBucket({ client: res.clients.documents, ...layout() }),
    );
    const key = `key-${randomUUID()}`;
    // Act
    const takes = await Promise.all(
      buckets.map((bucket) => bucket.take({ key, burst: 5, intervalMs: 1_000, nowMs: T0 })),
    );
    // Assess
    expect(takes.filter((take) => take.granted)).toHaveLength(5);
    for (const take of takes.filter((t) => !t.granted)) expect(take.waitMs).toBeGreaterThan(0);
    const { Item } = await res.clients.documents.send(
      new GetCommand({
        TableName: layout().tableName,
        Key: (buckets[0] as DynamoTokenBucket).itemKey(key),
        ConsistentRead: true,
      }),
    );
    expect(Item?.tat).toBe(T0 + 5_000);
    expect(Item?.expiresAt).toBe((T0 + 5_000) / 1000 + 3_600);
  });

  it('refills at the interval: a bucket drained at T0 grants one more a second later', async () => {
    // Prepare
    const bucket = new DynamoTokenBucket({
      client: res.clients.documents,
      tableName: res.mirrorTable,
      sortKey: 'sk',
    });
    const key = `key-${randomUUID()}`;
    const request = { key, burst: 2, intervalMs: 1_000 };
    await bucket.take({ ...request, cost: 2, nowMs: T0 });
    // Act
    const early = await bucket.take({ ...request, nowMs: T0 + 999 });
    const onTime = await bucket.take({ ...request, nowMs: T0 + 1_000 });
    // Assess
    expect(early).toMatchObject({ granted: false, waitMs: 1 });
    expect(onTime).toMatchObject({ granted: true, tat: T0 + 3_000 });
  });
});

describe('Class: BucketRateLimiter over DynamoDB', () => {
  it('keeps five racing limiters within burst + stretch / interval on the real clock', async () => {
    // Prepare: burst 4, 1 200 per minute (one per 50 ms), five limiters for 1.2 s.
    const grants: Array<{ at: number; cost: number }> = [];
    const key = `key-${randomUUID()}`;
    const limiters = Array.from(
      { length: 5 },
      () =>
        new BucketRateLimiter({
          bucket: recording(
            new DynamoTokenBucket({
              client: res.clients.documents,
              tableName: res.mirrorTable,
              sortKey: 'sk',
            }),
            grants,
          ),
          burst: 4,
          requestsPerMinute: 1_200,
        }),
    );
    const until = Date.now() + 1_200;
    // Act
    await Promise.all(
      limiters.map(async (limiter) => {
        while (Date.now() < until) await limiter.acquire(key);
      }),
    );
    // Assess
    expect(grants.length).toBeGreaterThan(10);
    for (const stretch of [0, 100, 500, 1_000])
      expect(busiest(grants, stretch)).toBeLessThanOrEqual(4 + stretch / 50);
  });

  it('lets the first calls after start through at once even when cash-sync used its share (reserve)', async () => {
    // Prepare: the defaults (burst 20, sync leaves 5); cash-sync reads 15 times at start-up.
    const table = { client: res.clients.documents, tableName: res.mirrorTable, sortKey: 'sk' };
    const sync = createCashRateLimiter({}, table, 'background');
    const writer = createCashRateLimiter({}, table, 'writer');
    const key = `key-${randomUUID()}`;
    for (let i = 0; i < 15; i++) await sync.acquire(key);
    const syncBlocked = sync.acquire(key);
    // Act
    const started = Date.now();
    for (let i = 0; i < 3; i++) await writer.acquire(key);
    const writerMs = Date.now() - started;
    // Assess
    expect(writerMs).toBeLessThan(500);
    await syncBlocked;
  });
});
