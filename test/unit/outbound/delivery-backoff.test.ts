import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VISIBILITY_SECONDS, retryDelaySeconds } from '../../../lib/outbound/index.ts';

describe('retryDelaySeconds', () => {
  it('stays between 0 and the cap (or SQS’s 12 hours), whatever the attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 1_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1_000, max: 3_600_000 }),
        (attempt, draw, baseMs, capMs) => {
          // Act
          const seconds = retryDelaySeconds(attempt, undefined, { baseMs, capMs }, () => draw);

          // Assess
          expect(Number.isInteger(seconds)).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(0);
          expect(seconds).toBeLessThanOrEqual(Math.ceil(capMs / 1000));
        },
      ),
    );
  });

  it('never waits less than the target’s Retry-After (up to 12 hours) and never a negative time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.integer({ min: -10_000, max: 100_000_000 }), fc.constant(Number.NaN)),
        (attempt, draw, retryAfterMs) => {
          // Act
          const seconds = retryDelaySeconds(attempt, retryAfterMs, {}, () => draw);

          // Assess
          expect(seconds).toBeGreaterThanOrEqual(0);
          expect(seconds).toBeLessThanOrEqual(MAX_VISIBILITY_SECONDS);
          if (Number.isFinite(retryAfterMs) && retryAfterMs > 0)
            expect(seconds).toBeGreaterThanOrEqual(
              Math.min(Math.ceil(retryAfterMs / 1000), MAX_VISIBILITY_SECONDS),
            );
        },
      ),
    );
  });

  it('doubles its ceiling per attempt (full jitter draws below it)', () => {
    // Prepare
    const highest = () => 0.999_999;

    // Act
    const ceilings = [1, 2, 3, 4].map((attempt) =>
      retryDelaySeconds(attempt, undefined, { baseMs: 2_000 }, highest),
    );

    // Assess
    expect(ceilings).toEqual([2, 4, 8, 16]);
    expect(retryDelaySeconds(3, undefined, { baseMs: 2_000 }, () => 0)).toBe(0);
  });
});
