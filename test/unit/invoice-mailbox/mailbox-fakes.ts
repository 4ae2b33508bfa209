import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { validateEvent } from '../../../events/index.ts';
import type { DocumentRecord, DocumentStatus, DocumentStore } from '../../../lib/documents/index.ts';
import type { MailboxIntakeDeps } from '../../../lib/intake/index.ts';
import { inMemoryInvoiceContext } from '../../../lib/invoices/index.ts';
import type { PublishOutcome } from '../../../lib/runtime/event-publisher.ts';
import { BANK_FOLDERS, corpusFiles, corpusSamples, readCorpusFile } from '../../support/corpus.ts';

/** Every bank corpus file (statement formats by folder), read. */
export function bankCorpusFiles(): { folder: string; name: string; bytes: Uint8Array }[] {
  return corpusSamples(BANK_FOLDERS).map(({ folder, name }) => ({
    folder,
    name,
    bytes: readCorpusFile(folder, name),
  }));
}

/** The UBL corpus invoices, read. */
export function ublCorpusFiles(): { name: string; bytes: Uint8Array }[] {
  return corpusFiles('ubl', { ext: '.xml' }).map((name) => ({ name, bytes: readCorpusFile('ubl', name) }));
}

interface StoredObject {
  body: Uint8Array;
  contentType?: string;
  metadata?: Record<string, string>;
}

/** An S3 client over a map of `bucket/key` → object: Get/Head/Put object and ListObjectsV2, as S3 answers them. */
export class FakeS3 {
  readonly objects = new Map<string, StoredObject>();
  readonly puts: string[] = [];

  put(bucket: string, key: string, body: Uint8Array, contentType?: string): void {
    this.objects.set(`${bucket}/${key}`, { body, ...(contentType ? { contentType } : {}) });
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  /** Keys in `bucket` under `prefix`. */
  keys(bucket: string, prefix = ''): string[] {
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/${prefix}`))
      .map((k) => k.slice(bucket.length + 1));
  }

  async send(command: unknown): Promise<unknown> {
    if (command instanceof GetObjectCommand || command instanceof HeadObjectCommand) {
      const { Bucket, Key } = command.input;
      const found = this.get(Bucket as string, Key as string);
      if (!found) {
        const missing = command instanceof GetObjectCommand ? 'NoSuchKey' : 'NotFound';
        throw Object.assign(new Error(missing), { name: missing, $metadata: { httpStatusCode: 404 } });
      }
      return {
        ContentLength: found.body.byteLength,
        ...(found.contentType ? { ContentType: found.contentType } : {}),
        ...(command instanceof GetObjectCommand
          ? { Body: { transformToByteArray: async () => found.body } }
          : {}),
      };
    }
    if (command instanceof ListObjectsV2Command) {
      const { Bucket, Prefix, MaxKeys } = command.input;
      const keys = this.keys(Bucket as string, Prefix ?? '')
        .sort()
        .slice(0, MaxKeys ?? 1000);
      return { KeyCount: keys.length, Contents: keys.map((Key) => ({ Key })) };
    }
    if (command instanceof PutObjectCommand) {
      const input = command.input as PutObjectCommandInput;
      const body = input.Body as Uint8Array;
      this.puts.push(`${input.Bucket}/${input.Key}`);
      this.objects.set(`${input.Bucket}/${input.Key}`, {
        body,
        ...(input.ContentType ? { contentType: input.ContentType } : {}),
        ...(input.Metadata ? { metadata: input.Metadata } : {}),
      });
      return {};
    }
    throw new Error(`FakeS3 does not answer ${(command as object).constructor.name}`);
  }
}

/** Document status records in memory; `failOn` makes the next transition to that status throw once. */
export class FakeDocuments {
  readonly records = new Map<string, DocumentRecord>();
  readonly failOn = new Set<DocumentStatus>();

  async get(id: string): Promise<DocumentRecord | undefined> {
    return this.records.get(id);
  }

  async transition(
    id: string,
    status: DocumentStatus,
    patch: Partial<DocumentRecord> = {},
    note?: string,
  ): Promise<void> {
    if (this.failOn.delete(status)) throw new Error(`DynamoDB unavailable while marking ${id} ${status}`);
    const at = new Date().toISOString();
    const existing = this.records.get(id);
    this.records.set(id, {
      ...(existing ?? ({ createdAt: at, history: [] } as unknown as DocumentRecord)),
      ...patch,
      id,
      status,
      updatedAt: at,
      history: [...(existing?.history ?? []), { status, at, ...(note ? { note } : {}) }],
    } as DocumentRecord);
  }
}

/** A publisher that validates and keeps the events. */
export class FakePublisher {
  readonly events: { id: string; type: string }[] = [];
  async publish(inputs: unknown[]): Promise<PublishOutcome[]> {
    return inputs.map((input, index) => {
      const checked = validateEvent(input);
      if (!checked.ok) return { index, status: 'invalid', issues: checked.issues, message: 'invalid' };
      this.events.push(checked.value);
      return { id: checked.value.id, status: 'queued' };
    });
  }
}

export const MAILBOX = 'mailbox-bucket';
export const ARCHIVE = 'archive-bucket';

/** Intake dependencies on the fakes, for tenant `acme` and administration `DEMO`. */
export function fakeIntakeDeps(
  s3: FakeS3,
  documents: FakeDocuments,
  publisher: FakePublisher,
  overrides: Partial<MailboxIntakeDeps> = {},
): MailboxIntakeDeps {
  const context = inMemoryInvoiceContext({ settings: { allowNewRelations: true } });
  return {
    tenant: 'acme',
    administrations: ['DEMO'],
    s3: s3 as unknown as S3Client,
    archiveBucket: ARCHIVE,
    documents: documents as unknown as DocumentStore,
    documentsClient: { send: async () => ({}) } as unknown as DynamoDBDocumentClient,
    documentsTable: 'documents',
    publisher,
    context: () => context,
    ...overrides,
  };
}
