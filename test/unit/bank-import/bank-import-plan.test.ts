import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher, makeDutchIban, type OpenItem } from '../../../lib/bank/matching/index.ts';
import { assignImportIds, parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry, BankStatement } from '../../../lib/bank/statement.ts';
import {
  allocatePayment,
  BankAccountDirectory,
  BankAccountMappingError,
  bankEntryDocumentId,
  controlAccounts,
  openItemsFromMirror,
  planStatements,
  statementRejection,
} from '../../../lib/bank/stores/index.ts';
import type { MirrorJournal } from '../../../lib/mirror/index.ts';
import { type BankImportSettings, bankImportSettings } from '../../../lib/tenant/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import { BANK_FOLDERS, corpusSamples, readCorpusFile } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';

const corpusFiles = corpusSamples(BANK_FOLDERS);

const TENANT = 'acme';
const OWN = makeDutchIban('ABNA', '0123456789');
const JOURNALS: MirrorJournal[] = [
  { code: 'KAS', description: 'Kas', kind: 'K', ledgerAccount: '1000' },
  { code: 'ABN', description: 'ABN AMRO zakelijk', kind: 'B', ledgerAccount: '1100' },
  { code: 'ING', description: 'ING zakelijk', kind: 'B', ledgerAccount: '1110' },
];

function settings(input: Record<string, unknown> = {}): BankImportSettings {
  return bankImportSettings.parse(input);
}

function statement(entries: BankEntry[], overrides: Partial<BankStatement> = {}): BankStatement {
  const result: BankStatement = {
    format: 'camt053',
    bank: 'abnamro',
    account: OWN,
    accountIban: OWN,
    currency: 'EUR',
    statementId: 'S1',
    balanceCheck: 'ok',
    entries,
    errors: [],
    ...overrides,
  };
  assignImportIds([result]);
  return result;
}

function entry(overrides: Partial<BankEntry> = {}): BankEntry {
  return { importId: '', bookingDate: '2026-03-02', amountCents: 12_100, currency: 'EUR', ...overrides };
}

describe('BankAccountDirectory', () => {
  it.each([
    {
      name: 'an account listed in the settings, ledger from the mirror journal',
      config: { accounts: { [OWN.toLowerCase()]: { journal: 'ABN' } } },
      bank: 'abnamro' as const,
      expected: { journal: 'ABN', ledgerAccount: '1100', source: 'settings' },
    },
    {
      name: 'an account listed with its own ledger account',
      config: { accounts: { [OWN]: { journal: 'BNK', ledgerAccount: '1150' } } },
      bank: 'abnamro' as const,
      expected: { journal: 'BNK', ledgerAccount: '1150', source: 'settings' },
    },
    {
      name: 'the default journal of the settings',
      config: { journal: 'ING' },
      bank: 'abnamro' as const,
      expected: { journal: 'ING', ledgerAccount: '1110', source: 'settings-journal' },
    },
    {
      name: 'the mirror journal naming the bank',
      config: {},
      bank: 'ing' as const,
      expected: { journal: 'ING', ledgerAccount: '1110', source: 'mirror-bank-name' },
    },
  ])('resolves $name', ({ config, bank, expected }) => {
    // Prepare
    const directory = new BankAccountDirectory('DEMO', settings(config), JOURNALS);
    // Act
    const resolved = directory.resolve({ account: OWN, accountIban: OWN, bank });
    // Assess
    expect(resolved).toEqual(expected);
  });

  it('uses the only bank journal there is, and refuses to guess between several', () => {
    // Prepare
    const only = new BankAccountDirectory('DEMO', settings(), JOURNALS.slice(0, 2));
    const several = new BankAccountDirectory('DEMO', settings(), JOURNALS);
    // Act + Assess
    expect(only.resolve({ account: OWN, bank: 'knab' }).journal).toBe('ABN');
    expect(() => several.resolve({ account: OWN, bank: 'knab' })).toThrow(BankAccountMappingError);
    expect(() => several.resolve({ account: OWN, bank: 'knab' })).toThrow(/ABN, ING/);
  });

  it('names the missing ledger account of a configured journal', () => {
    // Prepare
    const directory = new BankAccountDirectory('DEMO', settings({ journal: 'BNK' }), JOURNALS);
    // Act + Assess
    expect(() => directory.resolve({ account: OWN, bank: 'abnamro' })).toThrow(/BNK .*ledgerAccount/);
  });
});

describeWithCorpus('planStatements over the corpus', () => {
  it.each(corpusFiles)(
    '$folder/$name: every line is booked, reviewed or its statement rejected with a reason',
    ({ folder, name }) => {
      // Prepare
      const parsed = parseStatementFile(readCorpusFile(folder, name), name);
      const ctx = {
        tenant: TENANT,
        administration: 'DEMO',
        settings: settings({ journal: 'ING' }),
        directory: new BankAccountDirectory('DEMO', settings({ journal: 'ING' }), JOURNALS),
      };
      // Act
      const review = planStatements(parsed.statements, { ...ctx, matcher: new Matcher([]) });
      const suspense = planStatements(parsed.statements, {
        ...ctx,
        settings: settings({ journal: 'ING', suspenseAccount: '1900' }),
        matcher: new Matcher([]),
      });
      // Assess
      parsed.statements.forEach((source, index) => {
        const outcome = review.statements[index];
        if (statementRejection(source)) {
          expect(outcome?.status).toBe('rejected');
          expect(outcome?.reason).toBeTruthy();
        } else {
          expect(outcome?.status).toBe('accepted');
          expect((outcome?.auto ?? 0) + (outcome?.proposals ?? 0) + (outcome?.none ?? 0)).toBe(
            source.entries.length,
          );
        }
      });
      for (const item of review.reviews) {
        expect(item.documentId).toBe(bankEntryDocumentId(TENANT, item.importId));
        expect(item.decision.reasons.length + item.reason.length).toBeGreaterThan(0);
      }
      const accepted = parsed.statements.filter((s) => !statementRejection(s));
      expect(suspense.reviews.filter((r) => r.entry.currency === 'EUR' && r.entry.amountCents !== 0)).toEqual(
        [],
      );
      for (const booking of suspense.bookings) {
        expect(booking.event.data.lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(0);
      }
      expect(suspense.bookings.length + suspense.reviews.length).toBe(
        accepted.reduce((sum, s) => sum + s.entries.length, 0),
      );
    },
  );
});

/** The plan context of the demo administration whose own account books in the ABN journal. */
function abnContext() {
  const abn = settings({ accounts: { [OWN]: { journal: 'ABN' } } });
  return {
    tenant: TENANT,
    administration: 'DEMO',
    settings: abn,
    directory: new BankAccountDirectory('DEMO', abn, JOURNALS),
  };
}

describe('planStatements', () => {
  const invoice: OpenItem = {
    relationNumber: '10001',
    relationName: 'Bakkerij De Graaf B.V.',
    ibans: [makeDutchIban('RABO', '0123456789')],
    invoiceNumber: '2026-0042',
    invoiceDate: '2026-02-01',
    amountCents: 12_100,
    outstandingCents: 12_100,
  };

  it('books a clear payment in the bank journal with the debtor line, and skips lines already handled', () => {
    // Prepare
    const statements = [
      statement([
        entry({
          counterpartyIban: invoice.ibans[0],
          counterpartyName: invoice.relationName,
          remittance: 'Factuur 2026-0042',
        }),
      ]),
    ];
    const ctx = abnContext();
    // Act
    const plan = planStatements(statements, { ...ctx, matcher: new Matcher([invoice]) });
    const id = bankEntryDocumentId(TENANT, statements[0]?.entries[0]?.importId as string);
    const again = planStatements(statements, {
      ...ctx,
      matcher: new Matcher([invoice]),
      handled: new Set([id]),
    });
    // Assess
    expect(plan.bookings).toHaveLength(1);
    const event = plan.bookings[0]?.event;
    expect(event?.id).toBe(id);
    expect(event?.data.journal).toBe('ABN');
    expect(event?.data.lines).toEqual([
      expect.objectContaining({ ledgerAccount: '1100', amountCents: 12_100 }),
      expect.objectContaining({
        ledgerAccount: '1300',
        amountCents: -12_100,
        relationNumber: '10001',
        invoiceNumber: '2026-0042',
      }),
    ]);
    expect(again.bookings).toEqual([]);
    expect(again.alreadyHandled).toEqual([id]);
  });

  it('a line the parser flagged (bank reference twice) waits for a person even when it matches clearly', () => {
    // Prepare: a camt.053 day whose two Ntry carry the same AcctSvcrRef
    const payment = entry({
      importId: 'REF-1',
      counterpartyIban: invoice.ibans[0],
      counterpartyName: invoice.relationName,
      remittance: 'Factuur 2026-0042',
    });
    const xml = toCamt053(OWN, [payment, { ...payment, amountCents: 500, remittance: 'Rente' }], 0).replace(
      /<AcctSvcrRef>REF-1<\/AcctSvcrRef>/g,
      '<AcctSvcrRef>BANK-7</AcctSvcrRef>',
    );
    const parsed = parseStatementFile(new TextEncoder().encode(xml)).statements;
    const ctx = { ...abnContext(), matcher: new Matcher([invoice]) };
    // Act
    const plan = planStatements(parsed, ctx);
    // Assess
    expect(statementRejection(parsed[0] as BankStatement)).toBeUndefined();
    expect(plan.statements[0]).toMatchObject({ status: 'accepted', entries: 2, auto: 0 });
    expect(plan.bookings).toEqual([]);
    expect(plan.reviews.map((review) => review.reason)).toEqual([
      expect.stringMatching(
        /^not booked automatically: duplicate bank reference "BANK-7": also on Ntry 2 of Stmt /,
      ),
      expect.stringMatching(
        /^not booked automatically: duplicate bank reference "BANK-7": also on Ntry 1 of Stmt /,
      ),
    ]);
    expect(plan.reviews[0]?.decision.decision).toBe('auto');
  });

  it('rejects a statement that does not add up and one without a bank journal, with the reason', () => {
    // Prepare
    const mismatch = statement([entry()], {
      balanceCheck: 'mismatch',
      errors: ['balance check: off by 1.00'],
    });
    const unknown = statement([entry()], { statementId: 'S2', bank: 'generic' });
    const ctx = {
      tenant: TENANT,
      administration: 'DEMO',
      settings: settings(),
      directory: new BankAccountDirectory('DEMO', settings(), JOURNALS),
      matcher: new Matcher([]),
    };
    // Act
    const plan = planStatements([mismatch, unknown], ctx);
    // Assess
    expect(plan.statements.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(plan.statements[0]?.reason).toMatch(/balance check failed.*off by 1\.00/);
    expect(plan.statements[1]?.reason).toMatch(/no bank journal for account/);
    expect(plan.bookings).toEqual([]);
    expect(plan.reviews).toEqual([]);
  });

  it('books any random statement to suspense in balanced integer-cent journal entries, one per line', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amountCents: fc.integer({ min: -10_000_000, max: 10_000_000 }).filter((n) => n !== 0),
            day: fc.integer({ min: 1, max: 28 }),
            remittance: fc.string({ maxLength: 60 }),
            name: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (lines) => {
          // Prepare
          const source = statement(
            lines.map((line) =>
              entry({
                amountCents: line.amountCents,
                bookingDate: `2026-03-${String(line.day).padStart(2, '0')}`,
                remittance: line.remittance,
                ...(line.name ? { counterpartyName: line.name } : {}),
              }),
            ),
          );
          const config = settings({ journal: 'ABN', suspenseAccount: '1900' });
          // Act
          const plan = planStatements([source], {
            tenant: TENANT,
            administration: 'DEMO',
            settings: config,
            directory: new BankAccountDirectory('DEMO', config, JOURNALS),
            matcher: new Matcher([invoice]),
          });
          // Assess
          expect(plan.bookings.length + plan.reviews.length).toBe(lines.length);
          expect(new Set(plan.bookings.map((b) => b.event.id)).size).toBe(plan.bookings.length);
          for (const booking of plan.bookings) {
            const amounts = booking.event.data.lines.map((l) => l.amountCents);
            expect(amounts.every(Number.isSafeInteger)).toBe(true);
            expect(amounts.reduce((a, b) => a + b, 0)).toBe(0);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('allocatePayment', () => {
  it.each([
    { amount: 12_100, outstanding: [12_100], tolerance: 5, expected: [12_100] },
    { amount: 12_097, outstanding: [12_100], tolerance: 5, expected: [12_100] },
    { amount: 5_000, outstanding: [12_100], tolerance: 5, expected: [5_000] },
    { amount: 15_000, outstanding: [10_000, 10_000], tolerance: 5, expected: [10_000, 5_000] },
    { amount: -4_000, outstanding: [-4_000], tolerance: 5, expected: [-4_000] },
  ])('pays $amount over $outstanding as $expected', ({ amount, outstanding, tolerance, expected }) => {
    // Act
    const matches = allocatePayment(
      amount,
      outstanding.map((cents, i) => ({ invoiceNumber: `F${i}`, outstandingCents: cents })),
      tolerance,
    );
    // Assess
    expect(matches.map((m) => m.amountCents)).toEqual(expected);
  });

  it('allocates exactly the payment, or the invoices in full within tolerance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 1_000 }),
        (amount, outstanding, tolerance) => {
          // Act
          const matches = allocatePayment(
            amount,
            outstanding.map((cents, i) => ({ invoiceNumber: `F${i}`, outstandingCents: cents })),
            tolerance,
          );
          // Assess
          const allocated = matches.reduce((sum, m) => sum + m.amountCents, 0);
          const total = outstanding.reduce((a, b) => a + b, 0);
          if (Math.abs(amount - total) <= tolerance) expect(allocated).toBe(total);
          else expect(allocated).toBe(amount);
          expect(matches.every((m) => Number.isSafeInteger(m.amountCents))).toBe(true);
        },
      ),
    );
  });
});

describe('open items and control accounts from the mirror', () => {
  it('maps outstanding items with the relation name and IBAN, and reports rows that do not fit', () => {
    // Prepare
    const items = [
      {
        relationNumber: '10001',
        invoiceNumber: 'F1',
        invoiceDate: '2026-01-05',
        amountCents: 100,
        outstandingCents: 100,
        ledgerAccount: '1300',
      },
      {
        relationNumber: '10001',
        invoiceNumber: 'F2',
        amountCents: 100,
        outstandingCents: 0,
        ledgerAccount: '1300',
      },
      { relationNumber: 'ABC', invoiceNumber: 'F3', amountCents: 100, outstandingCents: 100 },
      {
        relationNumber: '20001',
        invoiceNumber: 'I9',
        amountCents: -500,
        outstandingCents: -500,
        ledgerAccount: '1600',
      },
    ];
    const relations = [{ relationNumber: '10001', name: 'Bakkerij De Graaf', iban: 'NL91ABNA0417164300' }];
    // Act
    const result = openItemsFromMirror(items, relations);
    // Assess
    expect(result.items.map((i) => i.invoiceNumber)).toEqual(['F1', 'I9']);
    expect(result.items[0]).toMatchObject({
      relationName: 'Bakkerij De Graaf',
      ibans: ['NL91ABNA0417164300'],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/relationNumber.*"ABC"/);
    expect(controlAccounts(settings(), items)).toEqual({ debtorsAccount: '1300', creditorsAccount: '1600' });
    expect(controlAccounts(settings({ debtorsAccount: '1310' }), items).debtorsAccount).toBe('1310');
  });
});
