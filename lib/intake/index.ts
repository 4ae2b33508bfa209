/**
 * Mailbox intake: one file from the mailbox bucket (an upload or an SES-stored e-mail) archived, given a
 * document, sorted by content — bank statements handed over to the bank import, invoices through
 * lib/invoices — and its events published. The invoice-mailbox function only wires AWS to it.
 */

export { decodeS3Key } from '../runtime/s3-event-key.ts';
export { attachmentKey, originalKey, safeFilename, yearMonth } from './archive-keys.ts';
export { invoiceSettingsFromConnector } from './connector-settings.ts';
export { emailDirection } from './email-direction.ts';
export { emailHeaders } from './email-headers.ts';
export * from './errors/index.ts';
export { InvoiceMailboxIntake, type MailboxIntakeDeps } from './mailbox-intake.ts';
export { MAILBOX_FOLDERS, type MailboxFolder, type MailboxKey, parseMailboxKey } from './mailbox-key.ts';
export type { IntakeOutcome, MailboxObject } from './mailbox-object.ts';
export { DEFAULT_MAX_OBJECT_BYTES } from './mailbox-object-reader.ts';
export { sesVerdictFailures } from './ses-verdicts.ts';
export {
  type MailboxContentScan,
  type StatementAttachment,
  scanMailboxContent,
  statementFormatOf,
} from './statement-attachments.ts';
export {
  BankStatementHandover,
  bankHandoverFolder,
  bankHandoverKey,
  type HandedOverStatement,
  type HandoverOrigin,
} from './statement-handover.ts';
