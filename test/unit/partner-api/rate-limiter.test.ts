import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CountingRateLimiter,
  decide,
  fixedWindow,
  InMemoryRateLimiter,
} from '../../../lib/partner-api/index.ts';
import { InMemoryWindowCounter } from '../../../lib/runtime/rate-window/index.ts';

describe('Function: fixedWindow', () => {
  it('puts every moment in the minute that contains it, with 1 to 60 seconds left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        // Act
        const window = fixedWindow(new Date(ms));
        // Assess
        expect(window.start % 60_000).toBe(0);
        expect(window.start).toBeLessThanOrEqual(ms);
        expect(ms - window.start).toBeLessThan(60_000);
        expect(window.resetSeconds).toBeGreaterThanOrEqual(1);
        expect(window.resetSeconds).toBeLessThanOrEqual(60);
      }),
    );
  });
});

describe('Function: decide', () => {
  it('allows exactly the first `limit` hits of a window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 20_000 }), (limit, hits) => {
        // Act
        const decision = decide(hits, limit, 30);
        // Assess
        expect(decision.allowed).toBe(hits <= limit);
        expect(decision.remaining).toBe(Math.max(0, limit - hits));
      }),
    );
  });
});

describe('Class: InMemoryRateLimiter', () => {
  it('counts per key and starts over in the next minute', async () => {
    // Prepare
    const limiter = new InMemoryRateLimiter();
    const t0 = new Date('2026-04-01T10:00:05Z');
    // Act
    const first = await limiter.consume('a', 2, t0);
    const second = await limiter.consume('a', 2, t0);
    const third = await limiter.consume('a', 2, t0);
    const otherKey = await limiter.consume('b', 2, t0);
    const nextMinute = await limiter.consume('a', 2, new Date('2026-04-01T10:01:00Z'));
    // Assess
    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
    expect(third.resetSeconds).toBe(55);
    expect(otherKey.allowed).toBe(true);
    expect(nextMinute).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe('Class: CountingRateLimiter', () => {
  it('gives every request in a minute the decision, remaining and Retry-After of a fixed window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (limit, steps, minute) => {
          // Prepare
          const limiter = new CountingRateLimiter(new InMemoryWindowCounter());
          let ms = minute * 60_000;
          let index = 0;
          for (const step of steps) {
            ms += step;
            if (ms >= (minute + 1) * 60_000) break;
            const now = new Date(ms);
            // Act
            const decision = await limiter.consume('key', limit, now);
            // Assess: refused requests are not counted, so the first `limit` pass and the rest see 0 left.
            expect(decision).toEqual({
              allowed: index < limit,
              limit,
              remaining: Math.max(0, limit - index - 1),
              resetSeconds: fixedWindow(now).resetSeconds,
            });
            index++;
          }
        },
      ),
    );
  });

  it('gives a key that kept calling through its 429s its full budget in the next minute', async () => {
    // Prepare
    const limiter = new InMemoryRateLimiter();
    const t0 = new Date('2026-04-01T10:00:59.500Z');
    for (let i = 0; i < 10; i++) await limiter.consume('a', 3, t0);
    // Act
    const next = [];
    for (let i = 0; i < 4; i++) next.push(await limiter.consume('a', 3, new Date('2026-04-01T10:01:00Z')));
    // Assess
    expect(next.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(next[3]).toMatchObject({ remaining: 0, resetSeconds: 60 });
  });
});
