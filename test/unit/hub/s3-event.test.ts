import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeS3EventKey, s3ObjectCreatedEvent } from '../../../hub/triggers/s3-notification-trigger.ts';

describe('S3 ObjectCreated events', () => {
  it.each([
    ['DEMO/purchase/factuur 1.xml', 'DEMO/purchase/factuur+1.xml'],
    ['DEMO/sales/über(2).pdf', 'DEMO/sales/%C3%BCber%282%29.pdf'],
    ['DEMO/bank/a+b.sta', 'DEMO/bank/a%2Bb.sta'],
  ])('encodes the key %s as S3 does: %s', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
  });

  it('decoding the event key the way handlers do gives the key back (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (key) => {
        const decoded = decodeURIComponent(encodeS3EventKey(key).replace(/\+/g, ' '));
        expect(decoded).toBe(key);
      }),
    );
  });

  it('shapes one record with bucket, key, size and eTag without quotes', () => {
    // Act
    const event = s3ObjectCreatedEvent(
      {
        bucket: 'mailbox',
        key: 'DEMO/purchase/a b.xml',
        size: 12,
        eTag: '"abc"',
        lastModified: new Date('2026-11-24T08:00:00Z'),
      },
      'eu-west-1',
      'Mailbox#1',
    );
    // Assess
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      awsRegion: 'eu-west-1',
      eventTime: '2026-11-24T08:00:00.000Z',
      s3: {
        configurationId: 'Mailbox#1',
        bucket: { name: 'mailbox', arn: 'arn:aws:s3:::mailbox' },
        object: { key: 'DEMO/purchase/a+b.xml', size: 12, eTag: 'abc' },
      },
    });
  });
});
