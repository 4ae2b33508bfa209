import { describe, expect, it } from 'vitest';
import { CashError, CashRateLimitedError, WindowRateLimiter } from '../../../lib/cash/index.ts';
import { InMemoryWindowCounter } from '../../../lib/runtime/rate-window/index.ts';
import { fakeTime } from './fake-time.ts';

describe('Class: WindowRateLimiter', () => {
  it('waits for the next window when the current one is full', async () => {
    // Prepare
    const time = fakeTime(2_000_250);
    const limiter = new WindowRateLimiter({ counter: new InMemoryWindowCounter(), limit: 2, ...time });
    const granted: number[] = [];
    // Act
    for (let i = 0; i < 5; i++) {
      await limiter.acquire('key');
      granted.push(time.now());
    }
    // Assess
    expect(granted).toEqual([2_000_250, 2_000_250, 2_001_000, 2_001_000, 2_002_000]);
    expect(time.sleeps).toEqual([750, 1_000]);
  });

  it('shares one counter between limiters, as writers share a table', async () => {
    // Prepare
    const time = fakeTime(3_000_000);
    const counter = new InMemoryWindowCounter();
    const writers = [1, 2, 3].map(
      () => new WindowRateLimiter({ counter, limit: 1, windowMs: 60_000, ...time }),
    );
    // Act
    for (const writer of writers) await writer.acquire('key');
    // Assess
    expect(time.now()).toBe(3_120_000);
  });

  it('gives up with CashRateLimitedError naming the wait when it would exceed maxWaitMs', async () => {
    // Prepare
    const time = fakeTime(9_000_000);
    const limiter = new WindowRateLimiter({
      counter: new InMemoryWindowCounter(),
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
    await expect(limiter.acquire('busy')).rejects.toMatchObject({ retryAfterMs: 60_000, retryable: true });
  });

  it.each([
    ['a cost above the limit', { limit: 2 }, 'k', 3],
    ['a fractional cost', { limit: 2 }, 'k', 1.5],
    ['an empty key', { limit: 2 }, '', 1],
  ])('refuses %s with a CashError', async (_name, options, key, cost) => {
    // Prepare
    const limiter = new WindowRateLimiter({ counter: new InMemoryWindowCounter(), ...options });
    // Act
    const attempt = limiter.acquire(key, cost);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CashError);
  });

  it.each([
    ['limit', { limit: 0 }],
    ['windowMs', { windowMs: 5_000 as 1_000 }],
    ['maxWaitMs', { maxWaitMs: -1 }],
  ])('refuses a bad %s option with a CashError', (_name, options) => {
    // Act & Assess
    expect(() => new WindowRateLimiter({ counter: new InMemoryWindowCounter(), ...options })).toThrow(
      CashError,
    );
  });
});
