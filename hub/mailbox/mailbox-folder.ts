import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PollLoop } from '../polling/poll-loop.ts';

export interface MailboxUpload {
  file: string;
  bucket: string;
  key: string;
  bytes: number;
  error?: unknown;
}

export interface MailboxFolderOptions {
  /** The local folder, e.g. `<project>/mailbox`. */
  root: string;
  s3: S3Client;
  bucket: string;
  /** Key prefixes the stack listens to, e.g. `DEMO/purchase/`; each becomes `mailbox/DEMO/purchase/`. */
  prefixes: readonly string[];
  intervalMs?: number;
  onUpload?: (upload: MailboxUpload) => void;
}

/** A file is uploaded once its size and modification time held still for one poll (no half-written files). */
interface Candidate {
  size: number;
  mtimeMs: number;
}

const PROCESSED = 'processed';

/**
 * The local face of the mailbox bucket: a file dropped in `mailbox/<administration>/<directory>/` is
 * uploaded under the same key (`<administration>/<directory>/<file>`) and then moved to `processed/` next
 * to it, so the folder shows what is still waiting. Hidden and temporary files are left alone.
 */
export class MailboxFolder extends PollLoop {
  private readonly candidates = new Map<string, Candidate>();

  constructor(private readonly options: MailboxFolderOptions) {
    super({
      intervalMs: options.intervalMs,
      // A pass that failed as a whole (e.g. a folder turned unreadable) is told against the root.
      onError: (error) =>
        options.onUpload?.({ file: options.root, bucket: options.bucket, key: '', bytes: 0, error }),
    });
  }

  /** The folders a user drops files into (created on start). */
  get folders(): string[] {
    return this.options.prefixes.map((prefix) =>
      join(this.options.root, ...prefix.split('/').filter(Boolean)),
    );
  }

  override start(): void {
    for (const folder of this.folders) mkdirSync(folder, { recursive: true });
    super.start();
  }

  /** One pass: uploads the files that were already there, unchanged, at the previous pass. */
  protected async scanOnce(): Promise<void> {
    for (const [index, folder] of this.folders.entries()) {
      if (!existsSync(folder)) continue;
      const prefix = this.options.prefixes[index] as string;
      for (const name of readdirSync(folder)) {
        if (name.startsWith('.') || name.startsWith('~') || /\.(tmp|part|crdownload)$/i.test(name)) continue;
        const file = join(folder, name);
        const stat = statSync(file, { throwIfNoEntry: false });
        if (!stat?.isFile()) continue;
        const before = this.candidates.get(file);
        this.candidates.set(file, { size: stat.size, mtimeMs: stat.mtimeMs });
        if (!before || before.size !== stat.size || before.mtimeMs !== stat.mtimeMs) continue;
        this.candidates.delete(file);
        await this.upload(file, `${prefix.endsWith('/') ? prefix : `${prefix}/`}${name}`);
      }
    }
  }

  private async upload(file: string, key: string): Promise<void> {
    const { s3, bucket } = this.options;
    const body = readFileSync(file);
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentTypeOf(file) }),
      );
    } catch (error) {
      this.options.onUpload?.({ file, bucket, key, bytes: body.length, error });
      return;
    }
    const processed = join(file, '..', PROCESSED);
    mkdirSync(processed, { recursive: true });
    renameSync(file, freeName(processed, basename(file)));
    this.options.onUpload?.({ file, bucket, key, bytes: body.length });
  }
}

/** `invoice.pdf`, or `invoice-2.pdf` … when processed/ already holds one by that name. */
function freeName(directory: string, name: string): string {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let candidate = join(directory, name);
  for (let n = 2; existsSync(candidate); n++) candidate = join(directory, `${stem}-${n}${extension}`);
  return candidate;
}

const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.eml': 'message/rfc822',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.sta': 'text/plain',
  '.mt940': 'text/plain',
  '.json': 'application/json',
};

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
