import { InvoiceMailboxError } from './invoice-mailbox-error.ts';

/** An object key outside `<ADM>/<purchase|sales|inbox-email>/<file>`, or for an administration not served. */
export class MailboxKeyError extends InvoiceMailboxError {
  readonly key: string;
  constructor(key: string, message: string) {
    super('MAILBOX-KEY', message);
    this.name = 'MailboxKeyError';
    this.key = key;
  }
}
