import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsEventSource } from '../../../lib/local/sqs-event-source.ts';
import { InvocationSlots } from '../../../lib/local/sqs-event-source-slots.ts';

/** An in-memory queue behind the three SQS calls the event source makes. */
class FakeQueue {
  readonly visible: Message[] = [];
  readonly inFlight = new Map<string, Message>();
  received = 0;

  constructor(count: number) {
    for (let i = 0; i < count; i++)
      this.visible.push({ MessageId: `m-${i}`, ReceiptHandle: `r-${i}`, Body: JSON.stringify({ i }) });
  }

  readonly client = {
    send: async (command: unknown) => {
      if (command instanceof ReceiveMessageCommand) {
        const wanted = command.input.MaxNumberOfMessages ?? 1;
        if (this.visible.length === 0) {
          // A short stand-in for long polling, so idle pollers do not spin.
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { Messages: [] };
        }
        const messages = this.visible.splice(0, wanted);
        for (const m of messages) this.inFlight.set(m.ReceiptHandle as string, m);
        this.received += messages.length;
        return { Messages: messages };
      }
      if (command instanceof DeleteMessageBatchCommand) {
        for (const entry of command.input.Entries ?? []) this.inFlight.delete(entry.ReceiptHandle as string);
        return {};
      }
      if (command instanceof ChangeMessageVisibilityBatchCommand) return {};
      throw new Error(`unexpected command ${String(command)}`);
    },
  } as unknown as SQSClient;
}

const openers: Array<() => void> = [];

/** A handler that holds every invocation until the test lets it go, counting what runs at once. */
function heldHandler() {
  const held: Array<() => void> = [];
  let open = false;
  const release = () => {
    for (const go of held.splice(0)) go();
  };
  const state = { running: 0, most: 0, invocations: 0, release };
  openers.push(() => {
    open = true;
    release();
  });
  const handler = async (_event: SQSEvent) => {
    state.invocations += 1;
    state.running += 1;
    state.most = Math.max(state.most, state.running);
    if (!open) await new Promise<void>((resolve) => held.push(resolve));
    state.running -= 1;
    return { batchItemFailures: [] };
  };
  return { handler, state };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets the pollers run a while, long enough to start anything more they would (wrongly) start. */
const aWhile = () => new Promise((resolve) => setTimeout(resolve, 50));

const sources: SqsEventSource[] = [];
afterEach(async () => {
  // Whatever a test left held runs through, so the pollers can stop.
  for (const open of openers.splice(0)) open();
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

function sourceOn(
  queue: FakeQueue,
  handler: ReturnType<typeof heldHandler>['handler'],
  maxConcurrency?: number,
) {
  const source = new SqsEventSource({
    sqs: queue.client,
    queueUrl: 'http://localhost/queue/events.fifo',
    queueArn: 'arn:aws:sqs:eu-west-1:000000000000:events.fifo',
    functionName: 'cash-writer',
    batchSize: 1,
    handler,
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  });
  sources.push(source);
  return source;
}

describe('SqsEventSource maximum concurrency', () => {
  it.each([1, 2, 3, 5])(
    'keeps at most %i invocations in flight; the other messages stay in the queue',
    async (limit) => {
      // Prepare
      const queue = new FakeQueue(12);
      const { handler, state } = heldHandler();
      const source = sourceOn(queue, handler, limit);
      // Act
      source.start();
      await until(() => state.running === limit, `${limit} invocations`);
      await aWhile();
      // Assess
      expect(state.running).toBe(limit);
      expect(source.inFlight).toBe(limit);
      expect(queue.received).toBe(limit);
      expect(queue.visible).toHaveLength(12 - limit);

      // Act: let everything through
      while (queue.visible.length > 0 || queue.inFlight.size > 0) {
        state.release();
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // Assess
      expect(state.invocations).toBe(12);
      expect(state.most).toBe(limit);
    },
  );

  it('runs one batch at a time when the mapping sets no maximum', async () => {
    // Prepare
    const queue = new FakeQueue(3);
    const { handler, state } = heldHandler();
    const source = sourceOn(queue, handler);
    // Act
    source.start();
    await until(() => state.running === 1, 'one invocation');
    await aWhile();
    // Assess
    expect(source.maxConcurrency).toBe(1);
    expect(state.running).toBe(1);
    expect(queue.visible).toHaveLength(2);
    state.release();
  });

  it('holds direct pollOnce calls to the limit as well, without receiving for the waiting ones', async () => {
    // Prepare
    const queue = new FakeQueue(6);
    const { handler, state } = heldHandler();
    const source = sourceOn(queue, handler, 2);
    // Act
    const polls = Array.from({ length: 5 }, () => source.pollOnce());
    await until(() => state.running === 2, 'two invocations');
    await aWhile();
    // Assess
    expect(queue.received).toBe(2);
    expect(queue.visible).toHaveLength(4);

    // Act
    while (state.invocations < 5 || state.running > 0) {
      state.release();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // Assess
    expect(await Promise.all(polls)).toEqual([1, 1, 1, 1, 1]);
    expect(state.most).toBe(2);
  });

  it('follows a changed limit while running, up and down', async () => {
    // Prepare
    const queue = new FakeQueue(20);
    const { handler, state } = heldHandler();
    const source = sourceOn(queue, handler, 2);
    source.start();
    await until(() => state.running === 2, 'two invocations');
    // Act: raise
    source.setMaxConcurrency(4);
    await until(() => state.running === 4, 'four invocations');
    await aWhile();
    // Assess
    expect(state.running).toBe(4);
    // Act: lower, then let the running ones finish
    source.setMaxConcurrency(1);
    state.release();
    await until(() => state.running === 1, 'one invocation');
    await aWhile();
    // Assess
    expect(state.running).toBe(1);
    expect(queue.visible).toHaveLength(20 - 5);
    state.release();
  });

  it('refuses a limit below 1', () => {
    // Prepare
    const { handler } = heldHandler();
    // Act / Assess
    expect(() => sourceOn(new FakeQueue(0), handler, 0)).toThrow(RangeError);
    expect(() => sourceOn(new FakeQueue(0), handler, 1.5)).toThrow(/whole number/);
  });
});

describe('InvocationSlots', () => {
  type Step = { op: 'acquire' } | { op: 'release' } | { op: 'limit'; value: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant({ op: 'acquire' as const }),
    fc.constant({ op: 'release' as const }),
    fc.integer({ min: 1, max: 5 }).map((value) => ({ op: 'limit' as const, value })),
  );

  it('grants a slot only while fewer than the limit are taken, and serves waiters in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(step, { maxLength: 60 }),
        async (start, steps) => {
          // Prepare
          const slots = new InvocationSlots(start);
          const granted: number[] = [];
          let asked = 0;
          let holders = 0;
          // Act
          for (const s of steps) {
            const grantedBefore = granted.length;
            if (s.op === 'acquire') {
              const ticket = asked++;
              void slots.acquire().then(() => {
                granted.push(ticket);
                holders += 1;
              });
            } else if (s.op === 'release' && holders > 0) {
              holders -= 1;
              slots.release();
            } else if (s.op === 'limit') slots.limit = s.value;
            await new Promise((resolve) => setImmediate(resolve));
            // Assess: a slot handed out in this step was free under the limit.
            if (granted.length > grantedBefore) expect(slots.inUse).toBeLessThanOrEqual(slots.limit);
          }
          // Assess
          expect(granted).toEqual([...granted].sort((a, b) => a - b));
          expect(slots.inUse).toBe(holders);
        },
      ),
      { numRuns: 200 },
    );
  });
});
