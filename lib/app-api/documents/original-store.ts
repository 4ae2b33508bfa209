import type { OriginalLocation } from './original-file.ts';

/** An original as kept in S3: its size, and its bytes when it is not larger than the reader asked for. */
export interface OriginalObject {
  size: number;
  body?: Uint8Array;
  contentType?: string;
}

/** Reads originals (S3 in AWS and in the hub's emulator); undefined when the object is gone. */
export interface OriginalStore {
  /** The buckets originals may be read from (archive, mailbox); any other location names nothing. */
  readonly buckets: readonly string[];
  get(location: OriginalLocation, maxBytes: number): Promise<OriginalObject | undefined>;
}
