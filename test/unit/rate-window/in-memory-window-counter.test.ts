import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTakeRequest,
  currentWindow,
  InMemoryWindowCounter,
  RateWindowError,
  retryAfterSeconds,
  type WindowMs,
  type WindowTakeRequest,
} from '../../../lib/runtime/rate-window/index.ts';

const T0 = Date.UTC(2026, 3, 1, 10, 0, 0); // on a minute boundary

describe('Function: currentWindow', () => {
  it.each([1_000, 60_000] as const)('puts every moment in the %i ms window that holds it', (windowMs) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (nowMs) => {
        // Act
        const { windowStart, resetMs } = currentWindow(nowMs, windowMs);
        // Assess
        expect(windowStart % windowMs).toBe(0);
        expect(windowStart).toBeLessThanOrEqual(nowMs);
        expect(resetMs).toBeGreaterThanOrEqual(1);
        expect(resetMs).toBeLessThanOrEqual(windowMs);
        expect(windowStart + windowMs - resetMs).toBe(nowMs);
      }),
    );
  });
});

describe('Function: retryAfterSeconds', () => {
  it.each([
    [1, 1],
    [999, 1],
    [1_000, 1],
    [1_001, 2],
    [60_000, 60],
    [0, 1],
  ])('turns %i ms into %i s', (resetMs, seconds) => {
    // Act & Assess
    expect(retryAfterSeconds(resetMs)).toBe(seconds);
  });
});

describe('Function: checkTakeRequest', () => {
  const valid: WindowTakeRequest = { key: 'k', limit: 3, windowMs: 1_000, nowMs: T0 };

  it.each([
    ['key', { key: '' }],
    ['key', { key: 'x'.repeat(1_025) }],
    ['limit', { limit: 0 }],
    ['limit', { limit: 1.5 }],
    ['limit', { limit: Number.NaN }],
    ['cost', { cost: 0 }],
    ['cost', { cost: 4 }],
    ['cost', { cost: 1.5 }],
    ['windowMs', { windowMs: 30_000 as WindowMs }],
    ['nowMs', { nowMs: -1 }],
    ['nowMs', { nowMs: Number.POSITIVE_INFINITY }],
  ])('refuses a bad %s (%o) with a RateWindowError naming it', (field, change) => {
    // Act
    const attempt = () => checkTakeRequest({ ...valid, ...change });
    // Assess
    expect(attempt).toThrow(RateWindowError);
    expect(attempt).toThrow(expect.objectContaining({ field, name: 'RateWindowError' }));
  });

  it('fills in cost 1 and whole milliseconds', () => {
    // Act
    const checked = checkTakeRequest({ ...valid, nowMs: T0 + 0.75 });
    // Assess
    expect(checked).toEqual({ ...valid, cost: 1, nowMs: T0 });
  });
});

describe('Class: InMemoryWindowCounter', () => {
  it('grants up to the limit, refuses without counting, and starts over in the next window', async () => {
    // Prepare
    const counter = new InMemoryWindowCounter();
    const take = (nowMs: number, cost = 1) =>
      counter.take({ key: 'a', cost, limit: 3, windowMs: 1_000, nowMs });
    // Act
    const answers = [await take(T0), await take(T0 + 100, 2), await take(T0 + 200), await take(T0 + 999)];
    const next = await take(T0 + 1_000, 3);
    // Assess
    expect(answers).toEqual([
      { granted: true, count: 1, windowStart: T0, resetMs: 1_000 },
      { granted: true, count: 3, windowStart: T0, resetMs: 900 },
      { granted: false, count: 3, windowStart: T0, resetMs: 800 },
      { granted: false, count: 3, windowStart: T0, resetMs: 1 },
    ]);
    expect(next).toEqual({ granted: true, count: 3, windowStart: T0 + 1_000, resetMs: 1_000 });
  });

  it('refuses a cost that does not fit even when a smaller one would', async () => {
    // Prepare
    const counter = new InMemoryWindowCounter();
    await counter.take({ key: 'a', cost: 2, limit: 4, windowMs: 60_000, nowMs: T0 });
    // Act
    const tooBig = await counter.take({ key: 'a', cost: 3, limit: 4, windowMs: 60_000, nowMs: T0 });
    const fits = await counter.take({ key: 'a', cost: 2, limit: 4, windowMs: 60_000, nowMs: T0 });
    // Assess
    expect(tooBig).toMatchObject({ granted: false, count: 2 });
    expect(fits).toMatchObject({ granted: true, count: 4 });
  });

  it('keeps keys and window lengths apart', async () => {
    // Prepare
    const counter = new InMemoryWindowCounter();
    await counter.take({ key: 'a', limit: 1, windowMs: 60_000, nowMs: T0 });
    // Act
    const otherKey = await counter.take({ key: 'b', limit: 1, windowMs: 60_000, nowMs: T0 });
    const otherLength = await counter.take({ key: 'a', limit: 1, windowMs: 1_000, nowMs: T0 });
    const same = await counter.take({ key: 'a', limit: 1, windowMs: 60_000, nowMs: T0 });
    // Assess
    expect([otherKey.granted, otherLength.granted, same.granted]).toEqual([true, true, false]);
  });

  it('stays within maxKeys, dropping ended windows and then the keys written longest ago', async () => {
    // Prepare
    const counter = new InMemoryWindowCounter({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await counter.take({ key, limit: 1, windowMs: 1_000, nowMs: T0 });
    // Act: later, with a, b and c ended, d and e arrive; then f while d and e are still live.
    await counter.take({ key: 'd', limit: 1, windowMs: 60_000, nowMs: T0 + 5_000 });
    const sizeAfterD = counter.size;
    await counter.take({ key: 'e', limit: 1, windowMs: 60_000, nowMs: T0 + 5_000 });
    await counter.take({ key: 'f', limit: 1, windowMs: 60_000, nowMs: T0 + 5_000 });
    await counter.take({ key: 'g', limit: 1, windowMs: 60_000, nowMs: T0 + 5_000 });
    const eAgain = await counter.take({ key: 'e', limit: 1, windowMs: 60_000, nowMs: T0 + 5_000 });
    const dAgain = await counter.take({ key: 'd', limit: 1, windowMs: 60_000, nowMs: T0 + 5_000 });
    // Assess
    expect(sizeAfterD).toBe(1);
    expect(counter.size).toBe(3);
    expect(eAgain.granted).toBe(false);
    expect(dAgain.granted).toBe(true); // d was the oldest live key and was dropped for g
  });

  it('matches a plain model of fixed windows for any sequence of takes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<WindowMs>(1_000, 60_000),
        fc.array(
          fc.record({
            key: fc.constantFrom('a', 'b', 'c'),
            cost: fc.integer({ min: 1, max: 6 }),
            stepMs: fc.integer({ min: 0, max: 1_500 }),
          }),
          { maxLength: 60 },
        ),
        async (limit, windowMs, steps) => {
          // Prepare
          const counter = new InMemoryWindowCounter({ maxKeys: 3 });
          const model = new Map<string, number>();
          let nowMs = T0;
          for (const step of steps) {
            nowMs += step.stepMs;
            const cost = Math.min(step.cost, limit);
            const windowStart = Math.floor(nowMs / windowMs) * windowMs;
            const before = model.get(`${step.key}@${windowStart}`) ?? 0;
            // Act
            const take = await counter.take({ key: step.key, cost, limit, windowMs, nowMs });
            // Assess
            expect(take.granted).toBe(before + cost <= limit);
            expect(take.count).toBe(take.granted ? before + cost : before);
            expect(take.count).toBeLessThanOrEqual(limit);
            expect(take.windowStart).toBe(windowStart);
            if (take.granted) model.set(`${step.key}@${windowStart}`, before + cost);
          }
        },
      ),
    );
  });

  it('refuses a bad maxKeys', () => {
    // Act & Assess
    expect(() => new InMemoryWindowCounter({ maxKeys: 0 })).toThrow(RateWindowError);
  });
});
