import { CashError } from './cash-error.ts';

/** CASH could not be reached or answered 5xx before doing anything: safe to try again later. */
export class CashUnavailableError extends CashError {
  readonly status: number | undefined;

  constructor(message: string, status?: number, options: { cause?: unknown } = {}) {
    super(message, { ...options, retryable: true });
    this.name = 'CashUnavailableError';
    this.status = status;
  }
}
