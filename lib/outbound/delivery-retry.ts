import { randomBytes } from 'node:crypto';
import type { ChangeEventType } from '../../events/change-event.ts';
import type { MirrorStore } from '../mirror/index.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { deliveryKeyOf } from './delivery-record.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { DeliveryMessage } from './delivery-target.ts';
import { changeEventOfMirrorRow, MIRROR_KIND_OF } from './mirror-change-events.ts';

/** Why a delivery cannot be sent again; `reason` is the rule a caller shows (and maps to its answer). */
export class DeliveryRetryError extends Error {
  override readonly name = 'DeliveryRetryError';
  constructor(
    readonly reason: 'unknown-record' | 'not-failed' | 'not-in-mirror' | 'no-queue' | 'not-retryable',
    message: string,
  ) {
    super(message);
  }
}

export interface DeliveryRetryRequest {
  administration: string;
  target: string;
  type: ChangeEventType;
  key: string;
}

export interface DeliveryRetryDeps {
  tenant: string;
  records: Pick<DeliveryStore, 'get' | 'pending'>;
  mirror: Pick<MirrorStore, 'readRow'>;
  /** The target's delivery queue (the `DELIVERY_QUEUES` environment variable), undefined when it has none. */
  queueOf: (target: string) => Pick<DeliveryQueue, 'send'> | undefined;
  clock?: () => Date;
}

/**
 * "Send again" for one failed delivery, as a person asks it in the web app: the record's current content is
 * read from the mirror (what CASH holds now, not the copy that failed) and queued to the target once more,
 * the record going back to `pending`. Only failed records: a pending one is still on its way, a delivered
 * one needs nothing, and a record the mirror no longer has cannot be sent.
 */
export class DeliveryRetry {
  constructor(private readonly deps: DeliveryRetryDeps) {}

  async retry(request: DeliveryRetryRequest): Promise<DeliveryMessage> {
    const { administration, target, type, key } = request;
    const shown = `${type} ${JSON.stringify(key.slice(0, 40))} to ${target}`;
    const record = await this.deps.records.get(administration, target, type, key);
    if (!record) throw new DeliveryRetryError('unknown-record', `no delivery of ${shown} is recorded`);
    if (record.status !== 'failed')
      throw new DeliveryRetryError(
        'not-failed',
        `the delivery of ${shown} is ${record.status}; only a failed delivery is sent again`,
      );
    const kind = MIRROR_KIND_OF[type];
    if (!kind)
      throw new DeliveryRetryError(
        'not-retryable',
        `${type} is not kept in the CASH mirror; the next change sends it again`,
      );
    const queue = this.deps.queueOf(target);
    if (!queue) throw new DeliveryRetryError('no-queue', `${target} has no delivery queue in this stack`);
    const row = await this.deps.mirror.readRow(administration, kind, key);
    if (!row)
      throw new DeliveryRetryError(
        'not-in-mirror',
        `${shown}: the CASH mirror no longer holds ${JSON.stringify(key.slice(0, 40))}`,
      );
    const at = (this.deps.clock ?? (() => new Date()))();
    const runId = `retry_${randomBytes(9).toString('hex')}`;
    const { event, error } = changeEventOfMirrorRow(type, key, row, {
      tenant: this.deps.tenant,
      administration,
      origin: 'reconcile',
      runId,
      at,
    });
    if (!event)
      throw new DeliveryRetryError(
        'not-in-mirror',
        error ?? `${shown}: the mirror row makes no change event`,
      );
    const message: DeliveryMessage = {
      target,
      subscription: record.subscription ?? `${target}#${administration}#retry`,
      administration,
      deliveryKey: deliveryKeyOf(target, event),
      mode: 'reconcile',
      event,
    };
    await queue.send([message]);
    // redeliver: the failed record may carry this very hash; it goes back to pending all the same.
    await this.deps.records.pending([message], at, { queuedBy: runId, redeliver: true });
    return message;
  }
}
