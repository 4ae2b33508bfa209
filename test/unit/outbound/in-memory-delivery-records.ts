import type {
  DeliveryFailure,
  DeliveryMessage,
  DeliveryOutcome,
  DeliveryRecord,
  DeliveryRecords,
} from '../../../lib/outbound/index.ts';

/** The delivery records in a Map, with the store's rules (newer events win, delivered stays delivered). */
export class InMemoryDeliveryRecords implements DeliveryRecords {
  readonly records = new Map<string, DeliveryRecord>();
  readonly writes: { status: string; key: string }[] = [];

  async get(administration: string, target: string, type: string, key: string) {
    return this.records.get(`${administration}|${target}|${type}#${key}`);
  }

  record(message: DeliveryMessage): DeliveryRecord | undefined {
    return this.records.get(this.#id(message));
  }

  async pending(messages: readonly DeliveryMessage[], at: Date): Promise<void> {
    for (const message of messages) {
      const old = this.record(message);
      if (old && old.deliveryKey === message.deliveryKey && old.status === 'delivered') continue;
      this.#put(message, at, 'pending', { attempts: 0 });
    }
  }

  async delivered(message: DeliveryMessage, outcome: DeliveryOutcome, at: Date) {
    this.#put(
      message,
      at,
      outcome.status,
      outcome.status === 'delivered'
        ? { deliveredAt: at.toISOString(), ...(outcome.remoteId ? { remoteId: outcome.remoteId } : {}) }
        : { reason: outcome.reason },
    );
  }

  async failed(message: DeliveryMessage, failure: DeliveryFailure, at: Date) {
    this.#put(message, at, 'failed', { ...failure });
  }

  async retrying(message: DeliveryMessage, failure: DeliveryFailure, at: Date) {
    this.#put(message, at, 'pending', { ...failure });
  }

  async invalid(
    target: string,
    administration: string,
    messageId: string,
    failure: DeliveryFailure,
    at: Date,
  ) {
    this.writes.push({ status: 'invalid', key: messageId });
    this.records.set(`${administration}|${target}|invalid#${messageId}`, {
      administration,
      target,
      type: 'invalid',
      key: messageId,
      status: 'failed',
      deliveryKey: '-',
      contentHash: '-',
      attempts: 1,
      updatedAt: at.toISOString(),
      ...failure,
    });
  }

  #id(message: DeliveryMessage): string {
    return `${message.administration}|${message.target}|${message.event.type}#${message.event.key}`;
  }

  #put(message: DeliveryMessage, at: Date, status: DeliveryRecord['status'], extra: Partial<DeliveryRecord>) {
    const old = this.record(message);
    if (old?.occurredAt && old.occurredAt > message.event.occurredAt) return;
    if (status !== 'delivered' && old?.deliveryKey === message.deliveryKey && old.status === 'delivered')
      return;
    this.writes.push({ status, key: message.event.key });
    this.records.set(this.#id(message), {
      administration: message.administration,
      target: message.target,
      type: message.event.type,
      key: message.event.key,
      deliveryKey: message.deliveryKey,
      contentHash: message.event.contentHash,
      occurredAt: message.event.occurredAt,
      mode: message.mode,
      updatedAt: at.toISOString(),
      attempts:
        (old?.deliveryKey === message.deliveryKey ? old.attempts : 0) +
        (status === 'pending' && !extra.error ? 0 : 1),
      status,
      ...extra,
    });
  }
}
