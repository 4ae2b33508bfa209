import type { S3Event } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInvoiceMailboxHandler } from '../../../functions/invoice-mailbox/invoice-mailbox-handler.ts';
import {
  type IntakeOutcome,
  type MailboxObject,
  MailboxRecordsFailedError,
} from '../../../lib/intake/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { observability } from '../../../lib/runtime/powertools.ts';

const event = (keys: string[]): S3Event =>
  ({
    Records: keys.map((key) => ({
      eventTime: '2026-03-14T10:00:00.000Z',
      s3: { bucket: { name: 'mailbox' }, object: { key } },
    })),
  }) as unknown as S3Event;

/** An intake that fails for keys containing "boom" and records what it was given. */
function fakeIntake(seen: MailboxObject[]) {
  return async () => ({
    async receive(object: MailboxObject): Promise<IntakeOutcome> {
      seen.push(object);
      if (object.rawKey.includes('boom')) throw new Error('S3 unavailable');
      return { key: object.rawKey, documentId: `doc_${seen.length}`, status: 'queued', eventIds: ['evt_1'] };
    },
  });
}

beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

describe('invoice-mailbox handler', () => {
  it('takes in every record of the event, one by one', async () => {
    // Prepare
    const seen: MailboxObject[] = [];
    const handler = createInvoiceMailboxHandler({
      observability: observability('t'),
      intake: fakeIntake(seen),
    });
    // Act
    const result = await handler(
      event(['DEMO/purchase/a.xml', 'DEMO/sales/b.xml']),
      lambdaContext('t', 10_000),
    );
    // Assess
    expect(result.outcomes.map((o) => o.status)).toEqual(['queued', 'queued']);
    expect(seen.map((o) => [o.bucket, o.rawKey, o.eventTime])).toEqual([
      ['mailbox', 'DEMO/purchase/a.xml', '2026-03-14T10:00:00.000Z'],
      ['mailbox', 'DEMO/sales/b.xml', '2026-03-14T10:00:00.000Z'],
    ]);
  });

  it('isolates a failing record: the others are taken in, then the event fails for a retry naming it', async () => {
    // Prepare
    const seen: MailboxObject[] = [];
    const handler = createInvoiceMailboxHandler({
      observability: observability('t'),
      intake: fakeIntake(seen),
    });
    // Act
    const act = handler(
      event(['DEMO/purchase/boom.xml', 'DEMO/purchase/ok.xml']),
      lambdaContext('t', 10_000),
    );
    // Assess
    await expect(act).rejects.toBeInstanceOf(MailboxRecordsFailedError);
    await expect(act).rejects.toThrow('DEMO/purchase/boom.xml');
    expect(seen.map((o) => o.rawKey)).toEqual(['DEMO/purchase/boom.xml', 'DEMO/purchase/ok.xml']);
  });

  it.each([
    [{}, 0],
    [{ Records: [] }, 0],
    [{ Records: [{ s3: { bucket: { name: 'm' } } }] }, 0],
  ])('ignores an event without usable records (%j)', async (input, count) => {
    // Prepare
    const seen: MailboxObject[] = [];
    const handler = createInvoiceMailboxHandler({
      observability: observability('t'),
      intake: fakeIntake(seen),
    });
    // Act
    const result = await handler(input as S3Event, lambdaContext('t', 10_000));
    // Assess
    expect(result.outcomes).toHaveLength(count);
  });
});
