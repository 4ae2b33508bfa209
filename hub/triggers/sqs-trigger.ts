import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SqsEventSource } from '../../lib/local/sqs-event-source.ts';
import type { FunctionWorker } from '../functions/function-worker.ts';

export interface SqsBatchReport {
  functionName: string;
  event: SQSEvent;
  /** Message ids the function reported as failed (all of them when the invocation failed). */
  failedMessageIds: Set<string>;
  error?: unknown;
}

export interface SqsTriggerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  function: FunctionWorker;
  batchSize: number;
  reportBatchItemFailures: boolean;
  /** After every invocation, for the terminal and for tests. */
  onBatch?: (report: SqsBatchReport) => void | Promise<void>;
}

/**
 * An SQS event source mapping, run locally by the shared `SqsEventSource` poller: batches up to the
 * mapping's size; with ReportBatchItemFailures only the reported records come back (after the queue's
 * visibility timeout, and into its DLQ after maxReceiveCount); without it, any failure fails the batch.
 */
export class SqsTrigger {
  readonly source: SqsEventSource;
  /** Reports run after the invocation, in order, without holding up the delete and the next receive. */
  #reports: Promise<void> = Promise.resolve();

  constructor(private readonly options: SqsTriggerOptions) {
    this.source = new SqsEventSource({
      sqs: options.sqs,
      queueUrl: options.queueUrl,
      queueArn: options.queueArn,
      functionName: options.function.options.name,
      batchSize: options.batchSize,
      timeoutMs: options.function.options.timeoutMs,
      handler: (event) => this.invoke(event),
    });
  }

  start(): void {
    this.source.start();
  }

  async stop(): Promise<void> {
    await this.source.stop();
    await this.#reports;
  }

  private async invoke(event: SQSEvent): Promise<SQSBatchResponse | undefined> {
    const allIds = () => new Set(event.Records.map((r) => r.messageId));
    let response: SQSBatchResponse | undefined;
    try {
      response = (await this.options.function.invoke(event)) as SQSBatchResponse | undefined;
    } catch (error) {
      await this.report(event, allIds(), error);
      throw error;
    }
    const reported = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    if (!this.options.reportBatchItemFailures && reported.length > 0) {
      // Lambda ignores batchItemFailures unless the mapping enables them; a response alone deletes the batch.
      await this.report(event, new Set());
      return undefined;
    }
    // Lambda treats an identifier it does not know (or an empty one) as a failure of the whole batch.
    const known = allIds();
    const failed = reported.some((id) => !id || !known.has(id)) ? known : new Set(reported);
    await this.report(event, failed);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  }

  private report(event: SQSEvent, failedMessageIds: Set<string>, error?: unknown): Promise<void> {
    const onBatch = this.options.onBatch;
    if (!onBatch) return Promise.resolve();
    const report: SqsBatchReport = {
      functionName: this.options.function.options.name,
      event,
      failedMessageIds,
      ...(error !== undefined ? { error } : {}),
    };
    // Not awaited by the invocation: the hub's report reads the documents, a round trip the queue need not wait for.
    this.#reports = this.#reports.then(async () => {
      try {
        await onBatch(report);
      } catch {
        // Reporting must never change what happens to the messages.
      }
    });
    return Promise.resolve();
  }
}
