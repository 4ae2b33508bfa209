import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CashError,
  CashRateLimitedError,
  DynamoRateLimiter,
  LocalRateLimiter,
} from '../../../lib/cash/index.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';

/** A clock that only moves when someone sleeps. */
function fakeTime(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      await Promise.resolve();
    },
  };
}

describe('LocalRateLimiter', () => {
  it('grants up to the limit at once, then waits for the window to slide', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new LocalRateLimiter({ limit: 3, windowMs: 1_000, ...time });
    const granted: number[] = [];
    // Act
    for (let i = 0; i < 7; i++) {
      await limiter.acquire('key');
      granted.push(time.now() - 1_000_000);
    }
    // Assess
    expect(granted).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });

  it('keeps keys apart', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new LocalRateLimiter({ limit: 1, windowMs: 60_000, ...time });
    // Act
    await limiter.acquire('a');
    await limiter.acquire('b');
    // Assess
    expect(time.now()).toBe(1_000_000);
  });

  it('never exceeds the limit in any window, whatever the costs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 40 }),
        async (limit, costs) => {
          // Prepare
          const time = fakeTime();
          const limiter = new LocalRateLimiter({ limit, windowMs: 1_000, ...time });
          const grants: Array<{ at: number; cost: number }> = [];
          // Act
          for (const cost of costs.map((c) => Math.min(c, limit))) {
            await limiter.acquire('k', cost);
            grants.push({ at: time.now(), cost });
          }
          // Assess
          for (const { at } of grants) {
            const inWindow = grants
              .filter((g) => g.at > at - 1_000 && g.at <= at)
              .reduce((sum, g) => sum + g.cost, 0);
            expect(inWindow).toBeLessThanOrEqual(limit);
          }
        },
      ),
    );
  });

  it('refuses a cost above the limit instead of waiting forever', async () => {
    // Prepare
    const limiter = new LocalRateLimiter({ limit: 2 });
    // Act
    const attempt = limiter.acquire('k', 3);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CashError);
  });
});

describe('DynamoRateLimiter (dynalite)', () => {
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable('rate-pk', false);
    await dynamo.createTable('rate-pk-sk', true);
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it.each([
    ['a pk-only table', 'rate-pk', undefined],
    ['a generic pk/sk table', 'rate-pk-sk', 'sk'],
  ])('keeps several writers together under the limit per window on %s', async (_name, tableName, sortKey) => {
    // Prepare: five "Lambdas" with their own limiter, one shared clock and table.
    const time = fakeTime(5_000_000);
    const writers = Array.from(
      { length: 5 },
      () =>
        new DynamoRateLimiter({
          client: dynamo.client,
          tableName,
          limit: 3,
          windowMs: 1_000,
          sortKey,
          ...time,
        }),
    );
    const key = `key-${tableName}`;
    // Act
    await Promise.all(
      writers.map(async (writer) => {
        for (let i = 0; i < 4; i++) await writer.acquire(key);
      }),
    );
    // Assess
    const items = (await dynamo.client.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    const mine = items.filter((item) => String(item.pk).startsWith(`rate-limit#${key}`));
    expect(mine.reduce((sum, item) => sum + Number(item.requests), 0)).toBe(20);
    for (const item of mine) expect(Number(item.requests)).toBeLessThanOrEqual(3);
    expect(mine.length).toBeGreaterThanOrEqual(7);
    for (const item of mine) expect(typeof item.expiresAt).toBe('number');
  });

  it('gives up with CashRateLimitedError when the wait would exceed maxWaitMs', async () => {
    // Prepare
    const time = fakeTime(9_000_000);
    const limiter = new DynamoRateLimiter({
      client: dynamo.client,
      tableName: 'rate-pk',
      limit: 1,
      windowMs: 60_000,
      maxWaitMs: 5_000,
      ...time,
    });
    await limiter.acquire('busy');
    // Act
    const second = limiter.acquire('busy');
    // Assess
    await expect(second).rejects.toBeInstanceOf(CashRateLimitedError);
    await expect(limiter.acquire('busy')).rejects.toMatchObject({ retryAfterMs: 60_000 });
  });
});
