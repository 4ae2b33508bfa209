import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReceiptMailbox } from './receipt-stores.ts';

/** Puts receipts into the mailbox bucket. */
export class S3ReceiptMailbox implements ReceiptMailbox {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(
    key: string,
    bytes: Uint8Array,
    contentType: string,
    metadata: Record<string, string>,
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        Metadata: metadata,
      }),
    );
  }
}
