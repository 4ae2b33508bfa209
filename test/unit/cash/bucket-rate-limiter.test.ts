import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BucketRateLimiter,
  CashError,
  CashRateLimitedError,
  CashRateLimitSettings,
} from '../../../lib/cash/index.ts';
import {
  DynamoTokenBucket,
  InMemoryTokenBucket,
  type TokenBucket,
} from '../../../lib/runtime/rate-window/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { simulatedBucketTable, VirtualTime } from '../rate-window/simulated-bucket-table.ts';
import { fakeTime } from './fake-time.ts';

const T0 = Date.UTC(2026, 3, 1, 10, 0, 0);
const MINUTE = 60_000;

/** The most units granted in any rolling minute `[t, t + 60 s)`. */
function busiestMinute(grants: Array<{ at: number; cost: number }>): number {
  const sorted = [...grants].sort((a, b) => a.at - b.at);
  let most = 0;
  let sum = 0;
  let start = 0;
  for (const grant of sorted) {
    sum += grant.cost;
    while ((sorted[start] as { at: number }).at <= grant.at - MINUTE)
      sum -= (sorted[start++] as { cost: number }).cost;
    most = Math.max(most, sum);
  }
  return most;
}

describe('Class: BucketRateLimiter', () => {
  it('lets the calls of a single event through at once (no window boundary to wait for)', async () => {
    // Prepare
    const time = fakeTime(T0 + 250);
    const limiter = new BucketRateLimiter({ bucket: new InMemoryTokenBucket(), ...time });
    // Act
    for (let i = 0; i < 3; i++) await limiter.acquire('key');
    // Assess
    expect(time.sleeps).toEqual([]);
  });

  it('spreads a run past the burst at the refill rate', async () => {
    // Prepare
    const time = fakeTime(T0);
    const limiter = new BucketRateLimiter({
      bucket: new InMemoryTokenBucket(),
      burst: 2,
      requestsPerMinute: 30,
      ...time,
    });
    const granted: number[] = [];
    // Act
    for (let i = 0; i < 5; i++) {
      await limiter.acquire('key');
      granted.push(time.now() - T0);
    }
    // Assess
    expect(granted).toEqual([0, 0, 2_000, 4_000, 6_000]);
  });

  it('leaves its reserve to other callers: a background reader stops short, the writer still goes at once', async () => {
    // Prepare
    const time = new VirtualTime(T0);
    const shared = { bucket: new InMemoryTokenBucket(), burst: 4, now: () => time.now, sleep: time.sleep };
    const sync = new BucketRateLimiter({ ...shared, reserve: 2 });
    const writer = new BucketRateLimiter(shared);
    await time.run(Promise.all([sync.acquire('key'), sync.acquire('key')]));
    const moments = { sync: [] as number[], writer: [] as number[] };
    // Act
    await time.run(
      Promise.all([
        sync.acquire('key').then(() => moments.sync.push(time.now - T0)),
        (async () => {
          for (let i = 0; i < 2; i++) {
            await writer.acquire('key');
            moments.writer.push(time.now - T0);
          }
        })(),
      ]),
    );
    // Assess
    expect(moments.writer).toEqual([0, 0]);
    expect(moments.sync).toEqual([3_000]);
  });

  it('gives up with CashRateLimitedError naming the wait when it would exceed maxWaitMs', async () => {
    // Prepare
    const time = fakeTime(T0);
    const limiter = new BucketRateLimiter({
      bucket: new InMemoryTokenBucket(),
      burst: 1,
      requestsPerMinute: 1,
      maxWaitMs: 5_000,
      ...time,
    });
    await limiter.acquire('busy');
    // Act
    const second = limiter.acquire('busy');
    // Assess
    await expect(second).rejects.toBeInstanceOf(CashRateLimitedError);
    await expect(limiter.acquire('busy')).rejects.toMatchObject({ retryAfterMs: 60_000, retryable: true });
  });

  it.each([
    ['a cost above burst - reserve', { burst: 3, reserve: 1 }, 'k', 3],
    ['a fractional cost', {}, 'k', 1.5],
    ['an empty key', {}, '', 1],
  ])('refuses %s with a CashError', async (_name, options, key, cost) => {
    // Prepare
    const limiter = new BucketRateLimiter({ bucket: new InMemoryTokenBucket(), ...options });
    // Act
    const attempt = limiter.acquire(key, cost);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CashError);
  });

  it.each([
    ['burst', { burst: 0 }],
    ['requestsPerMinute', { requestsPerMinute: 0 }],
    ['reserve', { burst: 2, reserve: 2 }],
    ['maxWaitMs', { maxWaitMs: -1 }],
  ])('refuses a bad %s option with a CashError', (_name, options) => {
    // Act & Assess
    expect(() => new BucketRateLimiter({ bucket: new InMemoryTokenBucket(), ...options })).toThrow(CashError);
  });
});

/** One limiter's part in a simulated run: pauses before each acquire and the cost of it. */
const script = fc.array(
  fc.record({
    // Mostly back to back (where races happen), sometimes a pause that lets the bucket refill.
    pauseMs: fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 2_000 }), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 90_000 }), weight: 1 },
    ),
    cost: fc.integer({ min: 1, max: 3 }),
  }),
  { minLength: 1, maxLength: 40 },
);

const settings = fc.integer({ min: 1, max: 40 }).chain((burst) =>
  fc.record({
    burst: fc.constant(burst),
    requestsPerMinute: fc.integer({ min: 1, max: 100 - burst }),
    reserve: fc.integer({ min: 0, max: burst - 1 }),
  }),
);

/**
 * Several limiters (writers and readers, each a Lambda of its own) acquire over the bucket `bucketFor` gives
 * each on a simulated clock; returns every grant with the moment its acquire returned.
 */
async function simulate(
  time: VirtualTime,
  bucketFor: (limiter: number) => TokenBucket,
  config: { burst: number; requestsPerMinute: number; reserve: number },
  scripts: Array<Array<{ pauseMs: number; cost: number }>>,
): Promise<Array<{ at: number; cost: number }>> {
  const grants: Array<{ at: number; cost: number }> = [];
  const runs = scripts.map(async (steps, index) => {
    // Every other limiter is a background reader with the reserve.
    const reserve = index % 2 === 1 ? config.reserve : 0;
    const limiter = new BucketRateLimiter({
      bucket: bucketFor(index),
      burst: config.burst,
      requestsPerMinute: config.requestsPerMinute,
      reserve,
      maxWaitMs: 24 * 3_600_000,
      now: () => time.now,
      sleep: time.sleep,
    });
    for (const { pauseMs, cost } of steps) {
      await time.sleep(pauseMs);
      const units = Math.min(cost, config.burst - reserve);
      await limiter.acquire('cash-key#shared', units);
      grants.push({ at: time.now, cost: units });
    }
  });
  await time.run(Promise.all(runs));
  return grants;
}

describe('Property: the shared bucket keeps every rolling minute within burst + requestsPerMinute ≤ 100', () => {
  it('holds for concurrent limiters on one in-process bucket', async () => {
    await fc.assert(
      fc.asyncProperty(
        settings,
        fc.array(script, { minLength: 1, maxLength: 5 }),
        async (config, scripts) => {
          // Prepare
          const time = new VirtualTime(T0);
          // Act
          const bucket = new InMemoryTokenBucket();
          const grants = await simulate(time, () => bucket, config, scripts);
          // Assess
          expect(grants).toHaveLength(scripts.flat().length);
          expect(busiestMinute(grants)).toBeLessThanOrEqual(config.burst + config.requestsPerMinute);
        },
      ),
      fuzzParameters(60),
    );
  });

  it('holds for DynamoTokenBucket limiters racing on one table with request latency and lost conditional writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        settings,
        fc.array(script, { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 16 }),
        fc.boolean(),
        async (config, scripts, latencies, returnOld) => {
          // Prepare
          const time = new VirtualTime(T0);
          const table = simulatedBucketTable(time, latencies, returnOld);
          // One DynamoTokenBucket per limiter: each Lambda has its own client and its own memory of the tat.
          const bucketFor = () =>
            new DynamoTokenBucket({ client: table.client, tableName: 'mirror', sortKey: 'sk' });
          // Act
          const grants = await simulate(time, bucketFor, config, scripts);
          // Assess
          expect(grants).toHaveLength(scripts.flat().length);
          // A grant counts when the acquire returns, after its DynamoDB answer: still within the bound.
          expect(busiestMinute(grants)).toBeLessThanOrEqual(config.burst + config.requestsPerMinute);
          expect(config.burst + config.requestsPerMinute).toBeLessThanOrEqual(100);
        },
      ),
      {
        ...fuzzParameters(60),
        // Three Lambdas racing for a nearly empty bucket, each with a stale tat: the busy write's bound decides.
        examples: [
          [
            { burst: 4, requestsPerMinute: 1, reserve: 0 },
            [
              [{ pauseMs: 0, cost: 1 }],
              [
                { pauseMs: 0, cost: 1 },
                { pauseMs: 0, cost: 1 },
              ],
              [
                { pauseMs: 0, cost: 1 },
                { pauseMs: 0, cost: 2 },
              ],
            ],
            [0, 1, 0, 2, 0],
            false,
          ],
        ],
      },
    );
  });
});

describe('Schema: CashRateLimitSettings', () => {
  it('defaults to a token bucket of 20 at 60 per minute, leaving 5 for bookings', () => {
    // Act
    const parsed = CashRateLimitSettings.parse({});
    // Assess
    expect(parsed).toEqual({
      algorithm: 'token-bucket',
      cashLimitPerMinute: 100,
      requestsPerMinute: 60,
      burst: 20,
      syncReserve: 5,
      maxWaitMs: 60_000,
    });
  });

  it.each([
    ['a burst that lets a minute pass 100', { burst: 50, requestsPerMinute: 60 }, 'burst'],
    ['a reserve as large as the burst', { burst: 5, syncReserve: 5 }, 'syncReserve'],
    [
      'fixed windows under a budget of 61',
      { algorithm: 'fixed-window', cashLimitPerMinute: 60 },
      'cashLimitPerMinute',
    ],
    ['an unknown field', { burts: 3 }, ''],
  ])('refuses %s, naming the field', (_name, input, field) => {
    // Act
    const result = CashRateLimitSettings.safeParse(input);
    // Assess
    expect(result.success).toBe(false);
    if (field) expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});
