import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import {
  createDeliveryHandler,
  DeliveryError,
  type DeliveryMessage,
  type DeliveryOutcome,
  type DeliveryTarget,
} from '../../../lib/outbound/index.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { InMemoryTokenBucket } from '../../../lib/runtime/rate-window/index.ts';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';
import { articleEvent, deliveryMessageOf, sqsRecordOf } from '../../support/outbound.ts';
import { InMemoryDeliveryRecords } from './in-memory-delivery-records.ts';

beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

type Answer = DeliveryOutcome | Error;

/** A target answering from a script per record key (the last answer repeats), counting its calls. */
function scriptedTarget(script: Record<string, Answer[]> = {}) {
  const calls: DeliveryMessage[] = [];
  const target: DeliveryTarget = {
    name: 'shop',
    accepts: ['article.changed'],
    async deliver(message) {
      calls.push(message);
      const answers = script[message.event.key] ?? [
        { status: 'delivered', remoteId: `r-${message.event.key}` },
      ];
      const answer =
        answers[Math.min(calls.filter((c) => c.event.key === message.event.key).length, answers.length) - 1];
      if (answer instanceof Error) throw answer;
      return answer as DeliveryOutcome;
    },
  };
  return { target, calls };
}

function setup(script: Record<string, Answer[]> = {}, options: { burst?: number; intervalMs?: number } = {}) {
  const { target, calls } = scriptedTarget(script);
  const store = new InMemoryDeliveryRecords();
  const visibility: { handle: string; seconds: number }[] = [];
  const sqs = {
    send: async (command: { input: { ReceiptHandle: string; VisibilityTimeout: number } }) => {
      visibility.push({ handle: command.input.ReceiptHandle, seconds: command.input.VisibilityTimeout });
      return {};
    },
  };
  const handler = createDeliveryHandler({
    target,
    store,
    limiter: new InMemoryTokenBucket(),
    rate: { burst: options.burst ?? 100, intervalMs: options.intervalMs ?? 10 },
    sqs: sqs as never,
    queueUrl: 'http://localhost/000000000000/deliveries-shop',
    maxReceiveCount: 5,
    maxTokenWaitMs: 0,
    observability: observability('delivery-test'),
    clock: () => new Date('2026-11-02T12:00:00.000Z'),
    random: () => 0.5,
  });
  const run = async (...records: ReturnType<typeof sqsRecordOf>[]) =>
    (await handler({ Records: records } as SQSEvent, lambdaContext('delivery-shop', 60_000))) as {
      batchItemFailures: { itemIdentifier: string }[];
    };
  return { run, store, calls, visibility };
}

describe('delivery handler', () => {
  it('delivers a message once and records it delivered with the remote id', async () => {
    // Prepare
    const { run, store, calls } = setup();
    const message = deliveryMessageOf(articleEvent('A1', 'Hamer'));

    // Act
    const first = await run(sqsRecordOf(message));
    const again = await run(sqsRecordOf(message, 2));

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(store.record(message)).toMatchObject({ status: 'delivered', remoteId: 'r-A1', attempts: 1 });
  });

  it('delivers a newer content hash of a delivered record', async () => {
    // Prepare
    const { run, store, calls } = setup();
    const old = deliveryMessageOf(articleEvent('A1', 'Hamer'));
    const newer = deliveryMessageOf(articleEvent('A1', 'Hamer 300 g', '2026-11-02T11:00:00.000Z'));

    // Act
    await run(sqsRecordOf(old));
    await run(sqsRecordOf(newer));

    // Assess
    expect(calls).toHaveLength(2);
    expect(store.record(newer)).toMatchObject({ status: 'delivered', deliveryKey: newer.deliveryKey });
  });

  it('does not deliver an older change after a newer one', async () => {
    // Prepare
    const { run, store, calls } = setup();
    const newer = deliveryMessageOf(articleEvent('A1', 'Hamer 300 g', '2026-11-02T11:00:00.000Z'));
    const older = deliveryMessageOf(articleEvent('A1', 'Hamer'));

    // Act
    await run(sqsRecordOf(newer));
    const answer = await run(sqsRecordOf(older));

    // Assess
    expect(answer.batchItemFailures).toEqual([]);
    expect(calls.map((c) => c.deliveryKey)).toEqual([newer.deliveryKey]);
    expect(store.record(newer)?.deliveryKey).toBe(newer.deliveryKey);
  });

  it('puts a retryable failure back with backoff that honours Retry-After', async () => {
    // Prepare
    const busy = new DeliveryError('busy', true, { status: 429, retryAfterMs: 30_000, answer: 'slow down' });
    const { run, store, visibility } = setup({ A1: [busy] });
    const message = deliveryMessageOf(articleEvent('A1', 'Hamer'));
    const record = sqsRecordOf(message);

    // Act
    const answer = await run(record);

    // Assess
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(visibility).toEqual([{ handle: record.receiptHandle, seconds: 30 }]);
    expect(store.record(message)).toMatchObject({ status: 'pending', answer: 'slow down' });
    expect(store.record(message)?.error).toContain('HTTP 429');
  });

  it('retries a ShopApiError 503 and fails a ShopApiError 422 for good', async () => {
    // Prepare
    const details = { platform: 'woocommerce', method: 'PUT', path: '/wp-json/wc/v3/products/1' };
    const { run, store } = setup({
      A1: [new ShopApiError('unavailable', { ...details, status: 503 })],
      A2: [new ShopApiError('invalid sku', { ...details, status: 422, answer: '{"code":"invalid_sku"}' })],
    });
    const retry = sqsRecordOf(deliveryMessageOf(articleEvent('A1', 'Hamer')));
    const refuse = deliveryMessageOf(articleEvent('A2', 'Zaag'));

    // Act
    const answer = await run(retry, sqsRecordOf(refuse));

    // Assess
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: retry.messageId }]);
    expect(store.record(refuse)).toMatchObject({ status: 'failed', answer: '{"code":"invalid_sku"}' });
  });

  it('records a permanent failure with the answer and deletes the message', async () => {
    // Prepare
    const refused = new DeliveryError('bad request', false, { status: 400, answer: '{"error":"price"}' });
    const { run, store, visibility } = setup({ A1: [refused] });
    const message = deliveryMessageOf(articleEvent('A1', 'Hamer'));

    // Act
    const answer = await run(sqsRecordOf(message));

    // Assess
    expect(answer.batchItemFailures).toEqual([]);
    expect(visibility).toEqual([]);
    expect(store.record(message)).toMatchObject({ status: 'failed', answer: '{"error":"price"}' });
    expect(store.record(message)?.error).toBe('HTTP 400: bad request');
  });

  it('fails the record on the last receive and lets the message go to the DLQ', async () => {
    // Prepare
    const { run, store, visibility } = setup({ A1: [new Error('socket hang up')] });
    const message = deliveryMessageOf(articleEvent('A1', 'Hamer'));
    const record = sqsRecordOf(message, 5);

    // Act
    const answer = await run(record);

    // Assess
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(visibility).toEqual([]);
    expect(store.record(message)).toMatchObject({ status: 'failed' });
    expect(store.record(message)?.error).toBe('retries spent (5 attempts): socket hang up');
  });

  it.each([
    ['not JSON', '{"target":', 'body: not JSON'],
    [
      'a wrong delivery key',
      { ...deliveryMessageOf(articleEvent('A1', 'x')), deliveryKey: 'abc' },
      'deliveryKey: 64 hex digits',
    ],
    [
      'an unknown event type',
      { ...deliveryMessageOf(articleEvent('A1', 'x')), event: { type: 'price.changed' } },
      'event.type',
    ],
    [
      'a control message without types',
      {
        control: 'full-load',
        target: 'shop',
        administration: 'ADM1',
        types: [],
        runId: 'r1',
        requestedAt: '2026-11-02T10:00:00Z',
      },
      'types',
    ],
  ])('records %s as failed and deletes it, the batch goes on', async (_name, body, reason) => {
    // Prepare
    const { run, store, calls } = setup();
    const bad = sqsRecordOf(body);
    const good = deliveryMessageOf(articleEvent('A9', 'Beitel'));

    // Act
    const answer = await run(bad, sqsRecordOf(good));

    // Assess
    expect(answer.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(1);
    const invalid = [...store.records.values()].find((r) => r.type === 'invalid');
    expect(invalid).toMatchObject({ status: 'failed', key: bad.messageId });
    expect(invalid?.error).toContain(reason);
  });

  it('records a message for another target as failed without calling the target', async () => {
    // Prepare
    const { run, store, calls } = setup();
    const record = sqsRecordOf(deliveryMessageOf(articleEvent('A1', 'Hamer'), 'other-shop'));

    // Act
    const answer = await run(record);

    // Assess
    expect(answer.batchItemFailures).toEqual([]);
    expect(calls).toEqual([]);
    expect(store.records.get(`ADM1|shop|invalid#${record.messageId}`)?.error).toContain('other-shop');
  });

  it('puts a message back when the target’s rate limit has no token for it', async () => {
    // Prepare: one token, the next one a minute later.
    const { run, calls, visibility } = setup({}, { burst: 1, intervalMs: 60_000 });
    const first = sqsRecordOf(deliveryMessageOf(articleEvent('A1', 'Hamer')));
    const second = sqsRecordOf(deliveryMessageOf(articleEvent('A2', 'Zaag')));

    // Act
    const answer = await run(first, second);

    // Assess
    expect(calls.map((c) => c.event.key)).toEqual(['A1']);
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: second.messageId }]);
    expect(visibility).toEqual([{ handle: second.receiptHandle, seconds: 60 }]);
  });
});
