import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashCallMeter } from '../../../lib/writer/index.ts';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Class: CashCallMeter', () => {
  it('counts CASH calls and limiter time per batch, then starts afresh', async () => {
    // Prepare
    const clock = manualClock();
    const meter = new CashCallMeter(clock.now);
    const inner: RateLimiter = { acquire: async () => void clock.advance(30) };
    const limiter = meter.limiter(inner);
    const fetch = meter.fetch(async () => {
      clock.advance(12);
      return new Response('{"status":"success"}', { status: 200 });
    });
    // Act
    await limiter.acquire('k');
    const answer = await fetch('http://cash.example/import');
    await limiter.acquire('k');
    const first = meter.reset();
    const second = meter.reset();
    // Assess
    expect(await answer.text()).toBe('{"status":"success"}');
    expect(first).toEqual({
      cashCalls: 1,
      cashMs: 12,
      limiterAcquires: 2,
      limiterMs: 60,
      limiterLongestMs: 30,
    });
    expect(second).toEqual({
      cashCalls: 0,
      cashMs: 0,
      limiterAcquires: 0,
      limiterMs: 0,
      limiterLongestMs: 0,
    });
  });

  it('counts a call that failed and passes the failure on', async () => {
    // Prepare
    const meter = new CashCallMeter();
    const fetch = meter.fetch(async () => Promise.reject(new Error('ECONNRESET')));
    // Act
    const attempt = fetch('http://cash.example/import');
    // Assess
    await expect(attempt).rejects.toThrow('ECONNRESET');
    expect(meter.reset().cashCalls).toBe(1);
  });
});
