import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../events/index.ts';
import { createInvoiceMailboxHandler } from '../../../functions/invoice-mailbox/invoice-mailbox-handler.ts';
import { InvoiceMailboxIntake } from '../../../functions/invoice-mailbox/mailbox-intake.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import {
  applyInvoiceCorrection,
  DynamoDuplicateRegistry,
  DynamoLedgerMemory,
  type InvoiceContext,
  type InvoiceResult,
  inMemoryInvoiceContext,
  invoiceSettings,
  MirrorPartyDirectory,
  processInvoiceFile,
} from '../../../lib/invoices/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { ensureBucket } from '../../../lib/local/provision.ts';
import { MirrorStore } from '../../../lib/mirror/index.ts';
import { unpackMessage } from '../../../lib/runtime/event-batch-message.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { type CashWriter, createCashWriter } from '../../../lib/writer/index.ts';
import { type TestResources, testResources } from '../helpers.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ublDir = join(repoRoot, '..', 'shared', 'corpus', 'ubl');
const corpus = readdirSync(ublDir)
  .filter((f) => /\.xml$/i.test(f))
  .sort();
const read = (file: string) => new Uint8Array(readFileSync(join(ublDir, file)));

const TENANT = 'acme';
const ADM = 'DEMO';
const KEY = 'mailbox-test-key';
let res: TestResources;
let mailbox: string;
let archive: string;
let documents: DocumentStore;
let handler: ReturnType<typeof createInvoiceMailboxHandler>;
let sim: CashSimulator;
let writer: CashWriter;
const settingsInput: Parameters<typeof invoiceSettings>[0] = { allowNewRelations: true };

function context(administration: string): InvoiceContext {
  const scope = { tenant: TENANT, administration };
  return {
    settings: invoiceSettings(settingsInput),
    parties: new MirrorPartyDirectory(
      new MirrorStore(res.clients.documents, res.mirrorTable),
      administration,
    ),
    ledgerMemory: new DynamoLedgerMemory(res.clients.documents, res.mirrorTable, scope),
    duplicates: new DynamoDuplicateRegistry(res.clients.documents, res.mirrorTable, scope),
  };
}

/** What the pure logic makes of a file with fresh in-memory stores: the expectation for one upload. */
function expected(bytes: Uint8Array, filename: string): Promise<InvoiceResult> {
  return processInvoiceFile(
    { bytes, filename, direction: 'purchase', administration: ADM, tenant: TENANT },
    inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
  );
}

function s3Event(keys: string[]): S3Event {
  return {
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2026-03-14T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'test' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'invoice-mailbox',
        bucket: { name: mailbox, ownerIdentity: { principalId: 'test' }, arn: `arn:aws:s3:::${mailbox}` },
        // S3 events carry keys URL-encoded with + for spaces.
        object: {
          key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'),
          size: 1,
          eTag: 'e',
          sequencer: '1',
        },
      },
    })),
  } as S3Event;
}

async function upload(key: string, bytes: Uint8Array, contentType?: string) {
  await res.clients.s3.send(
    new PutObjectCommand({
      Bucket: mailbox,
      Key: key,
      Body: bytes,
      ...(contentType ? { ContentType: contentType } : {}),
    }),
  );
  return handler(s3Event([key]), lambdaContext('invoice-mailbox', 60_000));
}

async function archived(key: string): Promise<Uint8Array> {
  const answer = await res.clients.s3.send(new GetObjectCommand({ Bucket: archive, Key: key }));
  return (await answer.Body?.transformToByteArray()) ?? new Uint8Array(0);
}

/** Receives and deletes everything on the queue. */
async function drain(): Promise<NormalizedEvent[]> {
  const events: NormalizedEvent[] = [];
  for (let empty = 0; empty < 2; ) {
    const answer = await res.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: res.queue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (!answer.Messages?.length) {
      empty++;
      continue;
    }
    for (const message of answer.Messages) {
      events.push(...(unpackMessage(message.Body ?? '') as NormalizedEvent[]));
      await res.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: res.queue.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
  return events;
}

function emailWith(filename: string, content: Uint8Array, to: string): Uint8Array {
  const boundary = 'mailbox-test-boundary';
  const text = [
    'From: Leverancier <facturen@example.nl>',
    `To: ${to}`,
    'Subject: Factuur',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Zie bijlage.',
    `--${boundary}`,
    `Content-Type: application/xml; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(content).toString('base64').replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return new TextEncoder().encode(text);
}

/** A corpus invoice the pure logic books (status ok) with a supplier VAT id, chosen by content, not by name. */
async function bookableInvoices(): Promise<{ file: string; bytes: Uint8Array; result: InvoiceResult }[]> {
  const found = [];
  for (const file of corpus) {
    const bytes = read(file);
    const result = await expected(bytes, file);
    if (result.status === 'ok' && result.party?.vatId && result.currency === 'EUR')
      found.push({ file, bytes, result });
  }
  return found;
}

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  res = await testResources();
  const suffix = randomUUID().slice(0, 8);
  mailbox = `mailbox-${suffix}`;
  archive = `archive-${suffix}`;
  await Promise.all([ensureBucket(res.clients.s3, mailbox), ensureBucket(res.clients.s3, archive)]);
  documents = new DocumentStore(res.clients.documents, res.documentsTable);
  handler = createInvoiceMailboxHandler({
    observability: observability('invoice-mailbox-test'),
    intake: async () =>
      new InvoiceMailboxIntake({
        tenant: TENANT,
        administrations: [ADM],
        s3: res.clients.s3,
        archiveBucket: archive,
        documents,
        documentsClient: res.clients.documents,
        documentsTable: res.documentsTable,
        publisher: new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents),
        context,
      }),
  });
  sim = new CashSimulator({ apiKeys: { [KEY]: [ADM] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  writer = createCashWriter({
    clients: res.clients,
    documentsTable: res.documentsTable,
    idempotencyTable: res.idempotencyTable,
    mirrorTable: res.mirrorTable,
    tenant: TENANT,
    connections: { [ADM]: { baseUrl, apiKey: KEY, timeoutMs: 5_000, pollIntervalMs: 10 } },
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
    leaseMs: 2_000,
    minRemainingMs: 0,
  });
});

afterAll(async () => {
  await sim?.stop();
});

describe('invoice-mailbox Lambda on the emulators', () => {
  it.each(corpus)('takes in %s: archived unchanged, file status as the pure logic decides', async (file) => {
    // Prepare
    const bytes = read(file);
    const want = await expected(bytes, file);
    const key = `${ADM}/purchase/corpus/${file}`;
    // Act
    const answer = await upload(key, bytes, 'application/xml');
    const events = await drain();
    // Assess
    const outcome = answer.outcomes[0];
    expect(answer.failed).toEqual([]);
    const doc = await documents.get(outcome?.documentId as string);
    expect(doc?.kind).toBe('file');
    expect(doc?.source.connector).toBe('invoice-mailbox');
    expect(await archived(doc?.source.document?.key as string)).toEqual(bytes);
    expect(doc?.source.document?.key).toMatch(/^originals\/DEMO\/2026\/03\/[0-9a-f]{64}\/.+\.xml$/i);
    const statusFor = {
      ok: 'queued',
      review: 'review',
      rejected: 'rejected',
      duplicate: 'duplicate',
    } as const;
    // Corpus files share invoice numbers and suppliers, so a later one may be a duplicate of an earlier one.
    if (doc?.status === 'duplicate') {
      expect(want.status).not.toBe('rejected');
      expect(doc.duplicateOf).toMatch(/^doc_[0-9a-f]{64}$/);
      expect(events).toEqual([]);
      return;
    }
    expect(doc?.status).toBe(statusFor[want.status]);
    if (doc?.status === 'queued') {
      expect(events.map((e) => e.id).sort()).toEqual([...(doc.eventIds ?? [])].sort());
      expect(events.every((e) => e.source.document?.key === doc.source.document?.key)).toBe(true);
      for (const id of doc.eventIds ?? []) expect((await documents.get(id))?.status).toBe('queued');
    } else expect(events).toEqual([]);
    if (doc?.status === 'rejected') {
      expect(doc.errors?.length).toBeGreaterThan(0);
      expect(doc.errors?.[0]).toMatchObject({
        source: 'validation',
        rule: expect.any(String),
        path: expect.any(String),
      });
    }
  });
});
