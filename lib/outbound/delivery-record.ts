import { createHash } from 'node:crypto';
import type { ChangeEvent, ChangeEventType } from '../../events/change-event.ts';

/** Where a record's delivery to one target stands. `skipped`: the target had nothing to do with it. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The Deliveries table's index by status (partition `statusPk`, sort `sk`). */
export const DELIVERY_STATUS_INDEX = 'byStatus';

/** The target's answer and errors are kept this long (characters): enough to read, never a whole page. */
export const MAX_ANSWER_LENGTH = 2000;

/** One record's delivery to one target (an item of the Deliveries table). */
export interface DeliveryRecord {
  administration: string;
  target: string;
  type: ChangeEventType | 'invalid';
  /** The record's key in the mirror (article code, relation number, …). */
  key: string;
  status: DeliveryStatus;
  deliveryKey: string;
  contentHash: string;
  subscription?: string;
  mode?: 'change' | 'full-load' | 'reconcile';
  /** When the change was seen (the event's `occurredAt`): an older event never overwrites a newer one. */
  occurredAt?: string;
  /** Calls of the target for the current deliveryKey. */
  attempts: number;
  lastAttemptAt?: string;
  deliveredAt?: string;
  remoteId?: string;
  /** What the target answered (cut to MAX_ANSWER_LENGTH). */
  answer?: string;
  /** Why it failed, or the last retryable error while pending (cut). */
  error?: string;
  /** Why the target skipped it. */
  reason?: string;
  /** The full load or reconcile that queued it last (its run id). */
  queuedBy?: string;
  updatedAt: string;
}

/** The partition of one administration's deliveries to one target. */
export const deliveryPartition = (administration: string, target: string): string =>
  `DELIVERY#${administration}#${target}`;

/** The sort key of a record: `<type>#<key>`. */
export const deliverySortKey = (type: string, key: string): string => `${type}#${key}`;

/** The status index's partition: one per administration, target and status. */
export const deliveryStatusPartition = (administration: string, target: string, status: string): string =>
  `${deliveryPartition(administration, target)}#${status}`;

/** The contract's delivery key, `sha256(target|type|key|contentHash)` hex. */
export function deliveryKeyOf(
  target: string,
  event: Pick<ChangeEvent, 'type' | 'key' | 'contentHash'>,
): string {
  return createHash('sha256')
    .update(`${target}|${event.type}|${event.key}|${event.contentHash}`)
    .digest('hex');
}
