import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import { InvocationSlots } from './sqs-event-source-slots.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  functionName: string;
  batchSize?: number;
  /** Function timeout; the context's remaining time counts down from it. */
  timeoutMs?: number;
  /**
   * At most this many invocations in flight (the mapping's ScalingConfig.MaximumConcurrency); the rest of
   * the messages wait in the queue. Default 1: one batch at a time.
   */
  maxConcurrency?: number;
  /** Called after each invocation, for progress output and tests. */
  onInvoke?: (info: { records: number; failed: number; error?: unknown }) => void;
}

/**
 * What Lambda's SQS event source mapping does, for local runs: long-poll, invoke with up to `batchSize`
 * records, delete what succeeded, and leave failed records (`batchItemFailures`) or a whole failed
 * invocation for the queue's visibility timeout and redrive policy to handle. Up to `maxConcurrency`
 * pollers run side by side, each with one invocation at a time.
 */
export class SqsEventSource {
  private running = false;
  private readonly slots: InvocationSlots;
  /** Poller number → its loop; poller `i` runs while `i` is below the concurrency limit. */
  private readonly pollers = new Map<number, Promise<void>>();

  constructor(private readonly options: SqsEventSourceOptions) {
    this.slots = new InvocationSlots(options.maxConcurrency ?? 1);
  }

  /** The most invocations this mapping has in flight at once. */
  get maxConcurrency(): number {
    return this.slots.limit;
  }

  /** Invocations in flight right now (each holds one received batch). */
  get inFlight(): number {
    return this.slots.inUse;
  }

  /** Changes the limit, also while running (as UpdateEventSourceMapping does): more pollers, or fewer. */
  setMaxConcurrency(limit: number): void {
    this.slots.limit = limit;
    if (this.running) this.startPollers();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startPollers();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.pollers.values());
  }

  /**
   * Receives and handles one batch; returns the number of records it got. Waits for a free invocation
   * slot first, so even direct callers never exceed the mapping's concurrency.
   */
  async pollOnce(waitSeconds = 0): Promise<number> {
    await this.slots.acquire();
    try {
      return await this.receiveAndInvoke(waitSeconds);
    } finally {
      this.slots.release();
    }
  }

  private async receiveAndInvoke(waitSeconds: number): Promise<number> {
    const { sqs, queueUrl } = this.options;
    const answer = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: this.options.batchSize ?? 10,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) return 0;
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failedIds: Set<string>;
    let error: unknown;
    try {
      const response = await this.options.handler(
        event,
        lambdaContext(this.options.functionName, this.options.timeoutMs ?? 30_000),
      );
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (thrown) {
      // A failed invocation: every record comes back after the visibility timeout.
      error = thrown;
      failedIds = new Set(messages.map((m) => m.MessageId as string));
    }
    const done = messages.filter((m) => !failedIds.has(m.MessageId as string));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
    this.options.onInvoke?.({ records: messages.length, failed: failedIds.size, error });
    return messages.length;
  }

  /** Makes failed messages visible again at once (for tests that do not want to wait). */
  async expediteRetries(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.options.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: this.options.queueUrl,
        Entries: messages.map((m, i) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle as string,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }

  private startPollers(): void {
    for (let index = 0; index < this.slots.limit; index++) {
      if (this.pollers.has(index)) continue;
      const poller: Promise<void> = this.poll(index).finally(() => {
        if (this.pollers.get(index) === poller) this.pollers.delete(index);
        // The limit may have been raised again while this poller was on its way out.
        if (this.running && index < this.slots.limit) this.startPollers();
      });
      this.pollers.set(index, poller);
    }
  }

  private async poll(index: number): Promise<void> {
    while (this.running && index < this.slots.limit) {
      try {
        await this.pollOnce(1);
      } catch (error) {
        this.options.onInvoke?.({ records: 0, failed: 0, error });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private toRecord(m: Message): SQSRecord {
    const attributes = m.Attributes ?? {};
    return {
      messageId: m.MessageId as string,
      receiptHandle: m.ReceiptHandle as string,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
        ...(attributes.MessageDeduplicationId
          ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
          : {}),
        ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: 'eu-west-1',
    };
  }
}
