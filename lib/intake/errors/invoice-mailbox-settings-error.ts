import { InvoiceMailboxError } from './invoice-mailbox-error.ts';

/** The tenant file's invoice-mailbox settings do not form valid invoice settings. */
export class InvoiceMailboxSettingsError extends InvoiceMailboxError {
  /** The settings key (as the tenant file writes it, e.g. `journals.purchase`) the problem is in, when known. */
  readonly setting: string | undefined;

  constructor(message: string, options?: { cause?: unknown; setting?: string }) {
    super('MAILBOX-SETTINGS', message, options);
    this.name = 'InvoiceMailboxSettingsError';
    this.setting = options?.setting;
  }
}
