import { CashError } from './cash-error.ts';

/**
 * The request was sent but no answer came (timeout, connection lost, gateway timeout): CASH may have
 * booked it. Never resend blindly; look the booking up first (findJournalEntry, findRelation, …).
 */
export class CashUncertainOutcomeError extends CashError {
  readonly method: string;
  readonly path: string;

  constructor(message: string, request: { method: string; path: string }, options: { cause?: unknown } = {}) {
    super(message, { ...options, retryable: false });
    this.name = 'CashUncertainOutcomeError';
    this.method = request.method;
    this.path = request.path;
  }
}
