import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FauxqsServer } from 'fauxqs';

export interface SavedMessage {
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  groupId?: string;
  deduplicationId?: string;
}

type Snapshot = Record<string, SavedMessage[]>;

/**
 * fauxqs keeps queues in memory only. So the hub writes every queue's messages (waiting, delayed and in
 * flight) to `.hub/queues.json` every few seconds and on shutdown, and sends them again at the next start.
 * What this cannot keep: receive counts and visibility timers — a restored message counts as new, and
 * one that was being processed is delivered again (handlers are idempotent, which they must be anyway).
 */
export class QueueSnapshot {
  private lastWritten = '';

  constructor(private readonly path: string) {}

  /** Writes the current messages of `queues` (queue name → name in fauxqs); skips the write when nothing changed. */
  save(fauxqs: FauxqsServer, queues: readonly string[]): number {
    const snapshot: Snapshot = {};
    let count = 0;
    for (const name of queues) {
      const inspected = fauxqs.inspectQueue(name);
      if (!inspected) continue;
      const messages = [
        ...inspected.messages.ready,
        ...inspected.messages.delayed,
        ...inspected.messages.inflight.map((entry) => entry.message),
      ];
      if (messages.length === 0) continue;
      snapshot[name] = messages
        .sort(
          (a, b) =>
            (a.sequenceNumber ?? '').localeCompare(b.sequenceNumber ?? '') ||
            a.sentTimestamp - b.sentTimestamp,
        )
        .map((m) => ({
          body: m.body,
          attributes: m.messageAttributes as Record<string, MessageAttributeValue>,
          ...(m.messageGroupId ? { groupId: m.messageGroupId } : {}),
          ...(m.messageDeduplicationId ? { deduplicationId: m.messageDeduplicationId } : {}),
        }));
      count += messages.length;
    }
    const text = JSON.stringify(snapshot);
    if (text !== this.lastWritten) {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(`${this.path}.tmp`, text);
      renameSync(`${this.path}.tmp`, this.path);
      this.lastWritten = text;
    }
    return count;
  }

  /** Sends the saved messages to the queues again (queue name → URL); returns how many. */
  async restore(sqs: SQSClient, urls: ReadonlyMap<string, string>): Promise<number> {
    if (!existsSync(this.path)) return 0;
    const snapshot = JSON.parse(readFileSync(this.path, 'utf8')) as Snapshot;
    let count = 0;
    for (const [name, messages] of Object.entries(snapshot)) {
      const url = urls.get(name);
      if (!url) continue;
      for (const message of messages) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: url,
            MessageBody: message.body,
            ...(Object.keys(message.attributes).length > 0 ? { MessageAttributes: message.attributes } : {}),
            ...(message.groupId ? { MessageGroupId: message.groupId } : {}),
            ...(message.deduplicationId ? { MessageDeduplicationId: message.deduplicationId } : {}),
          }),
        );
        count++;
      }
    }
    return count;
  }
}
