import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../../events/index.ts';

/**
 * One SQS message carries several normalized events of one administration. CASH allows ~100 requests a
 * minute, so the writer needs many events per import; FIFO event sources deliver at most 10 messages per
 * batch, hence the packing. Each event keeps its own id, status and idempotency record.
 */
export interface EventBatchMessage {
  events: unknown[];
}

/** Stays well under SQS's 256 KiB message limit, leaving room for attributes. */
export const MAX_MESSAGE_BYTES = 200 * 1024;
export const MAX_EVENTS_PER_MESSAGE = 250;

export function messageGroupId(event: Pick<NormalizedEvent, 'tenant' | 'administration'>): string {
  return `${event.tenant}#${event.administration}`;
}

export interface PackedMessage {
  groupId: string;
  deduplicationId: string;
  body: string;
  eventIds: string[];
}

/** Packs events into FIFO messages per tenant#administration, preserving order within a group. */
export function packEvents(events: NormalizedEvent[]): PackedMessage[] {
  const groups = new Map<string, NormalizedEvent[]>();
  for (const event of events) {
    const group = messageGroupId(event);
    const list = groups.get(group) ?? [];
    list.push(event);
    groups.set(group, list);
  }
  const messages: PackedMessage[] = [];
  for (const [groupId, list] of groups) {
    let current: string[] = [];
    let ids: string[] = [];
    let bytes = 0;
    const flush = () => {
      if (current.length === 0) return;
      const body = `{"events":[${current.join(',')}]}`;
      const deduplicationId = createHash('sha256').update(ids.join(',')).digest('hex');
      messages.push({ groupId, deduplicationId, body, eventIds: ids });
      current = [];
      ids = [];
      bytes = 0;
    };
    for (const event of list) {
      const json = JSON.stringify(event);
      const size = Buffer.byteLength(json);
      if (size + 32 > MAX_MESSAGE_BYTES)
        throw new RangeError(`event ${event.id} is ${size} bytes, too large for one message`);
      if (bytes + size + 32 > MAX_MESSAGE_BYTES || current.length >= MAX_EVENTS_PER_MESSAGE) flush();
      current.push(json);
      ids.push(event.id);
      bytes += size + 1;
    }
    flush();
  }
  return messages;
}

/** Reads a message body back; a body that is not a batch is returned as one item so it can be reported. */
export function unpackMessage(body: string): unknown[] {
  const parsed: unknown = JSON.parse(body);
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as EventBatchMessage).events)) {
    return (parsed as EventBatchMessage).events;
  }
  return [parsed];
}
