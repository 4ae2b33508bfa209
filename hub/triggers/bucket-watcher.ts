import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { PollLoop } from '../polling/poll-loop.ts';

export interface ObjectChange {
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  lastModified: Date;
}

export interface BucketWatcherOptions {
  s3: S3Client;
  buckets: readonly string[];
  /** Where the last seen ETag of every key is kept, so a restart does not announce old objects again. */
  statePath: string;
  intervalMs?: number;
  onCreated: (change: ObjectChange) => Promise<void> | void;
  onRemoved?: (change: { bucket: string; key: string }) => Promise<void> | void;
  onError?: (error: unknown) => void;
}

type Seen = Record<string, Record<string, string>>;

/**
 * Detects new and overwritten objects by listing the buckets (ListObjectsV2, all pages) — the emulators
 * accept S3 notification configurations but never deliver them, and listing works the same against
 * LocalStack. The ETags seen are kept in `.hub/`, so each upload is announced exactly once, across restarts.
 */
export class BucketWatcher extends PollLoop {
  private seen: Seen;

  constructor(private readonly options: BucketWatcherOptions) {
    super({ intervalMs: options.intervalMs, onError: (error) => options.onError?.(error) });
    this.seen = existsSync(options.statePath)
      ? (JSON.parse(readFileSync(options.statePath, 'utf8')) as Seen)
      : {};
  }

  /** Records an object as already announced (e.g. one restored from `.hub/` at start). */
  acknowledge(bucket: string, key: string, eTag: string): void {
    this.seen[bucket] ??= {};
    (this.seen[bucket] as Record<string, string>)[key] = eTag;
    this.save();
  }

  /** One pass over every bucket; resolves after the callbacks of what it found. */
  protected async scanOnce(): Promise<void> {
    for (const bucket of this.options.buckets) {
      const known = this.seen[bucket] ?? {};
      const present = new Set<string>();
      let token: string | undefined;
      do {
        const page = await this.options.s3.send(
          new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }),
        );
        for (const object of page.Contents ?? []) {
          const key = object.Key as string;
          const eTag = object.ETag ?? '';
          present.add(key);
          if (known[key] === eTag) continue;
          await this.options.onCreated({
            bucket,
            key,
            size: object.Size ?? 0,
            eTag,
            lastModified: object.LastModified ?? new Date(),
          });
          this.acknowledge(bucket, key, eTag);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      for (const key of Object.keys(known)) {
        if (present.has(key)) continue;
        delete known[key];
        this.save();
        await this.options.onRemoved?.({ bucket, key });
      }
    }
  }

  private save(): void {
    mkdirSync(dirname(this.options.statePath), { recursive: true });
    const temporary = `${this.options.statePath}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.seen));
    renameSync(temporary, this.options.statePath);
  }
}
