import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import { createWriterHandler } from '../../../functions/cash-writer/writer-handler.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import {
  quietPowertools,
  type TestResources,
  testCashWriter,
  testResources,
  writerEventSource,
} from '../helpers.ts';

let res: TestResources;

beforeAll(async () => {
  quietPowertools();
  res = await testResources({ visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
});

describe('Writer and the dead-letter queue', () => {
  it('marks events failed, with the reason, when their message runs out of deliveries', async () => {
    // Prepare: CASH is unreachable (nothing listens on port 9), so every attempt must be retried.
    const writer = testCashWriter(res, {
      connections: { DEMO: { baseUrl: 'http://127.0.0.1:9/api/4.0', apiKey: 'k', timeoutMs: 500 } },
      minRemainingMs: 0,
      maxAttempts: 100,
    });
    const documents = new DocumentStore(res.clients.documents, res.documentsTable);
    const handler = createWriterHandler({
      observability: observability('dlq-test'),
      writer: async () => writer,
      maxReceiveCount: 2,
      markFailed: async (ids, reason) => {
        for (const id of ids) await documents.transition(id, 'failed', {}, reason);
      },
    });
    const event = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'article.upsert',
      source: { connector: 'webshop', externalId: 'sku-1' },
      data: { code: 'SKU-1', description: 'Kraan chroom' },
    });
    await new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents).publish([event]);
    const source = writerEventSource(res, { handler });
    // Act: two deliveries, each failing.
    let deliveries = 0;
    const deadline = Date.now() + 20_000;
    while (deliveries < 2 && Date.now() < deadline) deliveries += await source.pollOnce(1);
    // Assess
    const doc = await documents.get(event.id);
    expect(doc?.status).toBe('failed');
    expect(doc?.history.at(-1)?.note).toMatch(/dead-letter queue/);
    await new Promise((r) => setTimeout(r, 1_200));
    await source.pollOnce(0); // the redrive moves the message on its next receive
    const { Attributes } = await res.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: res.queue.dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(1);
  });
});
