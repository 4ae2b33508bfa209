import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CashBucketDirectory, CashError, cashApiKeyId } from '../../../lib/cash/index.ts';

/** A client that answers every command from `item` and notes what it was sent. */
function fakeClient(item?: Record<string, unknown>) {
  const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
  return {
    sent,
    client: {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        return item ? { Item: item } : {};
      },
    } as never,
  };
}

describe('cashApiKeyId', () => {
  it('names a key by a short hash: stable, the same for every client, never the key itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 200 }), (key) => {
        // Act
        const id = cashApiKeyId(key);
        // Assess
        expect(id).toMatch(/^cash-key#[0-9a-f]{16}$/);
        expect(cashApiKeyId(key)).toBe(id);
        expect(id.includes(key)).toBe(false);
      }),
    );
  });
});

describe('CashBucketDirectory', () => {
  it('records the hashed name per administration and finds the bucket in the limiter’s layout', async () => {
    // Prepare
    const { client, sent } = fakeClient({ keyId: 'cash-key#0123456789abcdef' });
    const directory = new CashBucketDirectory({ client, tableName: 'mirror', sortKey: 'sk' });
    // Act
    await directory.record('DEMO', 'secret-key-value', new Date('2026-12-02T10:00:00Z'));
    const key = await directory.bucketItemKey('DEMO');
    // Assess
    expect(sent[0]?.input.Item).toEqual({
      pk: 'cash-bucket-of#DEMO',
      sk: 'bucket-key',
      keyId: cashApiKeyId('secret-key-value'),
      recordedAt: '2026-12-02T10:00:00.000Z',
    });
    expect(JSON.stringify(sent)).not.toContain('secret-key-value');
    expect(key).toEqual({ pk: 'rate-bucket#cash-key#0123456789abcdef', sk: 'bucket' });
  });

  it.each([
    ['no item', undefined],
    ['an empty key name', { keyId: '' }],
    ['a key name that is not text', { keyId: 42 }],
  ])('knows no bucket for %s', async (_name, item) => {
    // Prepare
    const directory = new CashBucketDirectory({ client: fakeClient(item).client, tableName: 'mirror' });
    // Act
    const key = await directory.bucketItemKey('DEMO');
    // Assess
    expect(key).toBeUndefined();
  });

  it.each([[''], ['x'.repeat(101)]])('refuses the administration code %j, naming it', async (code) => {
    // Prepare
    const directory = new CashBucketDirectory({ client: fakeClient().client, tableName: 'mirror' });
    // Act
    const attempt = directory.record(code, 'k');
    // Assess
    await expect(attempt).rejects.toThrow(CashError);
    await expect(attempt).rejects.toThrow(/administration: must be a code of 1 to 100 characters/);
  });
});
