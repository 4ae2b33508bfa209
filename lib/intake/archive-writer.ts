import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Writes originals and extracted files to the tenant's archive bucket. */
export class ArchiveWriter {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async put(
    key: string,
    bytes: Uint8Array,
    contentType?: string,
    metadata?: Record<string, string>,
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType || 'application/octet-stream',
        ...(metadata ? { Metadata: metadata } : {}),
      }),
    );
  }
}
