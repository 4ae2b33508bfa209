import { createHash } from 'node:crypto';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeliveryControlMessage, DeliveryMessage } from './delivery-target.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * One target's delivery queue as the full load, the reconcile and the partner API send to it: batches of ten,
 * unsent entries sent again. On a FIFO queue each record is its own message group (its changes stay in
 * order, others pass) and the deduplication id follows the content, so a page sent twice within SQS's
 * five minutes lands once.
 */
export class DeliveryQueue {
  readonly fifo: boolean;

  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    readonly queueUrl: string,
  ) {
    this.fifo = queueUrl.endsWith('.fifo');
  }

  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    await this.#sendAll(
      messages.map((message) => ({
        body: JSON.stringify(message),
        group: `${message.administration}#${message.event.type}#${message.event.key}`,
        dedup: sha(`${message.deliveryKey}|${message.event.id}`),
      })),
    );
  }

  async sendControl(control: DeliveryControlMessage): Promise<void> {
    await this.#sendAll([
      {
        body: JSON.stringify(control),
        group: `control#${control.administration}#${control.runId}`,
        dedup: sha(`${control.runId}|${control.cursor ?? ''}`),
      },
    ]);
  }

  async #sendAll(entries: { body: string; group: string; dedup: string }[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 10) {
      let batch: SendMessageBatchRequestEntry[] = entries.slice(i, i + 10).map((entry, index) => ({
        Id: String(index),
        MessageBody: entry.body,
        ...(this.fifo
          ? { MessageGroupId: entry.group.slice(0, 128), MessageDeduplicationId: entry.dedup }
          : {}),
      }));
      for (let round = 0; batch.length > 0; round++) {
        const answer = await this.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch }),
        );
        const failed = new Set((answer.Failed ?? []).map((f) => f.Id));
        if (failed.size === 0) break;
        if (round >= 4) {
          const reasons = (answer.Failed ?? []).map((f) => `${f.Code}: ${f.Message ?? ''}`.slice(0, 120));
          throw new Error(
            `SQS refused ${failed.size} delivery messages: ${[...new Set(reasons)].join('; ')}`,
          );
        }
        batch = batch.filter((entry) => failed.has(entry.Id));
        await new Promise((r) => setTimeout(r, 50 * 2 ** round));
      }
    }
  }
}
