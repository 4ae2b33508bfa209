/** Root of the errors the invoice-mailbox function raises itself (document problems and configuration). */
export class InvoiceMailboxError extends Error {
  readonly rule: string;
  constructor(rule: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvoiceMailboxError';
    this.rule = rule;
  }
}

/** An object key outside `<ADM>/<purchase|sales|inbox-email>/<file>`, or for an administration not served. */
export class MailboxKeyError extends InvoiceMailboxError {
  readonly key: string;
  constructor(key: string, message: string) {
    super('MAILBOX-KEY', message);
    this.name = 'MailboxKeyError';
    this.key = key;
  }
}

/** The tenant file's invoice-mailbox settings do not form valid invoice settings. */
export class InvoiceMailboxSettingsError extends InvoiceMailboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MAILBOX-SETTINGS', message, options);
    this.name = 'InvoiceMailboxSettingsError';
  }
}
