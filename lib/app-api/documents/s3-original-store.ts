import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { OriginalLocation } from './original-file.ts';
import type { OriginalObject, OriginalStore } from './original-store.ts';

/** Originals in the tenant's archive and mailbox buckets. */
export class S3OriginalStore implements OriginalStore {
  constructor(
    private readonly s3: S3Client,
    readonly buckets: readonly string[],
  ) {}

  async get(location: OriginalLocation, maxBytes: number): Promise<OriginalObject | undefined> {
    if (!this.buckets.includes(location.bucket)) return undefined;
    try {
      const answer = await this.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      if (!answer.Body) return undefined;
      const type = answer.ContentType ? { contentType: answer.ContentType } : {};
      const size = answer.ContentLength ?? 0;
      if (size > maxBytes) {
        // Not read: the stream is let go so the connection is freed.
        (answer.Body as { destroy?: () => void }).destroy?.();
        return { size, ...type };
      }
      const body = await answer.Body.transformToByteArray();
      return body.byteLength > maxBytes
        ? { size: body.byteLength, ...type }
        : { size: body.byteLength, body, ...type };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
