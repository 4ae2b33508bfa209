import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoWindowCounter, RateWindowError } from '../../../lib/runtime/rate-window/index.ts';
import { fakeDocumentClient as fakeClient } from './fake-document-client.ts';

const T0 = Date.UTC(2026, 3, 1, 10, 0, 0);

describe('Class: DynamoWindowCounter (request shape)', () => {
  it.each([
    ['a pk/sk table', { sortKey: 'sk' }, { pk: 'rate-limit#k', sk: `window#${T0}` }],
    ['a pk-only table', {}, { pk: `rate-limit#k#${T0}` }],
    ['another prefix and partition key', { partitionKey: 'id', keyPrefix: 'RATE#' }, { id: `RATE#k#${T0}` }],
  ])(
    'raises the window item of %s conditionally, with a TTL after the window',
    async (_name, layout, key) => {
      // Prepare
      const { client, sent } = fakeClient(() => ({ Attributes: { requests: 3 } }));
      const counter = new DynamoWindowCounter({ client, tableName: 't', ...layout });
      // Act
      const take = await counter.take({ key: 'k', cost: 2, limit: 5, windowMs: 60_000, nowMs: T0 + 10 });
      // Assess
      expect(take).toEqual({ granted: true, count: 3, windowStart: T0, resetMs: 59_990 });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        TableName: 't',
        Key: key,
        ConditionExpression: 'attribute_not_exists(#count) OR #count <= :max',
        ExpressionAttributeValues: { ':cost': 2, ':max': 3, ':expiresAt': (T0 + 120_000) / 1000 + 3_600 },
      });
    },
  );

  it('reads the count of a refusal from the item DynamoDB returns with it', async () => {
    // Prepare
    const refusal = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      Item: { requests: { N: '4' } },
    });
    const { client, sent } = fakeClient(() => Promise.reject(refusal));
    const counter = new DynamoWindowCounter({ client, tableName: 't' });
    // Act
    const take = await counter.take({ key: 'k', cost: 2, limit: 5, windowMs: 1_000, nowMs: T0 });
    // Assess
    expect(take).toEqual({ granted: false, count: 4, windowStart: T0, resetMs: 1_000 });
    expect(sent).toHaveLength(1);
  });

  it('reads the count once more when the refusal comes without the item (emulators)', async () => {
    // Prepare
    const { client, sent } = fakeClient((input) =>
      'UpdateExpression' in input
        ? Promise.reject(Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' }))
        : { Item: { requests: 5 } },
    );
    const counter = new DynamoWindowCounter({ client, tableName: 't', sortKey: 'sk' });
    // Act
    const take = await counter.take({ key: 'k', limit: 5, windowMs: 1_000, nowMs: T0 });
    // Assess
    expect(take).toMatchObject({ granted: false, count: 5 });
    expect(sent[1]).toMatchObject({ Key: { pk: 'rate-limit#k', sk: `window#${T0}` }, ConsistentRead: true });
  });

  it('passes other DynamoDB errors on', async () => {
    // Prepare
    const { client } = fakeClient(() => Promise.reject(new Error('throttled')));
    const counter = new DynamoWindowCounter({ client, tableName: 't' });
    // Act
    const attempt = counter.take({ key: 'k', limit: 5, windowMs: 1_000, nowMs: T0 });
    // Assess
    await expect(attempt).rejects.toThrow('throttled');
  });

  it.each([
    ['tableName', { tableName: '' }],
    ['partitionKey', { partitionKey: '' }],
    ['sortKey', { sortKey: 'pk' }],
    ['expiryGraceSeconds', { expiryGraceSeconds: -1 }],
  ])('refuses a bad %s option', (field, change) => {
    // Prepare
    const { client } = fakeClient(() => ({}));
    // Act
    const attempt = () => new DynamoWindowCounter({ client, tableName: 't', ...change });
    // Assess
    expect(attempt).toThrow(expect.objectContaining({ field }));
    expect(attempt).toThrow(RateWindowError);
  });
});
