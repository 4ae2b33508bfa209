import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  bucketStep,
  checkBucketRequest,
  DynamoTokenBucket,
  InMemoryTokenBucket,
  RateWindowError,
} from '../../../lib/runtime/rate-window/index.ts';
import { fakeDocumentClient as fakeClient } from './fake-document-client.ts';

const T0 = Date.UTC(2026, 3, 1, 10, 0, 0);
const bucket = { key: 'k', burst: 3, intervalMs: 1_000, nowMs: T0 };

describe('Function: bucketStep', () => {
  it.each([
    ['a new bucket', 0, 1, 0, { granted: true, tat: T0 + 1_000, waitMs: 0, idle: true }],
    [
      'a bucket idle since long',
      T0 - 50_000,
      3,
      0,
      { granted: true, tat: T0 + 3_000, waitMs: 0, idle: true },
    ],
    ['a busy bucket with room', T0 + 1_500, 1, 0, { granted: true, tat: T0 + 2_500, waitMs: 0, idle: false }],
    [
      'a busy bucket without room',
      T0 + 2_500,
      1,
      0,
      { granted: false, tat: T0 + 2_500, waitMs: 500, idle: false },
    ],
    [
      'a reserve that must stay',
      T0 + 1_500,
      1,
      1,
      { granted: false, tat: T0 + 1_500, waitMs: 500, idle: false },
    ],
  ])('decides %s', (_name, tat, cost, reserve, expected) => {
    // Act
    const step = bucketStep(tat, checkBucketRequest({ ...bucket, cost, reserve }));
    // Assess
    expect(step).toEqual(expected);
  });
});

describe('Function: checkBucketRequest', () => {
  it.each([
    ['key', { key: '' }],
    ['burst', { burst: 0 }],
    ['intervalMs', { intervalMs: 0.5 }],
    ['reserve', { reserve: 3 }],
    ['cost', { cost: 3, reserve: 1 }],
    ['nowMs', { nowMs: Number.NaN }],
  ])('refuses a bad %s, naming it', (field, change) => {
    // Act & Assess
    expect(() => checkBucketRequest({ ...bucket, ...change })).toThrow(
      expect.objectContaining({ name: 'RateWindowError', field }),
    );
  });
});

describe('Class: InMemoryTokenBucket', () => {
  it('lets a burst through at once, then one request per interval', async () => {
    // Prepare
    const tokens = new InMemoryTokenBucket();
    // Act
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push((await tokens.take(bucket)).granted);
    const later = await tokens.take({ ...bucket, nowMs: T0 + 1_000 });
    // Assess
    expect(burst).toEqual([true, true, true, false]);
    expect(later.granted).toBe(true);
  });

  it('drops full buckets first when it holds more than maxKeys', async () => {
    // Prepare
    const tokens = new InMemoryTokenBucket({ maxKeys: 2 });
    // Act
    for (const key of ['a', 'b', 'c']) await tokens.take({ ...bucket, key });
    // Assess
    expect(tokens.size).toBeLessThanOrEqual(2);
    expect(() => new InMemoryTokenBucket({ maxKeys: 0 })).toThrow(RateWindowError);
  });
});

describe('Class: DynamoTokenBucket (request shape)', () => {
  it.each([
    ['a pk/sk table', { sortKey: 'sk' }, { pk: 'rate-bucket#k', sk: 'bucket' }],
    ['a pk-only table', {}, { pk: 'rate-bucket#k' }],
  ])('takes from an idle bucket of %s in one conditional write, with a TTL', async (_name, layout, key) => {
    // Prepare
    const { client, sent } = fakeClient(() => ({}));
    const tokens = new DynamoTokenBucket({ client, tableName: 't', ...layout });
    // Act
    const take = await tokens.take(bucket);
    // Assess
    expect(take).toEqual({ granted: true, tat: T0 + 1_000, waitMs: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      TableName: 't',
      Key: key,
      ConditionExpression: 'attribute_not_exists(#tat) OR #tat <= :now',
      ExpressionAttributeValues: {
        ':next': T0 + 1_000,
        ':now': T0,
        ':expiresAt': (T0 + 1_000) / 1000 + 3_600,
      },
    });
  });

  it('adds to a busy bucket after a lost race, with the tat DynamoDB returned', async () => {
    // Prepare
    const refusal = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      Item: { tat: { N: String(T0 + 1_000) } },
    });
    const { client, sent } = fakeClient(() =>
      sent.length === 1 ? Promise.reject(refusal) : { Attributes: { tat: T0 + 2_000 } },
    );
    const tokens = new DynamoTokenBucket({ client, tableName: 't' });
    // Act
    const take = await tokens.take(bucket);
    // Assess
    expect(take).toEqual({ granted: true, tat: T0 + 2_000, waitMs: 0 });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({
      UpdateExpression: 'ADD #tat :increment SET #expiresAt = :expiresAt',
      ConditionExpression: '#tat > :now AND #tat <= :highest',
      ExpressionAttributeValues: { ':increment': 1_000, ':now': T0, ':highest': T0 + 2_000 },
    });
  });

  it('refuses without a request when the tat it saw last already refuses', async () => {
    // Prepare
    const { client, sent } = fakeClient(() => ({ Attributes: { tat: T0 + 3_000 } }));
    const tokens = new DynamoTokenBucket({ client, tableName: 't' });
    await tokens.take({ ...bucket, nowMs: T0 - 1 });
    sent.length = 0;
    await tokens.take({ ...bucket, nowMs: T0 + 100 }).catch(() => undefined);
    // Act
    const take = await tokens.take({ ...bucket, nowMs: T0 + 200 });
    // Assess
    expect(take).toEqual({ granted: false, tat: T0 + 3_000, waitMs: 800 });
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['tableName', { tableName: '' }],
    ['sortKey', { sortKey: 'pk' }],
    ['expiryGraceSeconds', { expiryGraceSeconds: -1 }],
    ['maxConflicts', { maxConflicts: 0 }],
  ])('refuses a bad %s', (field, change) => {
    // Prepare
    const { client } = fakeClient(() => ({}));
    // Act & Assess
    expect(() => new DynamoTokenBucket({ client, tableName: 't', ...change })).toThrow(
      expect.objectContaining({ field }),
    );
  });
});
