import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, fixedWindow, InMemoryRateLimiter } from '../../../lib/partner-api/index.ts';

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
