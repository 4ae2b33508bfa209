import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

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
  /** Called after each invocation, for progress output and tests. */
  onInvoke?: (info: { records: number; failed: number; error?: unknown }) => void;
}

/**
 * What Lambda's SQS event source mapping does, for local runs: long-poll, invoke with up to `batchSize`
 * records, delete what succeeded, and leave failed records (`batchItemFailures`) or a whole failed
 * invocation for the queue's visibility timeout and redrive policy to handle.
 */
export class SqsEventSource {
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly options: SqsEventSourceOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Receives and handles one batch; returns the number of records it got. */
  async pollOnce(waitSeconds = 0): Promise<number> {
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

  private async run(): Promise<void> {
    while (this.running) {
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
