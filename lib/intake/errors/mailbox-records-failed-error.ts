import { InvoiceMailboxError } from './invoice-mailbox-error.ts';

/** One mailbox file that could not be taken in because of infrastructure, with the reason. */
export interface FailedMailboxRecord {
  key: string;
  error: string;
}

/** Records whose files could not be taken in because of infrastructure; Lambda retries the event. */
export class MailboxRecordsFailedError extends InvoiceMailboxError {
  constructor(readonly failed: readonly FailedMailboxRecord[]) {
    super(
      'MAILBOX-RETRY',
      `${failed.length} mailbox file(s) failed and will be retried: ${failed.map((f) => f.key).join(', ')}`,
    );
    this.name = 'MailboxRecordsFailedError';
  }
}
