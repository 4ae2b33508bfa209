import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeEvent } from '../../events/change-event.ts';
import { deliveryKeyOf } from './delivery-record.ts';
import type { DeliveryMessage, DeliveryRecorder } from './delivery-target.ts';
import { matchesSubscription, type RoutedSubscription } from './subscription-match.ts';

/** Change events could not all be queued; the caller must not treat them as delivered (the mirror stays as it was). */
export class DeliveryRoutingError extends Error {
  override readonly name = 'DeliveryRoutingError';
  constructor(
    message: string,
    readonly failed: ReadonlyArray<{ target: string; deliveryKey: string; reason: string }>,
  ) {
    super(message);
  }
}

export interface DeliveryRouterDeps {
  sqs: Pick<SQSClient, 'send'>;
  /** Target connector → its delivery queue URL (the `DELIVERY_QUEUES` environment variable). */
  queues: Readonly<Record<string, string>>;
  subscriptions: readonly RoutedSubscription[];
  recorder: DeliveryRecorder;
  now?: () => Date;
  /** Rounds for the entries SQS refused in a batch (default 4), with a growing pause. */
  maxRounds?: number;
  pause?: (ms: number) => Promise<void>;
}

export interface RoutingResult {
  messages: number;
  byTarget: Record<string, number>;
}

const BATCH = 10;

/**
 * Routes change events to the delivery queues of the targets that subscribe to them, in SendMessageBatch
 * calls of ten, sending again what SQS refused; then records each message `pending`. Throws
 * `DeliveryRoutingError` when a message could not be queued after the last round, so nothing is lost silently.
 */
export class DeliveryRouter {
  constructor(private readonly deps: DeliveryRouterDeps) {}

  /** The messages the events make, one per (event, subscription) that matches. */
  messagesFor(events: readonly ChangeEvent[]): DeliveryMessage[] {
    const messages: DeliveryMessage[] = [];
    for (const event of events)
      for (const subscription of this.deps.subscriptions)
        if (matchesSubscription(subscription, event))
          messages.push({
            target: subscription.target,
            subscription: subscription.id,
            administration: event.administration,
            deliveryKey: deliveryKeyOf(subscription.target, event),
            mode: event.origin === 'full-load' || event.origin === 'reconcile' ? event.origin : 'change',
            event,
          });
    return messages;
  }

  async route(events: readonly ChangeEvent[]): Promise<RoutingResult> {
    const messages = this.messagesFor(events);
    const byTarget: Record<string, DeliveryMessage[]> = {};
    for (const message of messages) {
      const list = byTarget[message.target] ?? [];
      list.push(message);
      byTarget[message.target] = list;
    }
    const failed: Array<{ target: string; deliveryKey: string; reason: string }> = [];
    const queued: DeliveryMessage[] = [];
    for (const [target, list] of Object.entries(byTarget)) {
      const url = this.deps.queues[target];
      if (!url) {
        for (const m of list)
          failed.push({ target, deliveryKey: m.deliveryKey, reason: 'no delivery queue' });
        continue;
      }
      for (let i = 0; i < list.length; i += BATCH) {
        const outcome = await this.sendBatch(url, list.slice(i, i + BATCH));
        queued.push(...outcome.sent);
        for (const f of outcome.failed) failed.push({ target, ...f });
      }
    }
    // Recorded even when some failed: what is on a queue will be delivered and must show as pending.
    if (queued.length > 0) await this.deps.recorder.pending(queued, (this.deps.now ?? (() => new Date()))());
    if (failed.length > 0)
      throw new DeliveryRoutingError(
        `${failed.length} of ${messages.length} change deliveries could not be queued: ${failed
          .slice(0, 3)
          .map((f) => `${f.target} ${f.deliveryKey.slice(0, 12)} ${f.reason}`)
          .join('; ')}`,
        failed,
      );
    return {
      messages: queued.length,
      byTarget: Object.fromEntries(Object.entries(byTarget).map(([t, l]) => [t, l.length])),
    };
  }

  private async sendBatch(
    queueUrl: string,
    batch: DeliveryMessage[],
  ): Promise<{ sent: DeliveryMessage[]; failed: Array<{ deliveryKey: string; reason: string }> }> {
    const maxRounds = this.deps.maxRounds ?? 4;
    const pause = this.deps.pause ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let pending = batch.map((message, index) => ({ id: String(index), message }));
    const sent: DeliveryMessage[] = [];
    let reasons = new Map<string, string>();
    for (let round = 0; pending.length > 0 && round < maxRounds; round++) {
      if (round > 0) await pause(50 * 2 ** round);
      reasons = new Map();
      try {
        const answer = await this.deps.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: pending.map(({ id, message }) => ({ Id: id, MessageBody: JSON.stringify(message) })),
          }),
        );
        for (const f of answer.Failed ?? [])
          reasons.set(f.Id ?? '', `${f.Code ?? 'failed'}: ${f.Message ?? ''}`);
        // An entry SQS neither names as sent nor as failed is sent again (at-least-once; the key deduplicates).
        const ok = new Set((answer.Successful ?? []).map((s) => s.Id));
        sent.push(...pending.filter(({ id }) => ok.has(id)).map(({ message }) => message));
        // Sender faults (a malformed entry) will not succeed on a retry.
        const permanent = new Set((answer.Failed ?? []).filter((f) => f.SenderFault).map((f) => f.Id));
        pending = pending.filter(({ id }) => !ok.has(id) && !permanent.has(id));
        if (permanent.size > 0)
          return {
            sent,
            failed: [...permanent].map((id) => ({
              deliveryKey: batch[Number(id)]?.deliveryKey ?? '',
              reason: reasons.get(id ?? '') ?? 'sender fault',
            })),
          };
      } catch (error) {
        for (const { id } of pending) reasons.set(id, error instanceof Error ? error.message : String(error));
      }
    }
    return {
      sent,
      failed: pending.map(({ id, message }) => ({
        deliveryKey: message.deliveryKey,
        reason: reasons.get(id) ?? 'not queued',
      })),
    };
  }
}
