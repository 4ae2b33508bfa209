import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StatementFormat } from '../bank/statement.ts';
import { safeFilename } from './archive-keys.ts';
import type { StatementAttachment } from './statement-attachments.ts';

/** A statement the invoice mailbox passed on to the bank import. */
export interface HandedOverStatement {
  filename: string;
  format: StatementFormat;
  sha256: string;
  /** Where it was put in the mailbox bucket: `<ADM>/bank/from-mail/<sha256>/<filename>`. */
  key: string;
  /** The document the bank import keeps for this file (`doc_<sha256>`, by content). */
  documentId: string;
  /** `already-there`: an earlier delivery (a retried invocation, the same statement mailed again) put it. */
  delivery: 'handed-over' | 'already-there';
}

/** Where the origin of a hand-over is told (S3 user metadata, also on the object the bank import reads). */
export interface HandoverOrigin {
  /** The mailbox key of the message the statement came with. */
  key: string;
  /** The invoice mailbox's document of that message. */
  documentId: string;
}

/** The folder of one statement's content: `<ADM>/bank/from-mail/<sha256>/`. */
export function bankHandoverFolder(administration: string, sha256: string): string {
  return `${administration}/bank/from-mail/${sha256}/`;
}

/**
 * The key a statement is handed over under: inside the administration's bank folder, so the bank import's
 * notification (`<ADM>/bank/`) takes it, in a folder named by its content hash, so a retried invocation or
 * the same statement mailed again (under any attachment name) is found there.
 */
export function bankHandoverKey(administration: string, sha256: string, filename: string): string {
  return `${bankHandoverFolder(administration, sha256)}${safeFilename(filename)}`;
}

/**
 * Puts statement files found in mail into the administration's bank folder of the mailbox bucket, where
 * the bank import picks them up as if they had been uploaded there. A statement whose content folder
 * already holds an object is not written again: a new write would be a new ObjectCreated event, and the
 * bank import need not see a statement twice (its import ids would keep the lines from booking twice anyway).
 */
export class BankStatementHandover {
  constructor(private readonly s3: S3Client) {}

  async deliver(
    bucket: string,
    administration: string,
    statements: readonly StatementAttachment[],
    origin: HandoverOrigin,
  ): Promise<HandedOverStatement[]> {
    const delivered: HandedOverStatement[] = [];
    for (const statement of statements) {
      const earlier = await this.earlierDelivery(
        bucket,
        bankHandoverFolder(administration, statement.sha256),
      );
      const key =
        earlier ?? bankHandoverKey(administration, statement.sha256, statement.filename || 'statement');
      if (!earlier) {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: statement.content,
            ContentType: statement.mimeType || 'application/octet-stream',
            Metadata: {
              'handed-over-from': encodeURIComponent(origin.key).slice(0, 1024),
              'mail-document': origin.documentId,
            },
          }),
        );
      }
      delivered.push({
        filename: statement.filename,
        format: statement.format,
        sha256: statement.sha256,
        key,
        documentId: `doc_${statement.sha256}`,
        delivery: earlier ? 'already-there' : 'handed-over',
      });
    }
    return delivered;
  }

  /** The key an earlier delivery of this content used, if any. */
  private async earlierDelivery(bucket: string, folder: string): Promise<string | undefined> {
    const listed = await this.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, MaxKeys: 1 }),
    );
    return listed.Contents?.[0]?.Key;
  }
}
