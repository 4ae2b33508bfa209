import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { BodyTooLargeError, type ByteSource, readAtMost } from '../runtime/bounded-read.ts';

/** Mailbox objects larger than this are not read into memory unless the intake is given another limit. */
export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** A mailbox object read whole, or the size that kept it from being read, or nothing (it is gone). */
export type MailboxRead =
  | { bytes: Uint8Array; contentType?: string }
  | { tooLarge: number; etag: string }
  | undefined;

/** Reads mailbox objects within a byte limit, so a huge upload cannot exhaust the function's memory. */
export class MailboxObjectReader {
  constructor(
    private readonly s3: S3Client,
    readonly maxObjectBytes: number = DEFAULT_MAX_OBJECT_BYTES,
  ) {}

  async read(bucket: string, key: string): Promise<MailboxRead> {
    let etag = '';
    try {
      const answer = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      etag = answer.ETag ?? '';
      // Refused by its length when S3 gives one, or stopped mid-stream.
      const bytes = await readAtMost(answer.Body as ByteSource, this.maxObjectBytes, answer.ContentLength);
      return { bytes, ...(answer.ContentType ? { contentType: answer.ContentType } : {}) };
    } catch (error) {
      if (error instanceof BodyTooLargeError) return { tooLarge: error.size, etag };
      // Deleted before we got to it (or a test event): nothing to take in, nothing to retry.
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
