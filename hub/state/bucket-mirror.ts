import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

interface IndexEntry {
  file: string;
  contentType?: string;
}

type Index = Record<string, IndexEntry>;

/**
 * fauxqs keeps objects in memory only, so the hub copies every object it sees appear to
 * `.hub/s3/<bucket>/` (content addressed by key hash, with an index of keys) and puts them back at the
 * next start. Originals in the archive bucket therefore survive a restart, as they would on AWS.
 */
export class BucketMirror {
  constructor(
    private readonly s3: S3Client,
    private readonly root: string,
  ) {}

  async saveObject(bucket: string, key: string): Promise<{ eTag?: string }> {
    const answer = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from((await answer.Body?.transformToByteArray()) ?? new Uint8Array());
    const directory = join(this.root, safeDirectory(bucket));
    mkdirSync(join(directory, 'objects'), { recursive: true });
    const file = join('objects', createHash('sha256').update(key).digest('hex'));
    writeFileSync(join(directory, file), bytes);
    const index = this.readIndex(bucket);
    index[key] = { file, ...(answer.ContentType ? { contentType: answer.ContentType } : {}) };
    this.writeIndex(bucket, index);
    return answer.ETag ? { eTag: answer.ETag } : {};
  }

  removeObject(bucket: string, key: string): void {
    const index = this.readIndex(bucket);
    const entry = index[key];
    if (!entry) return;
    rmSync(join(this.root, safeDirectory(bucket), entry.file), { force: true });
    delete index[key];
    this.writeIndex(bucket, index);
  }

  /** Puts every saved object back; calls `restored` with each key and its new ETag. */
  async restore(bucket: string, restored: (key: string, eTag: string) => void): Promise<number> {
    const index = this.readIndex(bucket);
    let count = 0;
    for (const [key, entry] of Object.entries(index)) {
      const path = join(this.root, safeDirectory(bucket), entry.file);
      if (!existsSync(path)) continue;
      const answer = await this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: readFileSync(path),
          ...(entry.contentType ? { ContentType: entry.contentType } : {}),
        }),
      );
      restored(key, answer.ETag ?? '');
      count++;
    }
    return count;
  }

  private readIndex(bucket: string): Index {
    const path = join(this.root, safeDirectory(bucket), 'index.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Index) : {};
  }

  private writeIndex(bucket: string, index: Index): void {
    const directory = join(this.root, safeDirectory(bucket));
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'index.json.tmp'), JSON.stringify(index));
    renameSync(join(directory, 'index.json.tmp'), join(directory, 'index.json'));
  }
}

/** Bucket names are already file-name safe; this keeps it so for names from elsewhere. */
function safeDirectory(bucket: string): string {
  return bucket.replace(/[^a-z0-9.-]/gi, '_');
}
