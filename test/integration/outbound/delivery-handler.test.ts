import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureFifoQueue, ensureTable } from '../../../lib/local/provision.ts';
import { SqsEventSource } from '../../../lib/local/sqs-event-source.ts';
import {
  createDeliveryHandler,
  DeliveryError,
  DeliveryQueue,
  DeliveryStore,
  type DeliveryTarget,
} from '../../../lib/outbound/index.ts';
import { type AwsClients, createAwsClients } from '../../../lib/runtime/aws-clients.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { DynamoTokenBucket } from '../../../lib/runtime/rate-window/index.ts';
import { articleEvent, deliveriesTableInput, deliveryMessageOf } from '../../support/outbound.ts';

/** The target's own little shop: answers per article code over real HTTP, counting what it was sent. */
function shopServer() {
  const received: string[] = [];
  const server = createServer((request, response) => {
    const code = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
    received.push(code);
    const seen = received.filter((c) => c === code).length;
    if (code === 'A429' && seen === 1) {
      response.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      response.end('{"error":"too many requests"}');
    } else if (code === 'A400') {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":"price must be positive"}');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `p-${code}` }));
    }
  });
  return { server, received };
}

/** A target speaking plain HTTP: 2xx delivered, 429/5xx retryable (with Retry-After), other 4xx permanent. */
function httpTarget(baseUrl: string): DeliveryTarget {
  return {
    name: 'httpshop',
    accepts: ['article.changed'],
    async deliver(message) {
      const response = await fetch(`${baseUrl}/products/${encodeURIComponent(message.event.key)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message.event.data),
      });
      const answer = await response.text();
      if (response.ok)
        return { status: 'delivered', remoteId: (JSON.parse(answer) as { id: string }).id, answer };
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new DeliveryError(
        `the shop answered ${response.status}`,
        response.status === 429 || response.status >= 500,
        {
          status: response.status,
          answer,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        },
      );
    },
  };
}

let clients: AwsClients;
let store: DeliveryStore;
let source: SqsEventSource;
let queue: DeliveryQueue;
let queueUrl: string;
let shop: ReturnType<typeof shopServer>;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: 'eu-west-1' });
  const suffix = randomUUID().slice(0, 8);
  const table = `deliveries-${suffix}`;
  await ensureTable(clients.dynamo, deliveriesTableInput(table));
  const pair = await ensureFifoQueue(clients.sqs, `deliveries-httpshop-${suffix}`, {
    visibilityTimeoutSeconds: 5,
    maxReceiveCount: 5,
  });
  queueUrl = pair.queueUrl;
  shop = shopServer();
  await new Promise<void>((resolve) => shop.server.listen(0, '127.0.0.1', resolve));
  const { port } = shop.server.address() as AddressInfo;
  store = new DeliveryStore(clients.documents, table);
  queue = new DeliveryQueue(clients.sqs, queueUrl);
  const handler = createDeliveryHandler({
    target: httpTarget(`http://127.0.0.1:${port}`),
    store,
    limiter: new DynamoTokenBucket({ client: clients.documents, tableName: table, sortKey: 'sk' }),
    rate: { burst: 10, intervalMs: 100 },
    sqs: clients.sqs,
    queueUrl,
    maxReceiveCount: 5,
    observability: observability('delivery-httpshop'),
  });
  source = new SqsEventSource({
    sqs: clients.sqs,
    queueUrl,
    queueArn: pair.queueArn,
    handler: handler as never,
    functionName: 'delivery-httpshop',
  });
});

afterAll(async () => {
  await new Promise((resolve) => shop.server.close(resolve));
});

/** Polls the queue until `done` holds (or 20 s pass). */
async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await done()) return;
    await source.pollOnce(1);
  }
}

const statusOf = async (code: string) =>
  (await store.get('ADM1', 'httpshop', 'article.changed', code))?.status;

describe('delivery handler on the emulators, to a real HTTP target', () => {
  it('delivers, retries a 429 after its Retry-After, fails a 400 with its answer, and delivers a redelivery once', async () => {
    // Prepare
    const messages = ['A200', 'A429', 'A400'].map((code) =>
      deliveryMessageOf(articleEvent(code, `Artikel ${code}`), 'httpshop'),
    );
    await store.pending(messages, new Date());
    await queue.send(messages);
    // The same message once more under another deduplication id: what an SQS redelivery looks like.
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(messages[0]),
        MessageGroupId: 'redelivery',
        MessageDeduplicationId: randomUUID(),
      }),
    );

    // Act
    const started = Date.now();
    await until(
      async () => (await statusOf('A429')) === 'delivered' && (await statusOf('A400')) === 'failed',
    );
    await source.pollOnce(1);

    // Assess
    expect(await store.get('ADM1', 'httpshop', 'article.changed', 'A200')).toMatchObject({
      status: 'delivered',
      remoteId: 'p-A200',
      attempts: 1,
    });
    expect(shop.received.filter((c) => c === 'A200')).toHaveLength(1);
    const retried = await store.get('ADM1', 'httpshop', 'article.changed', 'A429');
    expect(retried).toMatchObject({ status: 'delivered', remoteId: 'p-A429', attempts: 2 });
    expect(shop.received.filter((c) => c === 'A429')).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(await store.get('ADM1', 'httpshop', 'article.changed', 'A400')).toMatchObject({
      status: 'failed',
      error: 'HTTP 400: the shop answered 400',
      answer: '{"error":"price must be positive"}',
    });
    expect(shop.received.filter((c) => c === 'A400')).toHaveLength(1);
    const failed = await store.list({
      administration: 'ADM1',
      target: 'httpshop',
      status: 'failed',
      limit: 10,
    });
    expect(failed.items.map((r) => r.key)).toEqual(['A400']);
  });
});
