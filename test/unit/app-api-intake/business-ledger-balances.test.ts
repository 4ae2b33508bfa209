import { describe, expect, it } from 'vitest';
import {
  businessRoutes,
  categoryOf,
  DEFAULT_BUSINESS_STATUS_SETTINGS,
  mirrorLedgerBalances,
} from '../../../lib/app-api/business/index.ts';
import type {
  MirrorJournal,
  MirrorLedgerAccount,
  MirrorLedgerBalance,
  MirrorList,
} from '../../../lib/mirror/index.ts';
import { call, USERS } from './harness.ts';

const JOURNALS: MirrorJournal[] = [
  { code: 'ABN', description: 'ABN AMRO zakelijk', kind: 'B', ledgerAccount: '1100' },
  { code: 'KAS', description: 'Kas', kind: 'K', ledgerAccount: '1000' },
  { code: 'VRK', description: 'Verkoopboek', kind: 'V', ledgerAccount: '1300' },
];
/** As CASH's 0201T gives them: 0204 B balans / W winst-en-verlies. */
const LEDGER: MirrorLedgerAccount[] = [
  { account: '1000', description: 'Kas', kind: 'B' },
  { account: '1100', description: 'ABN AMRO', kind: 'B' },
  { account: '1300', description: 'Debiteuren', kind: 'B' },
  { account: '4100', description: 'Huur bedrijfsruimte', kind: 'W' },
  { account: '8000', description: 'Omzet hoog', kind: 'W' },
  { account: '8900', description: 'Betalingsverschillen', kind: 'W' },
  { account: '8500', description: 'Tussenrekening (balans)', kind: 'B' },
  { account: '9999', description: 'Afrondingsverschillen', kind: 'W' },
];

const balance = (account: string, period: string, balanceCents: number): MirrorLedgerBalance => ({
  account,
  period,
  debitCents: Math.max(0, balanceCents),
  creditCents: Math.max(0, -balanceCents),
  balanceCents,
  lines: 1,
});

/** The mirror's ledgerBalances list, as cash-sync writes it. */
const MIRROR_BALANCES: MirrorLedgerBalance[] = [
  balance('1100', '2025-12', 500_000), // last year: not in this year's balance
  balance('1100', '2026-00', 100_000),
  balance('1100', '2026-10', 25_000),
  balance('1000', '2026-03', 4_500),
  balance('8000', '2026-10', -60_000),
  balance('8900', '2026-10', 1_000), // a payment difference on the debit side lowers revenue
  balance('8500', '2026-10', -99_000), // a balance account in class 8 is no revenue
  balance('4100', '2026-10', 20_000),
  balance('9999', '2026-10', 3),
  balance('8000', '2026-09', -40_000),
  balance('4100', '2026-09', 20_000),
];

const list = (rows: MirrorLedgerBalance[], complete: boolean): MirrorList<'ledgerBalances'> => ({
  rows,
  complete,
});

const routes = (ledgerBalances: MirrorList<'ledgerBalances'>) =>
  businessRoutes({
    mirror: {
      read: async (_adm, kind) =>
        ({ openItems: [], journals: JOURNALS, ledgerAccounts: LEDGER })[kind] as never,
    },
    ledgerBalances: mirrorLedgerBalances({ readList: async () => ledgerBalances }),
  });

const URL = '/v1/app/administrations/DEMO/business-status';

describe('Function: businessRoutes with the mirror ledger balances', () => {
  it("shows the money accounts' balances and the month's revenue and costs by ledger kind", async () => {
    // Act
    const answer = await call(routes(list(MIRROR_BALANCES, true)), USERS.reader, 'GET', URL);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.bankAccounts).toEqual([
      { ledgerAccount: '1100', description: 'ABN AMRO', balanceCents: 125_000 },
      { ledgerAccount: '1000', description: 'Kas', balanceCents: 4_500 },
    ]);
    expect(answer.json.month).toEqual({ revenueCents: 59_000, costsCents: 20_003 });
    expect(answer.json.lastMonth).toEqual({ revenueCents: 40_000, costsCents: 20_000 });
    expect(answer.json.sources.month).toMatch(/ledger kind W/);
  });

  it('leaves balances out until a full sync of them has finished', async () => {
    // Act
    const answer = await call(routes(list(MIRROR_BALANCES, false)), USERS.reader, 'GET', URL);

    // Assess
    expect(answer.json.bankAccounts).toEqual([
      { ledgerAccount: '1100', description: 'ABN AMRO' },
      { ledgerAccount: '1000', description: 'Kas' },
    ]);
    expect(answer.json.month).toBeUndefined();
  });

  it('refuses a user without the administration', async () => {
    // Act
    const answer = await call(routes(list(MIRROR_BALANCES, true)), USERS.outsider, 'GET', URL);

    // Assess
    expect(answer.status).toBe(403);
  });
});

describe('Function: categoryOf', () => {
  const settings = DEFAULT_BUSINESS_STATUS_SETTINGS;

  it.each([
    ['8000', 'W', 'revenue'],
    ['8500', 'B', undefined],
    ['4100', 'W', 'costs'],
    ['9999', 'W', 'costs'],
    ['1100', 'B', undefined],
    ['8000', undefined, 'revenue'],
    ['7000', undefined, 'costs'],
    ['9999', undefined, undefined],
  ] as const)('reads %s of kind %s as %s', (account, kind, expected) => {
    // Act
    const category = categoryOf(account, kind, settings);

    // Assess
    expect(category).toBe(expected);
  });

  it('takes kinds that say revenue or costs outright, when an administration configures them', () => {
    // Prepare
    const configured = { ...settings, revenueLedgerKinds: ['O'], costLedgerKinds: ['K'] };

    // Act
    const categories = [categoryOf('3000', 'O', configured), categoryOf('8000', 'K', configured)];

    // Assess
    expect(categories).toEqual(['revenue', 'costs']);
  });
});
