import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExportRows } from '../../../lib/cash/index.ts';
import {
  DEFAULT_LEDGER_BALANCE_SYNC,
  DEFAULT_LEDGER_LINE_SETTINGS,
  LedgerBalanceSettingsError,
  LedgerBalanceTotals,
  ledgerRequestRanges,
  parseLedgerLine,
} from '../../../lib/mirror/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

const rowOf = (fields: Record<string, unknown>) => {
  const [row] = parseExportRows({ R0301: [fields] });
  return row as NonNullable<typeof row>;
};

const BASE = { F0901: 'VRK', F0303: '000123', F0302: '14-03-2026', F0201: '8000' };

describe('Function: parseLedgerLine', () => {
  it.each([
    [
      'a credit with 0310',
      { ...BASE, F0310: '2603', F0307: '-1264,50' },
      { year: 2026, period: 3, cents: -126_450 },
    ],
    [
      'a debit in whole euros',
      { ...BASE, F0310: '2603', F0307: '12' },
      { year: 2026, period: 3, cents: 1_200 },
    ],
    [
      'the opening balance period 00',
      { ...BASE, F0310: '2600', F0307: '100,00' },
      { year: 2026, period: 0, cents: 10_000 },
    ],
    ['period 13', { ...BASE, F0310: '2513', F0307: '0,01' }, { year: 2025, period: 13, cents: 1 }],
    [
      '0301 when 0310 is missing',
      { ...BASE, F0301: '2604', F0307: '1,5' },
      { year: 2026, period: 4, cents: 150 },
    ],
    ['the date month without a period', { ...BASE, F0307: '-0,99' }, { year: 2026, period: 3, cents: -99 }],
    [
      'a lowercase account',
      { ...BASE, F0201: ' 1100a', F0310: '2601', F0307: '0,00' },
      { year: 2026, period: 1, cents: 0 },
    ],
  ])('reads %s', (_name, fields, expected) => {
    // Act
    const result = parseLedgerLine(rowOf(fields));

    // Assess
    expect(result).toEqual({ ok: true, line: { account: expect.any(String), ...expected } });
  });

  it.each([
    ['no account', { ...BASE, F0201: '', F0307: '1,00' }, 'F0201'],
    ['an account over S6', { ...BASE, F0201: '1234567', F0307: '1,00' }, 'F0201'],
    ['an amount with thousands dots', { ...BASE, F0310: '2603', F0307: '1.264,50' }, 'F0307'],
    ['no amount', { ...BASE, F0310: '2603' }, 'F0307'],
    ['period 14', { ...BASE, F0310: '2614', F0307: '1,00' }, 'F0310'],
    ['a period in the wrong notation', { ...BASE, F0310: '2026-03', F0307: '1,00' }, 'F0310'],
    ['no period and no date', { ...BASE, F0302: 'gisteren', F0307: '1,00' }, 'F0302'],
  ])('names the rubriek, rule and value for %s', (_name, fields, field) => {
    // Act
    const result = parseLedgerLine(rowOf(fields));

    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.field).toBe(field);
      expect(result.problem.rule).not.toBe('');
      expect(result.problem.value).toMatch(/^".*"$/);
    }
  });

  it('turns the sign around when the administration exports credit positive', () => {
    // Act
    const result = parseLedgerLine(rowOf({ ...BASE, F0310: '2603', F0307: '5,00' }), {
      ...DEFAULT_LEDGER_LINE_SETTINGS,
      amountSign: 'credit-positive',
    });

    // Assess
    expect(result).toMatchObject({ ok: true, line: { cents: -500 } });
  });

  it('reads any decimal-comma amount to the exact cent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -999_999_999_999n, max: 999_999_999_999n }), (cents) => {
        // Prepare
        const negative = cents < 0n;
        const abs = negative ? -cents : cents;
        const text = `${negative ? '-' : ''}${abs / 100n},${String(abs % 100n).padStart(2, '0')}`;

        // Act
        const result = parseLedgerLine(rowOf({ ...BASE, F0310: '2603', F0307: text }));

        // Assess
        expect(result).toMatchObject({ ok: true, line: { cents: Number(cents) } });
      }),
      fuzzParameters(200),
    );
  });

  it('never throws, whatever CASH sends in a mutation line', () => {
    const value = fc.oneof(fc.string(), fc.constant(null), fc.integer(), fc.constant(''));
    fc.assert(
      fc.property(
        fc.record(
          { F0201: value, F0307: value, F0310: value, F0301: value, F0302: value },
          { requiredKeys: [] },
        ),
        (fields) => {
          // Act
          const result = parseLedgerLine(rowOf(fields));

          // Assess
          if (result.ok) expect(Number.isSafeInteger(result.line.cents)).toBe(true);
          else expect(result.problem.value.length).toBeLessThanOrEqual(60);
        },
      ),
      fuzzParameters(200),
    );
  });
});

describe('Class: LedgerBalanceTotals', () => {
  it('keeps debit and credit apart per account and period and their difference exact', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.constantFrom('1100', '8000'),
            period: fc.integer({ min: 0, max: 13 }),
            cents: fc.integer({ min: -1e10, max: 1e10 }),
          }),
          { maxLength: 60 },
        ),
        (lines) => {
          // Prepare
          const totals = new LedgerBalanceTotals();

          // Act
          for (const line of lines) totals.add({ ...line, year: 2026 });

          // Assess
          const rows = totals.rows();
          expect(rows.reduce((n, r) => n + r.lines, 0)).toBe(lines.length);
          expect(rows.reduce((n, r) => n + r.balanceCents, 0)).toBe(lines.reduce((n, l) => n + l.cents, 0));
          for (const r of rows) {
            expect(r.balanceCents).toBe(r.debitCents - r.creditCents);
            expect(r.debitCents).toBeGreaterThanOrEqual(0);
            expect(r.creditCents).toBeGreaterThanOrEqual(0);
            expect(r.period).toMatch(/^2026-(0\d|1[0-3])$/);
          }
        },
      ),
      fuzzParameters(100),
    );
  });
});

describe('Function: ledgerRequestRanges', () => {
  const NOW = new Date('2026-12-02T06:00:00Z');

  it('asks for the previous and current year by default, a few periods per request', () => {
    // Act
    const { params } = ledgerRequestRanges(DEFAULT_LEDGER_BALANCE_SYNC, NOW);

    // Assess: 28 periods (00–13 twice) in slices of 7, contiguous and inclusive
    expect(params).toEqual(['2500|2506', '2507|2513', '2600|2606', '2607|2613']);
  });

  it('slices across a year end', () => {
    // Act
    const { params } = ledgerRequestRanges({ ...DEFAULT_LEDGER_BALANCE_SYNC, periodsPerRequest: 3 }, NOW);

    // Assess
    expect(params[0]).toBe('2500|2502');
    expect(params).toContain('2512|2600');
    expect(params.at(-1)).toBe('2613|2613');
    expect(params).toHaveLength(10);
  });

  it('takes a configured range and slice size', () => {
    // Act
    const { params } = ledgerRequestRanges(
      { ...DEFAULT_LEDGER_BALANCE_SYNC, from: '2026-01', to: '2026-12', periodsPerRequest: 12 },
      NOW,
    );

    // Assess
    expect(params).toEqual(['2601|2612']);
  });

  it.each([
    [{ from: '2026-14' }, 'from'],
    [{ to: '26-01' }, 'to'],
    [{ from: '2026-05', to: '2026-04' }, 'to'],
    [{ periodsPerRequest: 0 }, 'periodsPerRequest'],
    [{ maxLines: 1.5 }, 'maxLines'],
    [{ amountSign: 'plus' }, 'amountSign'],
    [{ periodRubrieken: ['310'] }, 'periodRubrieken'],
    [{ record: '0301|x' }, 'record'],
  ])('refuses %o naming the field', (change, field) => {
    // Act
    const act = () => ledgerRequestRanges({ ...DEFAULT_LEDGER_BALANCE_SYNC, ...(change as object) }, NOW);

    // Assess
    expect(act).toThrow(LedgerBalanceSettingsError);
    expect(act).toThrow(new RegExp(`^${field}: .*\\(got .*\\)$`));
  });
});
