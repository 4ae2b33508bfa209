import { createHash } from 'node:crypto';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import type { ChangeEvent } from '../../events/change-event.ts';
import type { DeliveryMessage } from '../../lib/outbound/index.ts';
import { DELIVERY_STATUS_INDEX, deliveryKeyOf } from '../../lib/outbound/index.ts';

const hex = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** An article.changed event of code `code` whose content is `description` (its hash follows it). */
export function articleEvent(
  code: string,
  description: string,
  occurredAt = '2026-11-02T10:00:00.000Z',
): ChangeEvent {
  return {
    id: `chg_${hex(`${code}|${description}|${occurredAt}`, 32)}`,
    tenant: 'acme',
    administration: 'ADM1',
    schemaVersion: 1,
    occurredAt,
    key: code,
    change: 'updated',
    contentHash: hex(description, 64),
    origin: 'sync',
    type: 'article.changed',
    data: { code, description, salesPriceCents: 1250 },
  };
}

/** The message the router would queue for `event` to `target`. */
export function deliveryMessageOf(
  event: ChangeEvent,
  target = 'shop',
  mode: DeliveryMessage['mode'] = 'change',
): DeliveryMessage {
  return {
    target,
    subscription: `${target}#${event.administration}#0`,
    administration: event.administration,
    deliveryKey: deliveryKeyOf(target, event),
    mode,
    event,
  };
}

let sequence = 0;

/** An SQS record as Lambda hands it over, `receives` its ApproximateReceiveCount. */
export function sqsRecordOf(body: unknown, receives = 1, messageId = `m-${++sequence}`): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}-${receives}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receives),
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:deliveries-shop',
    awsRegion: 'eu-west-1',
  };
}

/** The Deliveries table as the stack defines it: `pk`/`sk` and the `byStatus` index. */
export function deliveriesTableInput(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'statusPk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DELIVERY_STATUS_INDEX,
        KeySchema: [
          { AttributeName: 'statusPk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
