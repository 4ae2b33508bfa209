import type { CashErrorDetail } from '../rest/parse-cash-errors.ts';
import { CashError } from './cash-error.ts';

/** CASH refused an import (4xx or transaction status 3); nothing was booked. Fix the data, do not retry as is. */
export class CashImportRejectedError extends CashError {
  readonly errors: CashErrorDetail[];
  readonly transaction: string | undefined;

  constructor(
    message: string,
    errors: CashErrorDetail[],
    options: { cause?: unknown; transaction?: string } = {},
  ) {
    super(message, { cause: options.cause, retryable: false });
    this.name = 'CashImportRejectedError';
    this.errors = errors;
    this.transaction = options.transaction;
  }
}
