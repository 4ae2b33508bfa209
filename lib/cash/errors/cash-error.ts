/** Root of every error the CASH adapter raises, so callers can catch the whole domain at once. */
export class CashError extends Error {
  /** True when trying the same call again later may succeed without changing anything. */
  readonly retryable: boolean;

  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CashError';
    this.retryable = options.retryable ?? false;
  }
}
