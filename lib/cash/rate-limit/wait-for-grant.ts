import { RateWindowError } from '../../runtime/rate-window/index.ts';
import { CashError } from '../errors/cash-error.ts';
import { CashRateLimitedError } from '../errors/cash-rate-limited-error.ts';
import type { Clock, Sleep } from './rate-limiter.ts';

/** One attempt at the shared store: granted, or how long until it may be. */
export interface GrantAttempt {
  granted: boolean;
  waitMs: number;
}

export interface WaitForGrantOptions {
  key: string;
  /** Give up (CashRateLimitedError) rather than wait longer than this in total. */
  maxWaitMs: number;
  now: Clock;
  sleep: Sleep;
}

/**
 * The wait loop every CASH limiter shares: try, and when refused sleep as long as the store says, until
 * granted or the total wait would pass `maxWaitMs`. A request the store cannot even try (a RateWindowError,
 * e.g. an empty key) is the caller's mistake and is reported as a CashError.
 */
export async function waitForGrant(
  attempt: (nowMs: number) => Promise<GrantAttempt>,
  options: WaitForGrantOptions,
): Promise<void> {
  const started = options.now();
  for (;;) {
    const now = options.now();
    let result: GrantAttempt;
    try {
      result = await attempt(now);
    } catch (error) {
      if (error instanceof RateWindowError) throw new CashError(error.message, { cause: error });
      throw error;
    }
    if (result.granted) return;
    if (now + result.waitMs - started > options.maxWaitMs) {
      throw new CashRateLimitedError(
        `rate limit for ${options.key} exhausted for longer than ${options.maxWaitMs} ms`,
        result.waitMs,
      );
    }
    await options.sleep(Math.max(1, result.waitMs));
  }
}
