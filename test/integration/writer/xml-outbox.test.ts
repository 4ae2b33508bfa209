import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { ensureBucket } from '../../../lib/local/provision.ts';
import { type TestResources, testCashWriter, testResources } from '../helpers.ts';

let res: TestResources;
const BUCKET = 'archive-outbox-test';

beforeAll(async () => {
  res = await testResources();
  await ensureBucket(res.clients.s3, BUCKET);
});

describe('XML outbox target (CASHWin without API)', () => {
  it('writes one CASH XML file per import, and never a second one for the same bookings', async () => {
    // Prepare
    const writer = testCashWriter(res, {
      connections: { WIN: { kind: 'xml-outbox', bucket: BUCKET, numbering: { firstEntryNumber: 500 } } },
      rateLimiter: new LocalRateLimiter(),
      minRemainingMs: 0,
    });
    const events = [1, 2].map((i) =>
      createEvent({
        tenant: 'acme',
        administration: 'WIN',
        type: 'journal-entry.book',
        source: { connector: 'pos', externalId: `z-${i}` },
        data: {
          journal: 'KAS',
          date: '2026-06-0' + i,
          description: `Kassa dag ${i}`,
          lines: [
            { ledgerAccount: '1000', amountCents: 12_100 },
            { ledgerAccount: '8000', amountCents: -10_000 },
            { ledgerAccount: '1510', amountCents: -2_100 },
          ],
        },
      }),
    );
    // Act
    const first = await writer.write(events);
    const again = await writer.write(events);
    // Assess
    expect(first.map((o) => o.outcome)).toEqual(['booked', 'booked']);
    expect(again.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate']);
    const listed = await res.clients.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'outbox/WIN/' }),
    );
    expect(listed.Contents?.length).toBe(1);
    const file = await res.clients.s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: listed.Contents?.[0]?.Key }),
    );
    const xml = await file.Body?.transformToString();
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<CASH>');
    expect((xml?.match(/<R0301>/g) ?? []).length).toBe(6);
    expect(xml).toContain('<F0303>500</F0303>');
    expect(xml).toContain('<F0303>501</F0303>');
  });
});
