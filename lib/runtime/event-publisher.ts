import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type FieldIssue, formatIssues, type NormalizedEvent, validateEvent } from '../../events/index.ts';
import type { DocumentStore } from '../documents/index.ts';
import { packEvents } from './event-batch-message.ts';

export type PublishOutcome =
  | { id: string; status: 'queued' }
  | { id: string; status: 'already-final'; documentStatus: string }
  | { id: string; status: 'conflict'; documentStatus: string; message: string }
  | { index: number; status: 'invalid'; issues: FieldIssue[]; message: string };

/**
 * How connectors and the partner API hand events to the writer: validate, record the document status,
 * pack per administration and send to the FIFO queue. Nothing is enqueued before its status record exists,
 * so nothing can be booked without a trace.
 */
export class EventPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly documents: DocumentStore,
  ) {}

  async publish(inputs: unknown[]): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = [];
    const valid: NormalizedEvent[] = [];
    inputs.forEach((input, index) => {
      const result = validateEvent(input);
      if (result.ok) valid.push(result.value);
      else
        outcomes.push({
          index,
          status: 'invalid',
          issues: result.issues,
          message: formatIssues(result.issues),
        });
    });
    const unique = [...new Map(valid.map((e) => [e.id, e])).values()];
    const toSend: NormalizedEvent[] = [];
    const decisions = await mapLimit(unique, 16, (event) => this.documents.markQueued(event));
    decisions.forEach((decision, i) => {
      const event = unique[i] as NormalizedEvent;
      if (decision.decision === 'queued') {
        toSend.push(event);
        outcomes.push({ id: event.id, status: 'queued' });
      } else if (decision.decision === 'conflict') {
        outcomes.push({
          id: event.id,
          status: 'conflict',
          documentStatus: decision.status,
          message: `event ${event.id} was ${decision.status} with different content; send corrections under a new source id`,
        });
      } else {
        outcomes.push({ id: event.id, status: 'already-final', documentStatus: decision.status });
      }
    });
    const messages = packEvents(toSend);
    for (let i = 0; i < messages.length; i += 10) {
      const part = messages.slice(i, i + 10);
      const answer = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: part.map((m, j) => ({
            Id: String(j),
            MessageBody: m.body,
            MessageGroupId: m.groupId,
            MessageDeduplicationId: m.deduplicationId,
          })),
        }),
      );
      if (answer.Failed && answer.Failed.length > 0) {
        const first = answer.Failed[0];
        throw new Error(`SQS refused ${answer.Failed.length} message(s): ${first?.Code} ${first?.Message}`);
      }
    }
    return outcomes;
  }
}

export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
}
