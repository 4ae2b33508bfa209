import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterDepth } from './overview-sources.ts';

/**
 * The DLQ of the event queue, found through the queue's `RedrivePolicy` (its `deadLetterTargetArn`), then
 * its `ApproximateNumberOfMessages`. The DLQ's URL is looked up once.
 */
export class SqsDeadLetterDepth implements DeadLetterDepth {
  #dlqUrl: Promise<string | undefined> | undefined;

  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async depth(): Promise<number> {
    this.#dlqUrl ??= this.#findDlq().catch((error: unknown) => {
      this.#dlqUrl = undefined;
      throw error;
    });
    const url = await this.#dlqUrl;
    if (!url) return 0;
    const answer = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    const count = Number(answer.Attributes?.ApproximateNumberOfMessages ?? 0);
    return Number.isSafeInteger(count) && count >= 0 ? count : 0;
  }

  async #findDlq(): Promise<string | undefined> {
    const answer = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    const raw = answer.Attributes?.RedrivePolicy;
    if (!raw) return undefined;
    const arn = (JSON.parse(raw) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    // arn:aws:sqs:<region>:<account>:<name>
    const parts = arn?.split(':') ?? [];
    const name = parts[5];
    if (!name) return undefined;
    const found = await this.sqs.send(
      new GetQueueUrlCommand({ QueueName: name, ...(parts[4] ? { QueueOwnerAWSAccountId: parts[4] } : {}) }),
    );
    return found.QueueUrl;
  }
}
