/** Root of the errors the mailbox intake raises itself (document problems and configuration). */
export class InvoiceMailboxError extends Error {
  readonly rule: string;
  constructor(rule: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvoiceMailboxError';
    this.rule = rule;
  }
}
