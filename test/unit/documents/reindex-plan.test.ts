import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DocumentRecord,
  DocumentStoreError,
  type ReindexPlan,
  reindexPlan,
} from '../../../lib/documents/index.ts';
import { indexedWrite, itemOf } from '../../../lib/documents/indexed-write.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

const NOW = new Date('2026-04-01T12:00:00.000Z');

/** A status record as a connector wrote it before the index existed: no derived attributes at all. */
function oldItem(patch: Partial<DocumentRecord> = {}): Record<string, unknown> {
  const record: DocumentRecord = {
    id: 'doc_old_1',
    tenant: 'acme',
    administration: 'DEMO',
    kind: 'file',
    type: 'invoice-file',
    source: { connector: 'invoice-mailbox', externalId: 'DEMO/purchase/f-2025-7.xml' },
    status: 'review',
    payloadHash: 'h',
    attempts: 0,
    history: [
      { status: 'received', at: '2025-11-03T08:00:00.000Z' },
      { status: 'failed', at: '2025-11-03T08:01:00.000Z' },
      { status: 'review', at: '2025-11-04T09:00:00.000Z' },
    ],
    createdAt: '2025-11-03T08:00:00.000Z',
    updatedAt: '2025-11-04T09:00:00.000Z',
    result: {
      invoiceNumber: 'F-2025-7',
      party: { name: 'Slagerij Visser' },
      totals: { payableCents: 12_100 },
      reviewReasons: ['unknown supplier'],
    },
    ...patch,
  };
  return { pk: `DOC#${record.id}`, sk: 'STATUS', ...record };
}

/** The stored item after the plan's update (what the table holds once the reindexer applied it). */
function applied(item: Record<string, unknown>, plan: ReindexPlan): Record<string, unknown> {
  const next = { ...item, ...plan.set };
  for (const field of plan.remove) delete next[field];
  return next;
}

describe('reindexPlan', () => {
  it('gives an old record the index attributes, token items and history counts of the write path', () => {
    // Prepare
    const item = oldItem();

    // Act
    const plan = reindexPlan(item, NOW) as ReindexPlan;

    // Assess
    expect(plan.set).toMatchObject({
      gsiReviewPk: 'REVIEW#DEMO',
      gsiAdmPk: 'ADM#DEMO',
      gsiStatusPk: 'ADMSTATUS#DEMO#review',
      gsiConnectorPk: 'ADMCONN#DEMO#invoice-mailbox',
      gsiSk: '2025-11-03T08:00:00.000Z#doc_old_1',
      itemKind: 'invoice',
      title: 'Slagerij Visser · F-2025-7',
      amountCents: 12_100,
      countedStatuses: ['failed', 'review'],
    });
    expect(plan.tokenPuts.length).toBe((plan.set.searchTokens as string[]).length);
    expect(plan.tokenDeletes).toEqual([]);
    expect(plan.increments.map((i) => [i.status, i.date])).toEqual([
      ['failed', '2025-11-03'],
      ['review', '2025-11-04'],
    ]);
    expect(plan.version).toEqual({ updatedAt: '2025-11-04T09:00:00.000Z', historyLength: 3 });
  });

  it('plans nothing for a record the write path wrote, nor for items that are no status record', () => {
    // Prepare
    const record = oldItem() as unknown as DocumentRecord;
    const write = indexedWrite(record, undefined, NOW);
    const current = { pk: 'DOC#doc_old_1', sk: 'STATUS', ...itemOf(record, write) };

    // Act
    const plans = [
      reindexPlan(current, NOW),
      reindexPlan({ pk: 'SEARCH#DEMO#slagerij', sk: 'x', id: 'doc_old_1' }, NOW),
      reindexPlan({ pk: 'DOC#doc_old_1', sk: 'RECEIPT' }, NOW),
      reindexPlan({ pk: 'COUNT#DEMO#x#2025-11-03', sk: 'COUNT' }, NOW),
    ];

    // Assess
    expect(plans).toEqual([undefined, undefined, undefined, undefined]);
  });

  it.each([
    ['a queued record (not counted)', { status: 'queued' as const, history: [] }, []],
    ['a booked record without history', { status: 'booked' as const, history: [] }, ['booked']],
    [
      'a record that was booked twice',
      {
        status: 'booked' as const,
        history: [
          { status: 'booked' as const, at: '2025-01-02T00:00:00.000Z' },
          { status: 'booked' as const, at: '2025-01-05T00:00:00.000Z' },
        ],
      },
      ['booked'],
    ],
  ])('counts %s once per status', (_name, patch, counted) => {
    // Act
    const plan = reindexPlan(oldItem(patch), NOW) as ReindexPlan;

    // Assess
    expect(plan.increments.map((i) => i.status)).toEqual(counted);
  });

  it('moves stale token items and removes attributes no longer derived', () => {
    // Prepare: indexed as review once, then changed to booked by something that left the index alone.
    const record = oldItem() as unknown as DocumentRecord;
    const stored: Record<string, unknown> = {
      pk: 'DOC#doc_old_1',
      sk: 'STATUS',
      ...itemOf(record, indexedWrite(record, undefined, NOW)),
    };
    const changed = {
      ...stored,
      status: 'booked',
      result: { ...(stored.result as object), party: { name: 'Garage Smit' } },
    };

    // Act
    const plan = reindexPlan(changed, NOW) as ReindexPlan;

    // Assess
    expect(plan.remove).toContain('gsiReviewPk');
    expect(plan.set.gsiStatusPk).toBe('ADMSTATUS#DEMO#booked');
    expect(plan.tokenDeletes.length).toBeGreaterThan(0);
    expect(JSON.stringify(plan.tokenPuts)).toContain('SEARCH#DEMO#garage');
    expect(plan.increments.map((i) => i.status)).toEqual(['booked']);
  });

  it('never throws on any stored shape, and a second plan after the first is applied is empty', () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.oneof(fc.string(), fc.anything()),
          administration: fc.oneof(fc.constantFrom('DEMO', 'ANDERS', ''), fc.anything()),
          status: fc.oneof(fc.constantFrom('review', 'booked', 'failed', 'queued'), fc.anything()),
          history: fc.oneof(
            fc.array(fc.record({ status: fc.constantFrom('review', 'booked', 'rejected'), at: fc.string() })),
            fc.anything(),
          ),
          createdAt: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.anything(),
          ),
          updatedAt: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.anything(),
          ),
          source: fc.anything(),
          result: fc.anything(),
          searchTokens: fc.oneof(fc.constant(undefined), fc.array(fc.string()), fc.anything()),
          countedStatuses: fc.oneof(fc.constant(undefined), fc.array(fc.string()), fc.anything()),
          title: fc.anything(),
        }),
        (fields) => {
          // Prepare
          const item = { ...fields, pk: 'DOC#doc_x', sk: 'STATUS' };

          // Act
          let plan: ReindexPlan | undefined;
          try {
            plan = reindexPlan(item, NOW);
          } catch (error) {
            // Assess: only a shape the write path cannot index either, named as such.
            expect(error).toBeInstanceOf(DocumentStoreError);
            expect((error as Error).message).toContain('doc_x');
            return;
          }
          const again = plan ? reindexPlan(applied(item, plan), NOW) : undefined;

          // Assess
          expect(again).toBeUndefined();
        },
      ),
      fuzzParameters(200),
    );
  });
});
