import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { truncateText } from '../runtime/quoted-text.ts';
import { isConditionFailure } from '../runtime/rate-window/index.ts';
import { decodeDeliveryCursor, encodeDeliveryCursor } from './delivery-cursor.ts';
import {
  DELIVERY_STATUS_INDEX,
  type DeliveryRecord,
  type DeliveryStatus,
  deliveryPartition,
  deliverySortKey,
  deliveryStatusPartition,
  MAX_ANSWER_LENGTH,
} from './delivery-record.ts';
import type { DeliveryMessage, DeliveryOutcome, DeliveryRecorder } from './delivery-target.ts';

export interface DeliveryListQuery {
  administration: string;
  target: string;
  status?: DeliveryStatus;
  /** The record's key in the mirror (any type). */
  key?: string;
  limit: number;
  cursor?: string;
}

/** What a failed or retried attempt leaves on the record. */
export interface DeliveryFailure {
  error: string;
  answer?: string;
}

const RECORD_FIELDS = [
  'administration',
  'target',
  'type',
  'key',
  'status',
  'deliveryKey',
  'contentHash',
  'subscription',
  'mode',
  'occurredAt',
  'attempts',
  'lastAttemptAt',
  'deliveredAt',
  'remoteId',
  'answer',
  'error',
  'reason',
  'queuedBy',
  'updatedAt',
] as const;

const cut = (text: string) => truncateText(text, MAX_ANSWER_LENGTH);

/**
 * The delivery records: one item per (administration, target, `<type>#<key>`) in the Deliveries table
 * (`pk DELIVERY#<administration>#<target>`, `sk <type>#<key>`), and `statusPk` for the status index. Every
 * change is one conditional UpdateItem, so concurrent handlers never lose each other's writes: a record
 * delivered with a content hash never goes back to pending for that hash, and an older event never
 * overwrites a newer one (`occurredAt`).
 */
export class DeliveryStore implements DeliveryRecorder {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The router (or a full load or reconcile, `queuedBy` its run) queued these messages. `redeliver`: a
   * reconcile found the target without this content, so even a delivered record of the same hash is pending.
   */
  async pending(
    messages: readonly DeliveryMessage[],
    at: Date,
    options: { queuedBy?: string; redeliver?: boolean } = {},
  ): Promise<void> {
    const { queuedBy, redeliver } = options;
    for (const message of messages) {
      const values = this.#base(message, at, 'pending');
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.#key(message),
            UpdateExpression: `SET ${values.set}, attempts = :zero${queuedBy ? ', queuedBy = :run' : ''} REMOVE deliveredAt, remoteId, answer, #error, reason`,
            ConditionExpression: redeliver
              ? 'attribute_not_exists(occurredAt) OR occurredAt <= :occurredAt'
              : '(attribute_not_exists(occurredAt) OR occurredAt <= :occurredAt) AND (attribute_not_exists(deliveryKey) OR deliveryKey <> :deliveryKey OR #status <> :delivered)',
            ExpressionAttributeNames: { ...values.names, '#error': 'error' },
            ExpressionAttributeValues: {
              ...values.values,
              ':zero': 0,
              ...(redeliver ? {} : { ':delivered': 'delivered' }),
              ...(queuedBy ? { ':run': queuedBy } : {}),
            },
          }),
        );
      } catch (error) {
        // Already delivered with this hash, or a newer change is recorded: nothing to mark.
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async delivered(message: DeliveryMessage, outcome: DeliveryOutcome, at: Date): Promise<void> {
    const status = outcome.status;
    const extra: Record<string, unknown> =
      outcome.status === 'delivered'
        ? {
            deliveredAt: at.toISOString(),
            ...(outcome.remoteId ? { remoteId: cut(outcome.remoteId) } : {}),
            ...(outcome.answer ? { answer: cut(outcome.answer) } : {}),
          }
        : { reason: cut(outcome.reason) };
    await this.#attempt(message, at, status, extra, ['error', ...(status === 'skipped' ? ['remoteId'] : [])]);
  }

  /** A permanent failure (or retries spent): the record is failed with the target's answer. */
  async failed(message: DeliveryMessage, failure: DeliveryFailure, at: Date): Promise<void> {
    await this.#attempt(message, at, 'failed', this.#failure(failure), []);
  }

  /** A retryable failure: still pending, the attempt and its error recorded. */
  async retrying(message: DeliveryMessage, failure: DeliveryFailure, at: Date): Promise<void> {
    await this.#attempt(message, at, 'pending', this.#failure(failure), []);
  }

  /**
   * A queue message that is no delivery at all (not JSON, not the contract's shape): recorded failed under
   * `invalid#<messageId>` of the administration it names (`-` when none), so it is seen, never lost.
   */
  async invalid(
    target: string,
    administration: string,
    messageId: string,
    failure: DeliveryFailure,
    at: Date,
  ): Promise<void> {
    const sk = deliverySortKey('invalid', messageId);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: deliveryPartition(administration, target), sk },
        UpdateExpression:
          'SET administration = :adm, target = :target, #type = :type, #key = :key, #status = :failed, statusPk = :statusPk, deliveryKey = :none, contentHash = :none, lastAttemptAt = :at, updatedAt = :at, #error = :error, answer = :answer ADD attempts :one',
        ExpressionAttributeNames: { '#type': 'type', '#key': 'key', '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':adm': administration,
          ':target': target,
          ':type': 'invalid',
          ':key': messageId,
          ':failed': 'failed',
          ':statusPk': deliveryStatusPartition(administration, target, 'failed'),
          ':none': '-',
          ':at': at.toISOString(),
          ':error': cut(failure.error),
          ':answer': cut(failure.answer ?? ''),
          ':one': 1,
        },
      }),
    );
  }

  async get(
    administration: string,
    target: string,
    type: string,
    key: string,
  ): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: deliveryPartition(administration, target), sk: deliverySortKey(type, key) },
        ConsistentRead: true,
      }),
    );
    return Item ? recordOf(Item) : undefined;
  }

  /** Several records of one administration and target at once, by `<type>#<key>`. */
  async getMany(
    administration: string,
    target: string,
    sortKeys: readonly string[],
  ): Promise<Map<string, DeliveryRecord>> {
    const found = new Map<string, DeliveryRecord>();
    const pk = deliveryPartition(administration, target);
    const unique = [...new Set(sortKeys)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((sk) => ({ pk, sk }));
      for (let round = 0; keys && keys.length > 0; round++) {
        if (round >= 8)
          throw new Error(`DynamoDB kept ${keys.length} reads of ${this.tableName} unprocessed`);
        const answer = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? [])
          found.set(String(item.sk), recordOf(item));
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
        if (keys?.length) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      }
    }
    return found;
  }

  /** One page of an administration's deliveries to a target, by `<type>#<key>`; by status through the index. */
  async list(query: DeliveryListQuery): Promise<{ items: DeliveryRecord[]; nextCursor?: string }> {
    const pk = deliveryPartition(query.administration, query.target);
    const after = query.cursor ? decodeDeliveryCursor(query.cursor).sk : undefined;
    const input: QueryCommandInput = query.status
      ? {
          TableName: this.tableName,
          IndexName: DELIVERY_STATUS_INDEX,
          KeyConditionExpression: 'statusPk = :pk',
          ExpressionAttributeValues: {
            ':pk': deliveryStatusPartition(query.administration, query.target, query.status),
          },
          ...(after
            ? {
                ExclusiveStartKey: {
                  pk,
                  sk: after,
                  statusPk: deliveryStatusPartition(query.administration, query.target, query.status),
                },
              }
            : {}),
        }
      : {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
        };
    if (query.key !== undefined) {
      input.FilterExpression = '#key = :key';
      input.ExpressionAttributeNames = { '#key': 'key' };
      input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ':key': query.key };
    }
    const items: DeliveryRecord[] = [];
    let start = input.ExclusiveStartKey;
    // A key filter may leave pages empty; read on until the page is full or the partition ends.
    for (let round = 0; round < 20; round++) {
      const answer = await this.client.send(
        new QueryCommand({ ...input, Limit: query.limit - items.length, ExclusiveStartKey: start }),
      );
      for (const item of answer.Items ?? []) items.push(recordOf(item));
      start = answer.LastEvaluatedKey;
      if (!start || items.length >= query.limit) break;
    }
    return start ? { items, nextCursor: encodeDeliveryCursor({ sk: String(start.sk) }) } : { items };
  }

  #key(message: DeliveryMessage): Record<string, string> {
    return {
      pk: deliveryPartition(message.administration, message.target),
      sk: deliverySortKey(message.event.type, message.event.key),
    };
  }

  /** The fields every write sets: identity, status and its index partition, the message's content. */
  #base(message: DeliveryMessage, at: Date, status: DeliveryStatus) {
    return {
      set: 'administration = :adm, target = :target, #type = :type, #key = :key, #status = :status, statusPk = :statusPk, deliveryKey = :deliveryKey, contentHash = :hash, subscription = :subscription, #mode = :mode, occurredAt = :occurredAt, updatedAt = :at',
      names: { '#type': 'type', '#key': 'key', '#status': 'status', '#mode': 'mode' },
      values: {
        ':adm': message.administration,
        ':target': message.target,
        ':type': message.event.type,
        ':key': message.event.key,
        ':status': status,
        ':statusPk': deliveryStatusPartition(message.administration, message.target, status),
        ':deliveryKey': message.deliveryKey,
        ':hash': message.event.contentHash,
        ':subscription': message.subscription,
        ':mode': message.mode,
        ':occurredAt': message.event.occurredAt,
        ':at': at.toISOString(),
      } as Record<string, unknown>,
    };
  }

  #failure(failure: DeliveryFailure): Record<string, unknown> {
    return { error: cut(failure.error), ...(failure.answer ? { answer: cut(failure.answer) } : {}) };
  }

  /**
   * One attempt's result: status, the attempt counted, `extra` set and `remove` removed. Refused when a newer
   * change is recorded, or (for anything but `delivered`) when this content is already delivered.
   */
  async #attempt(
    message: DeliveryMessage,
    at: Date,
    status: DeliveryStatus,
    extra: Record<string, unknown>,
    remove: readonly string[],
  ): Promise<void> {
    const base = this.#base(message, at, status);
    const names: Record<string, string> = { ...base.names };
    const values: Record<string, unknown> = { ...base.values, ':one': 1 };
    const sets = [base.set, 'lastAttemptAt = :at'];
    for (const [field, value] of Object.entries(extra)) {
      names[`#x_${field}`] = field;
      values[`:x_${field}`] = value;
      sets.push(`#x_${field} = :x_${field}`);
    }
    const removed = remove.filter((field) => !(field in extra));
    for (const field of removed) names[`#r_${field}`] = field;
    let condition = 'attribute_not_exists(occurredAt) OR occurredAt <= :occurredAt';
    if (status !== 'delivered') {
      condition = `(${condition}) AND NOT (deliveryKey = :deliveryKey AND #status = :delivered)`;
      values[':delivered'] = 'delivered';
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.#key(message),
          UpdateExpression: `SET ${sets.join(', ')} ADD attempts :one${removed.length ? ` REMOVE ${removed.map((f) => `#r_${f}`).join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // A newer change of the record is on its way (or this content is delivered): its record stands.
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function recordOf(item: Record<string, unknown>): DeliveryRecord {
  const record: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  record.attempts = typeof item.attempts === 'number' ? item.attempts : 0;
  return record as unknown as DeliveryRecord;
}
