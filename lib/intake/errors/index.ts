export { InvoiceMailboxError } from './invoice-mailbox-error.ts';
export { InvoiceMailboxSettingsError } from './invoice-mailbox-settings-error.ts';
export { MailboxKeyError } from './mailbox-key-error.ts';
export { type FailedMailboxRecord, MailboxRecordsFailedError } from './mailbox-records-failed-error.ts';
