import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureFifoQueue, ensureTable, pkSkTable } from '../../../lib/local/provision.ts';
import { MirrorStore } from '../../../lib/mirror/index.ts';
import {
  DeliveryQueue,
  DeliveryRetry,
  type DeliveryRetryError,
  DeliveryStore,
  readQueueBody,
} from '../../../lib/outbound/index.ts';
import { type AwsClients, createAwsClients } from '../../../lib/runtime/aws-clients.ts';
import { articleEvent, deliveriesTableInput, deliveryMessageOf } from '../../support/outbound.ts';

let clients: AwsClients;
let mirror: MirrorStore;
let records: DeliveryStore;
let queueUrl: string;
const at = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: 'eu-west-1' });
  const suffix = randomUUID().slice(0, 8);
  await Promise.all([
    ensureTable(clients.dynamo, pkSkTable(`mirror-${suffix}`)),
    ensureTable(clients.dynamo, deliveriesTableInput(`deliveries-${suffix}`)),
  ]);
  queueUrl = (
    await ensureFifoQueue(clients.sqs, `deliveries-shop-${suffix}`, {
      visibilityTimeoutSeconds: 5,
      maxReceiveCount: 5,
    })
  ).queueUrl;
  mirror = new MirrorStore(clients.documents, `mirror-${suffix}`);
  records = new DeliveryStore(clients.documents, `deliveries-${suffix}`);
  await mirror.replace(
    'ADM1',
    'articles',
    [{ code: 'A1', description: 'Koffie', group: 'webshop', salesPriceCents: 1995, freeStock: 4 }],
    at.toISOString(),
  );
});

const retryOf = () =>
  new DeliveryRetry({
    tenant: 'acme',
    records,
    mirror,
    queueOf: (target) => (target === 'shop' ? new DeliveryQueue(clients.sqs, queueUrl) : undefined),
    clock: () => at,
  });

describe('DeliveryRetry on the emulators', () => {
  it('puts a failed delivery back on the target queue with the mirror’s content, its record pending again', async () => {
    // Prepare: the change was queued and the shop refused it for good
    const failedMessage = deliveryMessageOf(articleEvent('A1', 'Koffie oud'), 'shop');
    await records.pending([failedMessage], new Date('2026-12-02T09:00:00.000Z'));
    await records.failed(
      failedMessage,
      { error: 'HTTP 400: invalid regular_price' },
      new Date('2026-12-02T09:01:00.000Z'),
    );
    // Act
    const message = await retryOf().retry({
      administration: 'ADM1',
      target: 'shop',
      type: 'article.changed',
      key: 'A1',
    });
    // Assess
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toHaveLength(1);
    const queued = readQueueBody(Messages?.[0]?.Body ?? '');
    expect(queued).toEqual({ kind: 'delivery', message });
    expect(message.event.data).toMatchObject({ code: 'A1', salesPriceCents: 1995 });
    const record = await records.get('ADM1', 'shop', 'article.changed', 'A1');
    expect(record).toMatchObject({ status: 'pending', deliveryKey: message.deliveryKey, attempts: 0 });
    expect(record?.error).toBeUndefined();
  });

  it('refuses a record that is pending (the first test left A1 so), and one the mirror does not hold', async () => {
    // Prepare
    const gone = deliveryMessageOf(articleEvent('GONE', 'Weg'), 'shop');
    await records.pending([gone], at);
    await records.failed(gone, { error: 'HTTP 404' }, at);
    // Act
    const notFailed = await retryOf()
      .retry({ administration: 'ADM1', target: 'shop', type: 'article.changed', key: 'A1' })
      .catch((e: unknown) => e);
    const notInMirror = await retryOf()
      .retry({ administration: 'ADM1', target: 'shop', type: 'article.changed', key: 'GONE' })
      .catch((e: unknown) => e);
    // Assess
    expect((notFailed as DeliveryRetryError).reason).toBe('not-failed');
    expect((notInMirror as DeliveryRetryError).reason).toBe('not-in-mirror');
  });
});
