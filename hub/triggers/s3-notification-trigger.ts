import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import type { FunctionWorker } from '../functions/function-worker.ts';
import type { BucketNotificationDefinition } from '../template/stack-template.ts';
import type { ObjectChange } from './bucket-watcher.ts';

export interface S3NotificationReport {
  functionName: string;
  bucket: string;
  key: string;
  attempt: number;
  /** What the function returned (Lambda drops it for asynchronous invocations; the terminal shows it). */
  result?: unknown;
  error?: unknown;
  /** Set when the attempts are spent and the event went to the function's dead-letter queue. */
  deadLettered?: boolean;
}

export interface S3NotificationTriggerOptions {
  notification: BucketNotificationDefinition;
  bucketName: string;
  function: FunctionWorker;
  region: string;
  /** The function's DLQ for failed asynchronous invocations, when it has one. */
  deadLetterQueueUrl?: string;
  sqs: SQSClient;
  /** Lambda retries a failed asynchronous invocation twice; the waits are shortened locally. */
  retryDelaysMs?: readonly number[];
  onResult?: (report: S3NotificationReport) => void;
}

/**
 * One `LambdaFunctionConfigurations` entry of a bucket's notification configuration: matching
 * ObjectCreated changes become a real-shaped S3 event, invoked asynchronously with Lambda's retries and
 * then the function's dead-letter queue.
 */
export class S3NotificationTrigger {
  constructor(private readonly options: S3NotificationTriggerOptions) {}

  matches(change: ObjectChange): boolean {
    const { notification, bucketName } = this.options;
    if (change.bucket !== bucketName) return false;
    const created = notification.events.some(
      (e) => e === 's3:ObjectCreated:*' || e === 's3:ObjectCreated:Put',
    );
    return created && change.key.startsWith(notification.prefix) && change.key.endsWith(notification.suffix);
  }

  /** Invokes the function for `change` if it matches; resolves when done (including retries). */
  async deliver(change: ObjectChange): Promise<void> {
    if (!this.matches(change)) return;
    const event = s3ObjectCreatedEvent(change, this.options.region, this.options.notification.id);
    const delays = this.options.retryDelaysMs ?? [1_000, 2_000];
    const where = {
      functionName: this.options.function.options.name,
      bucket: change.bucket,
      key: change.key,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.options.function.invoke(event);
        this.options.onResult?.({ ...where, attempt, result });
        return;
      } catch (error) {
        const delay = delays[attempt - 1];
        if (delay === undefined) {
          const deadLettered = await this.deadLetter(event, error);
          this.options.onResult?.({ ...where, attempt, error, deadLettered });
          return;
        }
        this.options.onResult?.({ ...where, attempt, error });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async deadLetter(event: S3Event, error: unknown): Promise<boolean> {
    if (!this.options.deadLetterQueueUrl) return false;
    await this.options.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          ErrorMessage: {
            DataType: 'String',
            StringValue: String((error as Error)?.message ?? error).slice(0, 1000),
          },
          RequestID: { DataType: 'String', StringValue: randomUUID() },
        },
      }),
    );
    return true;
  }
}

/** The event S3 sends for an ObjectCreated:Put (key URL-encoded, spaces as `+`, as S3 does). */
export function s3ObjectCreatedEvent(change: ObjectChange, region: string, configurationId: string): S3Event {
  const sequencer = change.lastModified.getTime().toString(16).toUpperCase().padStart(16, '0');
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: change.lastModified.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:LOCALHUB' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': randomUUID().replace(/-/g, '').slice(0, 16),
          'x-amz-id-2': randomUUID(),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId,
          bucket: {
            name: change.bucket,
            ownerIdentity: { principalId: 'LOCALHUB' },
            arn: `arn:aws:s3:::${change.bucket}`,
          },
          object: {
            key: encodeS3EventKey(change.key),
            size: change.size,
            eTag: change.eTag.replace(/"/g, ''),
            sequencer,
          },
        },
      },
    ],
  };
}

/** S3 event keys are form-encoded: `a b/ü.pdf` → `a+b/%C3%BC.pdf`; `/` stays. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((part) =>
      encodeURIComponent(part)
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}
