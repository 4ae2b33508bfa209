import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageing, businessRoutes, type LedgerBalance } from '../../../lib/app-api/business/index.ts';
import type { MirrorJournal, MirrorLedgerAccount, MirrorOpenItem } from '../../../lib/mirror/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { call, USERS } from './harness.ts';

const item = (invoiceDate: string, outstandingCents: number): MirrorOpenItem => ({
  relationNumber: '10001',
  invoiceNumber: `F${invoiceDate}${outstandingCents}`,
  invoiceDate,
  amountCents: outstandingCents,
  outstandingCents,
});

const OPEN_ITEMS = [
  item('2026-10-20', 10_000),
  item('2026-09-15', 5_000),
  item('2026-08-15', 2_500),
  item('2026-01-01', 1_000),
  item('2026-10-01', -7_000),
];
const JOURNALS: MirrorJournal[] = [
  { code: 'ABN', description: 'ABN AMRO zakelijk', kind: 'B', ledgerAccount: '1100' },
  { code: 'KAS', description: 'Kas', kind: 'K', ledgerAccount: '1000' },
  { code: 'VRK', description: 'Verkoopboek', kind: 'V', ledgerAccount: '1300' },
];
const LEDGER: MirrorLedgerAccount[] = [
  { account: '1100', description: 'ABN AMRO', kind: 'B' },
  { account: '1000', description: 'Kas', kind: 'B' },
];
const BALANCES: LedgerBalance[] = [
  { account: '1100', year: 2026, period: 0, movementCents: 100_000 },
  { account: '1100', year: 2026, period: 10, movementCents: 25_000 },
  { account: '1100', year: 2026, period: 11, movementCents: 99_999 },
  { account: '8000', year: 2026, period: 10, movementCents: -50_000 },
  { account: '4000', year: 2026, period: 10, movementCents: 20_000 },
  { account: '8000', year: 2026, period: 9, movementCents: -40_000 },
];

const routes = (withBalances: boolean) =>
  businessRoutes({
    mirror: {
      read: async (_adm, kind) =>
        ({ openItems: OPEN_ITEMS, journals: JOURNALS, ledgerAccounts: LEDGER })[kind] as never,
    },
    ...(withBalances ? { ledgerBalances: async () => BALANCES } : {}),
  });

const URL = '/v1/app/administrations/DEMO/business-status';

describe('Function: businessRoutes', () => {
  it('ages receivables and payables and computes balances and months from ledger balances', async () => {
    // Act
    const answer = await call(routes(true), USERS.reader, 'GET', URL);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      asOf: '2026-10-31',
      receivables: {
        totalCents: 18_500,
        buckets: [
          { label: '0-30', cents: 10_000 },
          { label: '31-60', cents: 5_000 },
          { label: '61-90', cents: 2_500 },
          { label: '90+', cents: 1_000 },
        ],
      },
      payables: {
        totalCents: 7_000,
        buckets: [{ label: '0-30', cents: 7_000 }, { label: '31-60', cents: 0 }, {}, {}],
      },
      bankAccounts: [
        { ledgerAccount: '1100', description: 'ABN AMRO', balanceCents: 125_000 },
        { ledgerAccount: '1000', description: 'Kas', balanceCents: 0 },
      ],
      month: { revenueCents: 50_000, costsCents: 20_000 },
      lastMonth: { revenueCents: 40_000, costsCents: 0 },
    });
  });

  it('says so in sources, and leaves balances out, when the mirror has no ledger balances', async () => {
    // Act
    const answer = await call(routes(false), USERS.reader, 'GET', URL);

    // Assess
    expect(answer.json.bankAccounts).toEqual([
      { ledgerAccount: '1100', description: 'ABN AMRO' },
      { ledgerAccount: '1000', description: 'Kas' },
    ]);
    expect(answer.json.month).toBeUndefined();
    expect(answer.json.sources.month).toMatch(/not in the mirror/);
  });

  it('refuses a user without the administration', async () => {
    // Act
    const answer = await call(routes(true), USERS.outsider, 'GET', URL);

    // Assess
    expect(answer.status).toBe(403);
  });
});

describe('Function: ageing', () => {
  it('buckets add up to the total, in whole cents, for any open items', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            days: fc.integer({ min: -30, max: 2000 }),
            cents: fc.integer({ min: -1e9, max: 1e9 }),
          }),
          { maxLength: 50 },
        ),
        (rows) => {
          // Prepare
          const items = rows.map((r) =>
            item(new Date(Date.UTC(2026, 9, 31) - r.days * 86_400_000).toISOString().slice(0, 10), r.cents),
          );

          // Act
          const result = ageing(items, '2026-10-31', 1);

          // Assess
          expect(result.buckets.reduce((s, b) => s + b.cents, 0)).toBe(result.totalCents);
          expect(result.totalCents).toBe(rows.filter((r) => r.cents > 0).reduce((s, r) => s + r.cents, 0));
        },
      ),
      fuzzParameters(100),
    );
  });
});
