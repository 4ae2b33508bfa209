import { InvoiceMailboxError } from './invoice-mailbox-error.ts';

/** The tenant file's invoice-mailbox settings do not form valid invoice settings. */
export class InvoiceMailboxSettingsError extends InvoiceMailboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MAILBOX-SETTINGS', message, options);
    this.name = 'InvoiceMailboxSettingsError';
  }
}
