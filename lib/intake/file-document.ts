import type { DocumentError, DocumentRecord, DocumentStatus } from '../documents/index.ts';
import { INVOICE_CONNECTOR } from '../invoices/index.ts';
import type { MailboxContentScan } from './statement-attachments.ts';

/**
 * File statuses after which a byte-identical file is not taken in again. Rejected and review files are:
 * the tenant may have changed settings or added the relation in CASH before uploading it once more.
 */
export const ALREADY_OUT: ReadonlySet<DocumentStatus> = new Set(['queued', 'sending', 'booked', 'duplicate']);

/** Files under a key the connector cannot place are archived under `originals/_unplaced/`. */
export const UNPLACED_ADMINISTRATION = '_unplaced';

/** Where a file's document is kept and what it is. */
export interface FileDocumentScope {
  tenant: string;
  archiveBucket: string;
}

/** The fields every file's document record carries. */
export function fileRecord(
  scope: FileDocumentScope,
  file: { documentId: string; administration: string; key: string; archived: string; hash: string },
  existing: DocumentRecord | undefined,
): Partial<DocumentRecord> {
  return {
    id: file.documentId,
    kind: 'file',
    tenant: scope.tenant,
    administration: file.administration,
    type: 'invoice-file',
    source: {
      connector: INVOICE_CONNECTOR,
      externalId: file.key.slice(0, 200),
      document: { bucket: scope.archiveBucket, key: file.archived },
    },
    payloadHash: file.hash,
    attempts: existing?.attempts ?? 0,
    ...(existing ? {} : { createdAt: new Date().toISOString() }),
  };
}

/**
 * The document of a file too large to take in: keyed by the object (its bytes are not read), pointing at
 * where it stays in the mailbox bucket, with the size as the reason.
 */
export function oversizeRecord(
  tenant: string,
  object: { documentId: string; bucket: string; key: string; etag: string; administration: string },
  size: number,
  limit: number,
): { record: Partial<DocumentRecord>; message: string } {
  const message = `the file has ${size} bytes, more than the ${limit} the mailbox takes in; it stays in the mailbox`;
  const { documentId, bucket, key, etag, administration } = object;
  return {
    message,
    record: {
      id: documentId,
      kind: 'file',
      tenant,
      administration,
      type: 'invoice-file',
      source: { connector: INVOICE_CONNECTOR, externalId: key.slice(0, 200), document: { bucket, key } },
      payloadHash: etag,
      attempts: 0,
      createdAt: new Date().toISOString(),
      errors: [{ source: 'validation', rule: 'MAILBOX-SIZE', message, path: 'size', value: size }],
    },
  };
}

/** Statements for an administration no bank import serves: named, with the rule, so a person can act. */
export function notServedError(administration: string, scan: MailboxContentScan): DocumentError {
  const names = scan.statements.map((s) => `${s.filename} (${s.format})`).join(', ');
  return {
    source: 'validation',
    rule: 'MAILBOX-BANK-NOT-SERVED',
    message:
      `the ${scan.email ? 'e-mail carries' : 'file is'} bank statement(s) ${names}, but the bank import ` +
      `does not serve administration ${administration}; enable bank-import for it and send the file again`,
    path: 'attachments',
    value: administration,
  };
}
