import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createEvent, type NormalizedEvent } from '../events/index.ts';
import { createWriterHandler } from '../functions/cash-writer/writer-handler.ts';
import { CashSimulator } from '../lib/cash/simulator/index.ts';
import { DocumentStore } from '../lib/documents/index.ts';
import { startAwsEmulators } from '../lib/local/aws-emulators.ts';
import { ensureFifoQueue, ensureTable, idempotencyTable, pkSkTable } from '../lib/local/provision.ts';
import { SqsEventSource } from '../lib/local/sqs-event-source.ts';
import { createAwsClients } from '../lib/runtime/aws-clients.ts';
import { EventPublisher } from '../lib/runtime/event-publisher.ts';
import { observability } from '../lib/runtime/powertools.ts';
import { createCashWriter } from '../lib/writer/index.ts';

function booking(i: number): NormalizedEvent {
  const cents = 100 + ((i * 7919) % 250_000);
  return createEvent({
    tenant: 'bench',
    administration: 'DEMO',
    type: 'journal-entry.book',
    source: { connector: 'bench', externalId: `doc-${i}` },
    data: {
      journal: 'MEM',
      date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-10`,
      description: `Bench ${i}`,
      lines: [
        { ledgerAccount: '4000', amountCents: cents, costCentre: 'ALG' },
        { ledgerAccount: '1900', amountCents: -cents },
      ],
    },
  });
}

/**
 * The writer end to end on one machine: events published to the FIFO queue, the writer Lambda run by the
 * SQS event-source emulation, CASH = the simulator with its 100 requests/minute limit on, the shared
 * DynamoDB rate limiter in front of it.
 */
export async function benchWriter(events = 5_000): Promise<Record<string, number | string>> {
  const emulators = await startAwsEmulators();
  const clients = createAwsClients({ endpoint: emulators.endpoint, region: 'eu-west-1' });
  let dynamoRequests = 0;
  clients.dynamo.middlewareStack.add(
    (next) => async (args) => {
      dynamoRequests++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  await ensureTable(clients.dynamo, pkSkTable('documents'));
  await ensureTable(clients.dynamo, idempotencyTable('idempotency'));
  await ensureTable(clients.dynamo, pkSkTable('mirror'));
  const queue = await ensureFifoQueue(clients.sqs, 'events', {
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
  });
  const sim = new CashSimulator({ apiKeys: { bench: ['DEMO'] }, rateLimitPerMinute: 100 });
  const baseUrl = await sim.start();
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    const writer = createCashWriter({
      clients,
      documentsTable: 'documents',
      idempotencyTable: 'idempotency',
      mirrorTable: 'mirror',
      tenant: 'bench',
      connections: { DEMO: { baseUrl, apiKey: 'bench', pollIntervalMs: 100 } },
      maxRecordsPerImport: 1_000,
    });
    const handler = createWriterHandler({
      observability: observability('cash-writer-bench'),
      writer: async () => writer,
    });
    const documents = new DocumentStore(clients.documents, 'documents');
    const publisher = new EventPublisher(clients.sqs, queue.queueUrl, documents);
    const list = Array.from({ length: events }, (_, i) => booking(i));
    for (let i = 0; i < list.length; i += 500) await publisher.publish(list.slice(i, i + 500));

    const dynamoBefore = dynamoRequests;
    const cashBefore = sim.stats().requests;
    let handlerMs = 0;
    const source = new SqsEventSource({
      sqs: clients.sqs,
      queueUrl: queue.queueUrl,
      queueArn: queue.queueArn,
      functionName: 'cash-writer',
      timeoutMs: 300_000,
      handler: async (event, context) => {
        const started = performance.now();
        try {
          return await handler(event, context);
        } finally {
          handlerMs += performance.now() - started;
        }
      },
    });
    const started = performance.now();
    for (;;) {
      const got = await source.pollOnce(0);
      if (got > 0) continue;
      const { Attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      if (
        Number(Attributes?.ApproximateNumberOfMessages) +
          Number(Attributes?.ApproximateNumberOfMessagesNotVisible) ===
        0
      )
        break;
    }
    const elapsedMs = performance.now() - started;
    const booked = sim.boekstukken('DEMO').filter((b) => b.lines[0]?.reference?.startsWith('CL')).length;
    const cashRequests = sim.stats().requests - cashBefore;
    return {
      events,
      booked,
      'bookings per minute per CASH API key': Math.round((booked / elapsedMs) * 60_000),
      'CASH requests per booking': Number((cashRequests / booked).toFixed(4)),
      'CASH requests': cashRequests,
      'CASH 429 answers': sim.stats().rateLimited,
      'DynamoDB requests per event (writer)': Number(((dynamoRequests - dynamoBefore) / events).toFixed(2)),
      'writer time per event (ms)': Number((handlerMs / events).toFixed(3)),
      'wall time (s)': Number((elapsedMs / 1000).toFixed(1)),
    };
  } finally {
    await sim.stop();
    await emulators.stop();
  }
}
