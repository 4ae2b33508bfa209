import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, type NormalizedEvent } from '../../../events/index.ts';
import { createWriterHandler } from '../../../functions/cash-writer/writer-handler.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { mulberry32 } from '../../../lib/cash/simulator/fault-plan.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { planReference, SimulatedCrash } from '../../../lib/writer/index.ts';
import {
  quietPowertools,
  type TestResources,
  testCashWriter,
  testResources,
  writerEventSource,
} from '../helpers.ts';

const KEY = 'chaos-key';
const EVENTS = 1_000;
let sim: CashSimulator;
let res: TestResources;

beforeAll(async () => {
  process.env.POWERTOOLS_DEV = 'false';
  quietPowertools();
  res = await testResources({ visibilityTimeoutSeconds: 2, maxReceiveCount: 100 });
  sim = new CashSimulator({
    apiKeys: { [KEY]: ['DEMO'] },
    rateLimitPerMinute: 0,
    seed: 7,
    faults: { http5xxRate: 0.1, timeoutAfterCommitRate: 0.1 },
  });
});

afterAll(async () => {
  await sim?.stop();
});

function booking(i: number): NormalizedEvent {
  const cents = 100 + ((i * 7919) % 100_000);
  return createEvent({
    tenant: 'acme',
    administration: 'DEMO',
    type: 'journal-entry.book',
    source: { connector: 'chaos', externalId: `doc-${i}` },
    data: {
      journal: i % 2 ? 'MEM' : 'KAS',
      date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      description: `Chaos ${i}`,
      lines: [
        { ledgerAccount: '4000', amountCents: cents },
        { ledgerAccount: '1900', amountCents: -cents },
      ],
    },
  });
}

describe('Chaos: exactly-once booking under duplicates, redeliveries, faults and crashes', () => {
  it(`books ${EVENTS} events exactly once`, async () => {
    // Prepare: a writer whose CASH answers 5xx, 429 and commit-then-timeout, and that crashes now and then.
    const baseUrl = await sim.start();
    const random = mulberry32(42);
    let crashes = 0;
    let injected429 = 0;
    const chaosFetch: typeof fetch = async (input, init) => {
      if (random() < 0.08) {
        injected429++;
        return new Response(JSON.stringify({ error: 'Too Many Requests' }), {
          status: 429,
          headers: { 'Retry-After': '0' },
        });
      }
      return fetch(input, init);
    };
    const writer = testCashWriter(res, {
      connections: { DEMO: { baseUrl, apiKey: KEY, timeoutMs: 1_000, pollIntervalMs: 5, fetch: chaosFetch } },
      rateLimiter: new LocalRateLimiter({ limit: 100_000 }),
      maxRecordsPerImport: 400,
      maxAttempts: 50,
      minRemainingMs: 600,
      afterCashAnswer: () => {
        if (random() < 0.1) {
          crashes++;
          throw new SimulatedCrash('writer crashed between CASH and the acknowledgement');
        }
      },
    });
    const handler = createWriterHandler({
      observability: observability('cash-writer-chaos'),
      writer: async () => writer,
    });
    const documents = new DocumentStore(res.clients.documents, res.documentsTable);
    const publisher = new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents);
    const errorsSeen = new Set<string>();
    let invocations = 0;
    let failedInvocations = 0;
    const source = writerEventSource(res, {
      timeoutMs: 2_000,
      handler,
      onInvoke: ({ error }) => {
        invocations++;
        if (error) {
          failedInvocations++;
          if (!(error instanceof SimulatedCrash))
            errorsSeen.add(String((error as Error).stack ?? error).slice(0, 600));
        }
      },
    });
    const events = Array.from({ length: EVENTS }, (_, i) => booking(i));

    // Act: publish in small batches with every tenth event sent again later (a webhook retry),
    // while the event source drains the queue.
    // Make sure each fault kind happens at least once, whatever the random draw does.
    sim.injectNext({ kind: 'timeout-after-commit' });
    sim.injectNext({ kind: '5xx' });
    source.start();
    let published = 0;
    for (let i = 0; i < EVENTS; i += 25) {
      const batch = events.slice(i, i + 25);
      const resent = i >= 50 ? events.slice(i - 50, i - 25).filter((_, j) => j % 10 === 0) : [];
      await publisher.publish([...batch, ...resent]);
      published += batch.length + resent.length;
    }
    await publisher.publish(events.filter((_, i) => i % 97 === 0)); // late duplicates of booked events
    const deadline = Date.now() + 240_000;
    for (;;) {
      const { Attributes } = await res.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: res.queue.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const left =
        Number(Attributes?.ApproximateNumberOfMessages) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
      if (left === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await source.stop();

    // Assess: every event booked once, nothing twice, nothing lost, nothing in the DLQ.
    const lines = sim.boekstukken('DEMO').flatMap((b) => b.lines);
    const references = new Map<string, number>();
    for (const b of sim.boekstukken('DEMO')) {
      const ref = b.lines[0]?.reference;
      if (ref?.startsWith('CL')) references.set(ref, (references.get(ref) ?? 0) + 1);
    }
    const expected = new Set(events.map((e) => planReference(e.id)));
    const booked = [...expected].filter((r) => references.has(r)).length;
    const duplicates = [...references.values()].filter((n) => n > 1).length;
    const lost = EVENTS - booked;
    const docs = await documents.getMany(events.map((e) => e.id));
    const notBooked = [...docs.values()].filter((d) => d.status !== 'booked');
    const { Attributes: dlq } = await res.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: res.queue.dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    const stats = sim.stats();
    console.log(
      `chaos: ${EVENTS} events, ${published} published (with duplicates), ${invocations} invocations ` +
        `(${failedInvocations} crashed), ${crashes} crashes, ${injected429} injected 429s, ` +
        `${stats.faults.http5xx} 5xx, ${stats.faults.timeoutAfterCommit} timeouts after commit → ` +
        `${booked} booked, ${duplicates} duplicates, ${lost} lost, ${lines.length} lines in CASH`,
    );
    for (const e of [...errorsSeen].slice(0, 3)) console.log('invocation error:', e);
    expect(stats.faults.timeoutAfterCommit).toBeGreaterThan(0);
    expect(stats.faults.http5xx).toBeGreaterThan(0);
    expect(injected429).toBeGreaterThan(0);
    expect(crashes).toBeGreaterThan(0);
    expect(booked).toBe(EVENTS);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(notBooked).toEqual([]);
    expect(Number(dlq?.ApproximateNumberOfMessages)).toBe(0);
  }, 300_000);
});
