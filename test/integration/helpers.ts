import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { inject } from 'vitest';
import type { NormalizedEvent } from '../../events/index.ts';
import { s3ObjectCreatedEvent } from '../../hub/triggers/s3-notification-trigger.ts';
import { LocalRateLimiter } from '../../lib/cash/rate-limit/index.ts';
import type { DocumentRecord } from '../../lib/documents/index.ts';
import {
  ensureBucket,
  ensureFifoQueue,
  ensureTable,
  idempotencyTable,
  pkSkTable,
} from '../../lib/local/provision.ts';
import { SqsEventSource } from '../../lib/local/sqs-event-source.ts';
import { type AwsClients, createAwsClients } from '../../lib/runtime/aws-clients.ts';
import { unpackMessage } from '../../lib/runtime/event-batch-message.ts';
import { type CashWriter, createCashWriter } from '../../lib/writer/index.ts';

export interface TestResources {
  clients: AwsClients;
  documentsTable: string;
  idempotencyTable: string;
  mirrorTable: string;
  queue: Awaited<ReturnType<typeof ensureFifoQueue>>;
}

const REGION = 'eu-west-1';

/** Fresh tables and queue names per test file, so files never see each other's state. */
export async function testResources(
  options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {},
): Promise<TestResources> {
  const clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: REGION });
  const suffix = randomUUID().slice(0, 8);
  const names = {
    documentsTable: `documents-${suffix}`,
    idempotencyTable: `idempotency-${suffix}`,
    mirrorTable: `mirror-${suffix}`,
  };
  await Promise.all([
    ensureTable(clients.dynamo, pkSkTable(names.documentsTable)),
    ensureTable(clients.dynamo, idempotencyTable(names.idempotencyTable)),
    ensureTable(clients.dynamo, pkSkTable(names.mirrorTable)),
  ]);
  const queue = await ensureFifoQueue(clients.sqs, `events-${suffix}`, {
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
    maxReceiveCount: options.maxReceiveCount ?? 5,
  });
  return { clients, ...names, queue };
}

/** Powertools logs and metrics off: the assertions say what matters. */
export function quietPowertools(): void {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
}

export interface ConnectorBuckets {
  /** Where files arrive (`<administration>/<folder>/<file>`). */
  mailbox: string;
  /** Where the connector keeps the originals. */
  archive: string;
}

/** A mailbox and an archive bucket under fresh names (`mailbox-<label>-<suffix>`), created. */
export async function connectorBuckets(s3: S3Client, label = 'test'): Promise<ConnectorBuckets> {
  const suffix = randomUUID().slice(0, 8);
  const buckets = { mailbox: `mailbox-${label}-${suffix}`, archive: `archive-${label}-${suffix}` };
  await Promise.all([ensureBucket(s3, buckets.mailbox), ensureBucket(s3, buckets.archive)]);
  return buckets;
}

export interface S3PutEventOptions {
  /** When the object was created; connectors file their originals by it. */
  eventTime?: string;
  size?: number;
  eTag?: string;
}

/**
 * The S3 ObjectCreated:Put notification for `keys` in `bucket`, built the way the local hub builds it (key
 * form-encoded as S3 does), one record per key.
 */
export function s3PutEvent(
  bucket: string,
  keys: string | readonly string[],
  options: S3PutEventOptions = {},
): S3Event {
  const lastModified = new Date(options.eventTime ?? '2026-03-14T10:00:00.000Z');
  return {
    Records: (typeof keys === 'string' ? [keys] : keys).flatMap(
      (key) =>
        s3ObjectCreatedEvent(
          { bucket, key, size: options.size ?? 0, eTag: options.eTag ?? '', lastModified },
          REGION,
          'integration-test',
        ).Records,
    ),
  };
}

/** Puts `body` under `key` in a mailbox bucket and returns the ObjectCreated event S3 sends for it. */
export async function putMailboxObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  options: { contentType?: string; eventTime?: string } = {},
): Promise<S3Event> {
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ...(options.contentType ? { ContentType: options.contentType } : {}),
    }),
  );
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return s3PutEvent(bucket, key, {
    size,
    ...(put.ETag ? { eTag: put.ETag } : {}),
    ...(options.eventTime ? { eventTime: options.eventTime } : {}),
  });
}

/** The bytes of one object. */
export async function readObject(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await answer.Body?.transformToByteArray()) ?? new Uint8Array(0);
}

/** The original file a document record points at (`source.document`), as stored. */
export async function readOriginal(s3: S3Client, document: DocumentRecord | undefined): Promise<Uint8Array> {
  const location = document?.source.document;
  if (!location?.bucket || !location.key)
    throw new Error(
      `document ${document?.id ?? '(missing)'} names no stored original: ${JSON.stringify(location)}`,
    );
  return readObject(s3, location.bucket, location.key);
}

/** Takes every message off the test's event queue and returns the events in them, in order. */
export async function drainEvents<T extends NormalizedEvent = NormalizedEvent>(
  res: TestResources,
): Promise<T[]> {
  const events: T[] = [];
  // Stops at the second empty answer: one empty answer alone can come before a just-sent message shows.
  for (let empty = 0; empty < 2; ) {
    const { Messages } = await res.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: res.queue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (!Messages?.length) {
      empty++;
      continue;
    }
    for (const message of Messages) {
      events.push(...(unpackMessage(message.Body ?? '') as T[]));
      await res.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: res.queue.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
  return events;
}

type CashWriterOptions = Parameters<typeof createCashWriter>[0];

/**
 * A CASH writer on the test's tables for tenant `acme` (or `tenant`), with a generous local rate limiter
 * unless one is given; `options` carries the connections and whatever else the test varies.
 */
export function testCashWriter(
  res: TestResources,
  options: Omit<
    CashWriterOptions,
    'clients' | 'documentsTable' | 'idempotencyTable' | 'mirrorTable' | 'tenant'
  > & {
    tenant?: string;
  },
): CashWriter {
  return createCashWriter({
    clients: res.clients,
    documentsTable: res.documentsTable,
    idempotencyTable: res.idempotencyTable,
    mirrorTable: res.mirrorTable,
    tenant: 'acme',
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
    ...options,
  });
}

type SqsEventSourceOptions = ConstructorParameters<typeof SqsEventSource>[0];

/** The cash-writer's event source mapping on the test's event queue; `options` gives the handler and timing. */
export function writerEventSource(
  res: TestResources,
  options: Omit<SqsEventSourceOptions, 'sqs' | 'queueUrl' | 'queueArn' | 'functionName'>,
): SqsEventSource {
  return new SqsEventSource({
    sqs: res.clients.sqs,
    queueUrl: res.queue.queueUrl,
    queueArn: res.queue.queueArn,
    functionName: 'cash-writer',
    ...options,
  });
}

/** A fresh API-key table (keys and request nonces) beside the test's tables, as the partner-api function has. */
export async function apiKeysTable(res: TestResources): Promise<string> {
  const name = `api-keys-${randomUUID().slice(0, 8)}`;
  await ensureTable(res.clients.dynamo, pkSkTable(name));
  return name;
}
