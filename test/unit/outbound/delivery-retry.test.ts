import { describe, expect, it } from 'vitest';
import {
  type DeliveryMessage,
  type DeliveryRecord,
  DeliveryRetry,
  DeliveryRetryError,
  deliveryKeyOf,
} from '../../../lib/outbound/index.ts';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const article = { code: 'A1', description: 'Koffie', group: 'webshop', salesPriceCents: 1995, freeStock: 10 };

function failed(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    administration: 'DEMO',
    target: 'woocommerce',
    type: 'article.changed',
    key: 'A1',
    status: 'failed',
    deliveryKey: 'old',
    contentHash: 'old-hash',
    subscription: 'woocommerce#DEMO#0',
    attempts: 5,
    error: 'HTTP 400: invalid regular_price',
    updatedAt: '2026-12-02T09:00:00.000Z',
    ...overrides,
  };
}

function setup(options: { record?: DeliveryRecord; row?: Record<string, unknown>; queue?: boolean } = {}) {
  const sent: DeliveryMessage[] = [];
  const pending: { messages: readonly DeliveryMessage[]; options: unknown }[] = [];
  const retry = new DeliveryRetry({
    tenant: 'demo',
    records: {
      get: async () => ('record' in options ? options.record : failed()),
      pending: async (messages, _at, opts) => {
        pending.push({ messages, options: opts });
      },
    },
    mirror: { readRow: async () => ('row' in options ? options.row : article) },
    queueOf: (target) =>
      options.queue === false || target !== 'woocommerce'
        ? undefined
        : {
            send: async (messages: readonly DeliveryMessage[]) => {
              sent.push(...messages);
            },
          },
    clock: () => NOW,
  });
  return { retry, sent, pending };
}

const request = {
  administration: 'DEMO',
  target: 'woocommerce',
  type: 'article.changed',
  key: 'A1',
} as const;

describe('DeliveryRetry', () => {
  it('queues the record as the mirror holds it now and sets it back to pending, even for the same hash', async () => {
    // Prepare
    const { retry, sent, pending } = setup();
    // Act
    const message = await retry.retry(request);
    // Assess
    expect(sent).toEqual([message]);
    expect(message).toMatchObject({
      target: 'woocommerce',
      subscription: 'woocommerce#DEMO#0',
      administration: 'DEMO',
      mode: 'reconcile',
      event: { type: 'article.changed', key: 'A1', origin: 'reconcile', occurredAt: NOW.toISOString() },
    });
    expect(message.deliveryKey).toBe(deliveryKeyOf('woocommerce', message.event));
    expect(pending).toHaveLength(1);
    expect(pending[0]?.options).toMatchObject({
      redeliver: true,
      queuedBy: expect.stringMatching(/^retry_[0-9a-f]{18}$/),
    });
  });

  it.each([
    ['an unknown record', { record: undefined }, 'unknown-record'],
    ['a delivered record', { record: failed({ status: 'delivered' }) }, 'not-failed'],
    ['a pending record', { record: failed({ status: 'pending' }) }, 'not-failed'],
    ['a record gone from the mirror', { row: undefined }, 'not-in-mirror'],
    ['a target without a queue', { queue: false }, 'no-queue'],
  ])('refuses %s and sends nothing', async (_name, options, reason) => {
    // Prepare
    const { retry, sent, pending } = setup(options);
    // Act
    const error = await retry.retry(request).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DeliveryRetryError);
    expect((error as DeliveryRetryError).reason).toBe(reason);
    expect(sent).toEqual([]);
    expect(pending).toEqual([]);
  });

  it('refuses a sales order, which the mirror does not keep, naming why', async () => {
    // Prepare
    const { retry } = setup({ record: failed({ type: 'sales-order.changed', key: 'SO1' }) });
    // Act
    const error = await retry
      .retry({ ...request, type: 'sales-order.changed', key: 'SO1' })
      .catch((e: unknown) => e);
    // Assess
    expect((error as DeliveryRetryError).reason).toBe('not-retryable');
    expect((error as Error).message).toContain('sales-order.changed');
  });
});
