import { CashError } from './cash-error.ts';

/** 401/403: wrong or regenerated API key, or the key is not linked to the administration (`1002 Unauthorized Access`). */
export class CashAuthError extends CashError {
  readonly status: number;

  constructor(message: string, status: number, options: { cause?: unknown } = {}) {
    super(message, { ...options, retryable: false });
    this.name = 'CashAuthError';
    this.status = status;
  }
}
