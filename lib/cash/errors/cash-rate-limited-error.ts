import { CashError } from './cash-error.ts';

/** 429 after the bounded retries: CASH asks us to wait `retryAfterMs` before the next request. */
export class CashRateLimitedError extends CashError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options: { cause?: unknown } = {}) {
    super(message, { ...options, retryable: true });
    this.name = 'CashRateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}
