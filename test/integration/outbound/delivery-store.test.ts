import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../../lib/local/provision.ts';
import { DeliveryStore } from '../../../lib/outbound/index.ts';
import { createAwsClients } from '../../../lib/runtime/aws-clients.ts';
import { articleEvent, deliveriesTableInput, deliveryMessageOf } from '../../support/outbound.ts';

let store: DeliveryStore;
const at = new Date('2026-11-02T12:00:00.000Z');

beforeAll(async () => {
  const clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: 'eu-west-1' });
  const table = `deliveries-${randomUUID().slice(0, 8)}`;
  await ensureTable(clients.dynamo, deliveriesTableInput(table));
  store = new DeliveryStore(clients.documents, table);
});

describe('DeliveryStore', () => {
  it('never puts a delivered hash back to pending, but a newer hash', async () => {
    // Prepare
    const first = deliveryMessageOf(articleEvent('S1', 'Hamer'));
    const newer = deliveryMessageOf(articleEvent('S1', 'Hamer 300 g', '2026-11-02T11:00:00.000Z'));
    await store.pending([first], at);
    await store.delivered(first, { status: 'delivered', remoteId: '77', answer: '{"id":77}' }, at);

    // Act
    await store.pending([first], at);
    const afterSame = await store.get('ADM1', 'shop', 'article.changed', 'S1');
    await store.pending([newer], at);
    const afterNewer = await store.get('ADM1', 'shop', 'article.changed', 'S1');

    // Assess
    expect(afterSame).toMatchObject({
      status: 'delivered',
      remoteId: '77',
      attempts: 1,
      deliveryKey: first.deliveryKey,
    });
    expect(afterNewer).toMatchObject({ status: 'pending', attempts: 0, deliveryKey: newer.deliveryKey });
    expect(afterNewer).not.toHaveProperty('remoteId');
  });

  it('keeps the newer change when an older one is recorded late', async () => {
    // Prepare
    const newer = deliveryMessageOf(articleEvent('S2', 'Zaag 2', '2026-11-02T11:00:00.000Z'));
    const older = deliveryMessageOf(articleEvent('S2', 'Zaag'));
    await store.pending([newer], at);

    // Act
    await store.pending([older], at);
    await store.failed(older, { error: 'HTTP 400: refused' }, at);

    // Assess
    expect(await store.get('ADM1', 'shop', 'article.changed', 'S2')).toMatchObject({
      status: 'pending',
      deliveryKey: newer.deliveryKey,
    });
  });

  it('counts attempts, keeps the last error and cuts a long answer', async () => {
    // Prepare
    const message = deliveryMessageOf(articleEvent('S3', 'Beitel'));
    await store.pending([message], at);

    // Act
    await store.retrying(message, { error: 'HTTP 503: busy' }, at);
    await store.failed(message, { error: 'HTTP 400: bad', answer: 'x'.repeat(5_000) }, at);

    // Assess
    const record = await store.get('ADM1', 'shop', 'article.changed', 'S3');
    expect(record).toMatchObject({ status: 'failed', attempts: 2, error: 'HTTP 400: bad' });
    expect(record?.answer).toHaveLength(2_000);
  });

  it('lists by status and by key, page by page with an opaque cursor', async () => {
    // Prepare
    const messages = Array.from({ length: 7 }, (_, i) =>
      deliveryMessageOf(articleEvent(`L${i}`, `Lijst ${i}`), 'lister'),
    );
    await store.pending(messages, at);
    for (const message of messages.slice(0, 5)) await store.delivered(message, { status: 'delivered' }, at);

    // Act
    const first = await store.list({
      administration: 'ADM1',
      target: 'lister',
      status: 'delivered',
      limit: 3,
    });
    const second = await store.list({
      administration: 'ADM1',
      target: 'lister',
      status: 'delivered',
      limit: 3,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    const pending = await store.list({
      administration: 'ADM1',
      target: 'lister',
      status: 'pending',
      limit: 10,
    });
    const byKey = await store.list({ administration: 'ADM1', target: 'lister', key: 'L6', limit: 2 });
    const otherAdministration = await store.list({ administration: 'ADM2', target: 'lister', limit: 10 });

    // Assess
    expect(first.items.map((r) => r.key)).toEqual(['L0', 'L1', 'L2']);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(second.items.map((r) => r.key)).toEqual(['L3', 'L4']);
    expect(pending.items.map((r) => r.key)).toEqual(['L5', 'L6']);
    expect(byKey.items.map((r) => r.key)).toEqual(['L6']);
    expect(otherAdministration.items).toEqual([]);
  });
});
