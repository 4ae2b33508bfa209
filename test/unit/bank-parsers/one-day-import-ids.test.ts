import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { CAMT053_VERSIONS, type Camt053Version, toCamt053 } from '../../support/bank/index.ts';

const ACCOUNT = 'NL50RABO0123456789';
const bytes = (text: string) => new TextEncoder().encode(text);

/** `YYYY-MM-DD` → SWIFT `YYMMDD`. */
const swiftDate = (iso: string) => iso.slice(2).replace(/-/g, '');

/** Rabobank pads amounts with zeros: `000000000025,50`. */
function swiftAmount(cents: number): string {
  const abs = Math.abs(cents);
  return `${String(Math.floor(abs / 100)).padStart(12, '0')},${String(abs % 100).padStart(2, '0')}`;
}

function balance(cents: number): string {
  return `${cents < 0 ? 'D' : 'C'}`;
}

/**
 * A Rabobank MT940 Structured statement: `:940:` header, `:61:` without entry date (only the value date),
 * counter IBAN on the second `:61:` line, `/EREF/ /BENM|ORDP//NAME/ /REMI/` in `:86:`.
 */
function rabobankMt940(
  entries: readonly BankEntry[],
  openingCents: number,
  openingDate: string | undefined,
  closingDate: string,
): string {
  const closingCents = entries.reduce((sum, entry) => sum + entry.amountCents, openingCents);
  const lines = [':940:', `:20:940S${swiftDate(closingDate)}`, `:25:${ACCOUNT} EUR`, ':28C:0'];
  if (openingDate)
    lines.push(`:60F:${balance(openingCents)}${swiftDate(openingDate)}EUR${swiftAmount(openingCents)}`);
  for (const entry of entries) {
    const mark = entry.amountCents < 0 ? 'D' : 'C';
    lines.push(
      `:61:${swiftDate(entry.valueDate ?? entry.bookingDate)}${mark}${swiftAmount(entry.amountCents)}N541EREF`,
      entry.counterpartyIban ?? '',
      `:86:/EREF/${entry.endToEndId ?? 'NOTPROVIDED'}/${mark === 'C' ? 'ORDP' : 'BENM'}//NAME/${entry.counterpartyName ?? ''}/REMI/${entry.remittance ?? ''}`,
    );
  }
  lines.push(`:62F:${balance(closingCents)}${swiftDate(closingDate)}EUR${swiftAmount(closingCents)}`);
  return lines.join('\r\n');
}

const PAYMENTS: BankEntry[] = [
  {
    importId: '',
    bookingDate: '2024-01-08',
    valueDate: '2024-01-06',
    amountCents: 121000,
    currency: 'EUR',
    counterpartyIban: 'NL20INGB0001234567',
    counterpartyName: 'Bakkerij de Vries',
    endToEndId: 'E2E-42',
    remittance: 'Factuur 2024-0042',
  },
  {
    importId: '',
    bookingDate: '2024-01-08',
    valueDate: '2024-01-05',
    amountCents: -2550,
    currency: 'EUR',
    counterpartyIban: 'NL86INGB0002445588',
    counterpartyName: 'Energie BV',
    endToEndId: 'ENERGIE-77',
    remittance: 'Termijn januari',
  },
  {
    importId: '',
    bookingDate: '2024-01-08',
    valueDate: '2024-01-08',
    amountCents: -2550,
    currency: 'EUR',
    counterpartyIban: 'NL86INGB0002445588',
    counterpartyName: 'Energie BV',
    endToEndId: 'ENERGIE-77',
    remittance: 'Termijn januari',
  },
];

/** Monday 2024-01-08, written with each opening-date convention a one-day statement uses. */
const ONE_DAY: [string, string | undefined][] = [
  ['opening date = closing date', '2024-01-08'],
  ['opening date = previous booking day (Friday before Monday)', '2024-01-05'],
  ['opening date = previous calendar day', '2024-01-07'],
  ['no opening balance date', undefined],
];

function ids(statement: { entries: BankEntry[] } | undefined): string[] {
  return statement?.entries.map((entry) => entry.importId) ?? [];
}

describe('the same day as MT940 without entry dates and as CAMT with BookgDt ≠ ValDt', () => {
  it.each(ONE_DAY)('%s: identical import ids, booked on the closing date', (_label, openingDate) => {
    // Prepare
    const mt940 = rabobankMt940(PAYMENTS, 100000, openingDate, '2024-01-08');
    const camt = toCamt053(ACCOUNT, PAYMENTS, 100000, { version: '08' });
    // Act
    const fromMt940 = parseStatementFile(bytes(mt940)).statements[0];
    const fromCamt = parseStatementFile(bytes(camt)).statements[0];
    // Assess
    expect(fromMt940?.bank).toBe('rabobank');
    expect(fromMt940?.entries.map((entry) => [entry.bookingDate, entry.valueDate])).toEqual(
      PAYMENTS.map((entry) => [entry.bookingDate, entry.valueDate]),
    );
    expect(new Set(ids(fromMt940)).size).toBe(PAYMENTS.length);
    expect(ids(fromMt940)).toEqual(ids(fromCamt));
  });

  it('a statement over several days keeps the value date as booking date', () => {
    // Prepare: opening 2024-01-01 (a Monday), closing a week later
    const mt940 = rabobankMt940(PAYMENTS, 100000, '2024-01-01', '2024-01-08');
    // Act
    const statement = parseStatementFile(bytes(mt940)).statements[0];
    // Assess
    expect(statement?.entries.map((entry) => entry.bookingDate)).toEqual(
      PAYMENTS.map((entry) => entry.valueDate),
    );
  });

  it('lines that carry an entry date keep it, whatever the statement covers', () => {
    // Prepare: the second line booked on 0105 by its own entry date
    const mt940 = rabobankMt940(PAYMENTS, 100000, '2024-01-05', '2024-01-08').replace(
      ':61:240105D',
      ':61:2401050105D',
    );
    // Act
    const statement = parseStatementFile(bytes(mt940)).statements[0];
    // Assess
    expect(statement?.entries.map((entry) => entry.bookingDate)).toEqual([
      '2024-01-08',
      '2024-01-05',
      '2024-01-08',
    ]);
  });

  it('holds for generated days in every CAMT version', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Camt053Version>(...CAMT053_VERSIONS),
        fc.constantFrom(...ONE_DAY.map(([, opening]) => opening)),
        fc.array(
          fc.record({
            amountCents: fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((cents) => cents !== 0),
            valueDay: fc.constantFrom('2024-01-04', '2024-01-05', '2024-01-06', '2024-01-08', '2024-01-09'),
            party: fc.constantFrom(...PAYMENTS),
            endToEndId: fc.option(fc.stringMatching(/^[A-Z0-9-]{1,20}$/), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        (version, openingDate, drafts) => {
          // Prepare
          const entries: BankEntry[] = drafts.map((draft) => ({
            importId: '',
            bookingDate: '2024-01-08',
            valueDate: draft.valueDay,
            amountCents: draft.amountCents,
            currency: 'EUR',
            counterpartyIban: draft.party.counterpartyIban as string,
            counterpartyName: draft.party.counterpartyName as string,
            ...(draft.endToEndId ? { endToEndId: draft.endToEndId } : {}),
          }));
          // Act
          const fromMt940 = parseStatementFile(bytes(rabobankMt940(entries, 0, openingDate, '2024-01-08')))
            .statements[0];
          const fromCamt = parseStatementFile(bytes(toCamt053(ACCOUNT, entries, 0, { version })))
            .statements[0];
          // Assess
          expect(fromMt940?.balanceCheck).toBe(openingDate ? 'ok' : 'not-available');
          expect(ids(fromMt940)).toEqual(ids(fromCamt));
        },
      ),
      { numRuns: 150 },
    );
  });
});
