import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignImportIds, computeImportId } from '../../../lib/bank/import-id.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';

/**
 * Import ids are persisted: whatever the implementation does to be fast, the ids must stay the bytes the
 * `bk1` recipe gives. The recipe is written out here on purpose, independently of the implementation.
 */
function recipeId(account: string, entry: BankEntry, occurrence: number): string {
  const compact = (value: string | undefined) => (value ?? '').replace(/\s/g, '').toUpperCase();
  const endToEnd = ['', 'NOTPROVIDED', 'NONREF', 'NONE', 'NOTAVAILABLE'].includes(compact(entry.endToEndId))
    ? ''
    : compact(entry.endToEndId);
  const iban = compact(entry.counterpartyIban);
  const discriminator = endToEnd
    ? `e2e:${endToEnd}:${iban}`
    : iban
      ? `iban:${iban}`
      : `text:${(entry.remittance ?? '')
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
          .slice(0, 64)}`;
  const key = [
    'bk1',
    compact(account),
    entry.bookingDate,
    String(entry.amountCents),
    entry.currency.toUpperCase(),
    discriminator,
  ].join('|');
  return `bk1-${createHash('sha256').update(`${key}|${occurrence}`).digest('hex').slice(0, 32)}`;
}

const entryArbitrary: fc.Arbitrary<BankEntry> = fc.record(
  {
    importId: fc.constant(''),
    bookingDate: fc.constantFrom('2026-02-01', '2026-02-02'),
    amountCents: fc.integer({ min: -3, max: 3 }),
    currency: fc.constantFrom('EUR', 'eur'),
    endToEndId: fc.constantFrom('E2E-1', 'NOTPROVIDED', ' nonref ', 'e2e 2'),
    counterpartyIban: fc.constantFrom('NL91ABNA0417164300', 'nl91 abna 0417 1643 00'),
    remittance: fc.string({ maxLength: 80 }),
  },
  { requiredKeys: ['importId', 'bookingDate', 'amountCents', 'currency'] },
);

describe('import ids stay the bk1 recipe', () => {
  it('pins one id, so a change of recipe cannot slip through', () => {
    // Prepare
    const facts = {
      account: 'NL69 INGB 0123 4567 89',
      bookingDate: '2024-01-05',
      amountCents: -2550,
      currency: 'eur',
    };
    // Act
    const id = computeImportId({ ...facts, remittance: 'BEA, Betaalpas IKEA  Amsterdam' }, 0);
    // Assess
    expect(id).toBe(
      recipeId(facts.account, { importId: '', ...facts, remittance: 'BEA, Betaalpas IKEA  Amsterdam' }, 0),
    );
  });

  it('assignImportIds gives the recipe id, with occurrences counted across the statements of one file', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.constantFrom('NL91ABNA0417164300', 'nl69 ingb 0123 4567 89'),
            withIban: fc.boolean(),
            entries: fc.array(entryArbitrary, { maxLength: 12 }),
          }),
          { maxLength: 3 },
        ),
        (drafts) => {
          // Prepare
          const statements = drafts.map(({ account, withIban, entries }) => ({
            account: withIban ? 'legacy 123' : account,
            ...(withIban ? { accountIban: account } : {}),
            entries: entries.map((entry) => ({ ...entry })),
          }));
          const seen = new Map<string, number>();
          const expected = statements.flatMap((statement) =>
            statement.entries.map((entry) => {
              const account = statement.accountIban ?? statement.account;
              const probe = recipeId(account, entry, 0);
              const occurrence = seen.get(probe) ?? 0;
              seen.set(probe, occurrence + 1);
              return recipeId(account, entry, occurrence);
            }),
          );
          // Act
          assignImportIds(statements);
          // Assess
          expect(statements.flatMap((statement) => statement.entries.map((entry) => entry.importId))).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
