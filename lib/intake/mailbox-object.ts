import type { DocumentStatus } from '../documents/index.ts';
import type { HandedOverStatement } from './statement-handover.ts';

/** One S3 ObjectCreated record, as much as the intake needs. */
export interface MailboxObject {
  bucket: string;
  /** The key as S3 events carry it: URL-encoded, `+` for spaces. */
  rawKey: string;
  /** The event time; fixes the archive month so a redelivery archives to the same key. */
  eventTime: string;
}

/** What became of one mailbox file. */
export interface IntakeOutcome {
  key: string;
  documentId?: string;
  status: DocumentStatus | 'missing';
  eventIds: string[];
  /** Bank statements found in the file (mail attachments, or the file itself) and passed to the bank import. */
  handedOver?: HandedOverStatement[];
}
