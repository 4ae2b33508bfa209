import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../lib/local/provision.ts';
import { DynamoRateLimiter } from '../../../lib/partner-api/index.ts';
import {
  DynamoWindowCounter,
  type DynamoWindowCounterOptions,
  RateWindowError,
} from '../../../lib/runtime/rate-window/index.ts';
import { type TestResources, testResources } from '../helpers.ts';

const T0 = Date.UTC(2026, 3, 1, 10, 0, 0); // on a minute boundary

let res: TestResources;
let pkOnlyTable: string;

beforeAll(async () => {
  res = await testResources();
  pkOnlyTable = `rate-pk-${randomUUID().slice(0, 8)}`;
  await ensureTable(res.clients.dynamo, {
    TableName: pkOnlyTable,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });
});

/** The table and key layout of each case, resolved once the tables exist. */
const layouts: Array<[string, () => Omit<DynamoWindowCounterOptions, 'client'>]> = [
  ['a generic pk/sk table', () => ({ tableName: res.documentsTable, sortKey: 'sk' })],
  ['a pk-only table', () => ({ tableName: pkOnlyTable })],
  ['a table keyed by `id`', () => ({ tableName: res.idempotencyTable, partitionKey: 'id' })],
];

function counterFor(layout: () => Omit<DynamoWindowCounterOptions, 'client'>): DynamoWindowCounter {
  return new DynamoWindowCounter({ client: res.clients.documents, ...layout() });
}

describe('Class: DynamoWindowCounter', () => {
  it.each(layouts)(
    'grants exactly the limit to concurrent takes on %s and counts no refusal',
    async (_name, layout) => {
      // Prepare: twelve takes at once, as from twelve Lambdas sharing one key.
      const counter = counterFor(layout);
      const key = `key-${randomUUID()}`;
      // Act
      const takes = await Promise.all(
        Array.from({ length: 12 }, () =>
          counter.take({ key, limit: 5, windowMs: 60_000, nowMs: T0 + 1_500 }),
        ),
      );
      // Assess
      const granted = takes.filter((take) => take.granted);
      expect(granted.map((take) => take.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      for (const take of takes) {
        expect(take).toMatchObject({ windowStart: T0, resetMs: 58_500 });
        if (!take.granted) expect(take.count).toBe(5);
      }
      const { tableName } = layout();
      const { Item } = await res.clients.documents.send(
        new GetCommand({ TableName: tableName, Key: counter.itemKey(key, T0), ConsistentRead: true }),
      );
      expect(Item?.requests).toBe(5);
      expect(Item?.expiresAt).toBeGreaterThanOrEqual((T0 + 60_000) / 1000);
    },
  );

  it.each(layouts)('starts over in the next window on %s', async (_name, layout) => {
    // Prepare
    const counter = counterFor(layout);
    const key = `key-${randomUUID()}`;
    await counter.take({ key, cost: 2, limit: 2, windowMs: 1_000, nowMs: T0 + 999 });
    // Act
    const sameWindow = await counter.take({ key, limit: 2, windowMs: 1_000, nowMs: T0 + 999 });
    const nextWindow = await counter.take({ key, cost: 2, limit: 2, windowMs: 1_000, nowMs: T0 + 1_000 });
    // Assess
    expect(sameWindow).toEqual({ granted: false, count: 2, windowStart: T0, resetMs: 1 });
    expect(nextWindow).toEqual({ granted: true, count: 2, windowStart: T0 + 1_000, resetMs: 1_000 });
  });

  it('refuses a cost that does not fit while a smaller one still does', async () => {
    // Prepare
    const counter = counterFor(layouts[0]?.[1] as () => Omit<DynamoWindowCounterOptions, 'client'>);
    const key = `key-${randomUUID()}`;
    await counter.take({ key, cost: 3, limit: 5, windowMs: 60_000, nowMs: T0 });
    // Act
    const tooBig = await counter.take({ key, cost: 3, limit: 5, windowMs: 60_000, nowMs: T0 });
    const fits = await counter.take({ key, cost: 2, limit: 5, windowMs: 60_000, nowMs: T0 });
    // Assess
    expect(tooBig).toMatchObject({ granted: false, count: 3 });
    expect(fits).toMatchObject({ granted: true, count: 5 });
  });

  it('keeps keys apart that a naive pk-only layout could confuse', async () => {
    // Prepare: `a#1` in one window and `a` in another must not share an item.
    const counter = counterFor(layouts[1]?.[1] as () => Omit<DynamoWindowCounterOptions, 'client'>);
    const base = `key-${randomUUID()}`;
    await counter.take({ key: `${base}#${T0}`, limit: 1, windowMs: 1_000, nowMs: T0 });
    // Act
    const other = await counter.take({ key: base, limit: 1, windowMs: 1_000, nowMs: T0 });
    // Assess
    expect(other.granted).toBe(true);
  });

  it('refuses a bad request before touching the table', async () => {
    // Prepare
    const counter = new DynamoWindowCounter({ client: res.clients.documents, tableName: 'no-such-table' });
    // Act
    const attempt = counter.take({ key: 'k', limit: 0, windowMs: 60_000, nowMs: T0 });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RateWindowError);
  });
});

describe('Class: DynamoRateLimiter (partner API) on the window counter', () => {
  it('refuses past the limit with remaining 0 and the seconds to the next minute, without counting refusals', async () => {
    // Prepare
    const limiter = new DynamoRateLimiter(res.clients.documents, res.documentsTable);
    const keyId = `key-${randomUUID()}`;
    const at = new Date(T0 + 15_200);
    // Act
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await limiter.consume(keyId, 2, at));
    const nextMinute = await limiter.consume(keyId, 2, new Date(T0 + 60_000));
    // Assess
    expect(decisions.map((d) => [d.allowed, d.remaining, d.resetSeconds])).toEqual([
      [true, 1, 45],
      [true, 0, 45],
      [false, 0, 45],
      [false, 0, 45],
      [false, 0, 45],
    ]);
    expect(nextMinute).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
    const { Item } = await res.clients.documents.send(
      new GetCommand({ TableName: res.documentsTable, Key: { pk: `RATE#${keyId}`, sk: `window#${T0}` } }),
    );
    expect(Item?.requests).toBe(2);
  });
});
