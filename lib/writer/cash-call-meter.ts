import { MeasuredRateLimiter, type RateLimiter } from '../cash/rate-limit/index.ts';

/** Where one writer invocation spent its time talking to CASH. */
export interface CashCallTimings {
  /** HTTP requests to CASH and the milliseconds until their answers were read. */
  cashCalls: number;
  cashMs: number;
  /** Rate-limiter acquires and the milliseconds spent in them (its DynamoDB round trip plus any wait). */
  limiterAcquires: number;
  limiterMs: number;
  limiterLongestMs: number;
}

/**
 * Counts the writer's CASH calls and rate-limiter time per invocation, so the handler can log the breakdown
 * of a booking's latency (and the hub benchmark can report it). One meter per writer; `reset` per batch.
 */
export class CashCallMeter {
  #calls = 0;
  #cashMs = 0;
  #limiters: MeasuredRateLimiter[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** `inner`, measured. */
  limiter(inner: RateLimiter): RateLimiter {
    const measured = new MeasuredRateLimiter(inner, this.now);
    this.#limiters.push(measured);
    return measured;
  }

  /** A fetch that counts its calls and the time until the answer's body is read (the client reads it at once). */
  fetch(inner: typeof fetch = globalThis.fetch): typeof fetch {
    return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const started = this.now();
      try {
        const response = await inner(input, init);
        const text = await response.text();
        return new Response(text, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      } finally {
        this.#calls += 1;
        this.#cashMs += this.now() - started;
      }
    }) as typeof fetch;
  }

  /** The timings since the last reset, and a fresh count from now on. */
  reset(): CashCallTimings {
    let limiterAcquires = 0;
    let limiterMs = 0;
    let limiterLongestMs = 0;
    for (const limiter of this.#limiters) {
      const usage = limiter.reset();
      limiterAcquires += usage.acquires;
      limiterMs += usage.waitedMs;
      limiterLongestMs = Math.max(limiterLongestMs, usage.longestMs);
    }
    const timings = {
      cashCalls: this.#calls,
      cashMs: Math.round(this.#cashMs),
      limiterAcquires,
      limiterMs: Math.round(limiterMs),
      limiterLongestMs: Math.round(limiterLongestMs),
    };
    this.#calls = 0;
    this.#cashMs = 0;
    return timings;
  }
}
