import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ARTICLE,
  buildRecord,
  CashFieldError,
  type FieldInput,
  type FieldSpec,
  field,
  formatField,
  formatScaledAmount,
  JOURNAL_LINE,
  parseCashAmount,
} from '../../../lib/cash/index.ts';

const S6 = field('0201', 'ledgerAccount', 'grootboekrekening', 'S', 6);
const L25 = field('0306', 'description', 'omschrijving', 'L', 25);
const N6 = field('0101', 'relationNumber', 'relatienummer', 'N', 6);
const I12 = field('0307', 'amount', 'bedrag', 'I', 12, { decimals: 2 });
const I10 = field('0305', 'quantity', 'aantal', 'I', 10, { decimals: 2 });
const D = field('0302', 'date', 'boekdatum', 'D', 6);
const Y4 = field('0310', 'yearPeriod', 'boekjaar/periode', 'Y4', 4);
const Y2 = field('0211', 'year', 'boekjaar', 'Y2', 2);

const comma = { amountNotation: 'decimal-comma' } as const;
const cents = { amountNotation: 'cents' } as const;

function ruleOf(spec: FieldSpec, value: FieldInput): string | undefined {
  try {
    formatField('0301', spec, value, comma);
    return undefined;
  } catch (error) {
    return error instanceof CashFieldError ? error.rule : `unexpected ${String(error)}`;
  }
}

describe('formatField', () => {
  it.each<[string, FieldSpec, FieldInput, string, string]>([
    ['S is uppercased', S6, 'vrk', 'VRK', 'VRK'],
    ['S at its maximum length', S6, '123456', '123456', '123456'],
    ['S is trimmed', S6, ' 8000 ', '8000', '8000'],
    ['L keeps its case', L25, 'Factuur Jansen B.V.', 'Factuur Jansen B.V.', 'Factuur Jansen B.V.'],
    ['L at exactly 25 characters', L25, 'a'.repeat(25), 'a'.repeat(25), 'a'.repeat(25)],
    ['L counts code points, not UTF-16 units', L25, '€'.repeat(25), '€'.repeat(25), '€'.repeat(25)],
    ['N digits', N6, '100001', '100001', '100001'],
    ['N from a number', N6, 42, '42', '42'],
    ['I positive amount', I12, 126_450, '1264,50', '126450'],
    ['I negative amount', I12, -126_450, '-1264,50', '-126450'],
    ['I below one euro', I12, -5, '-0,05', '-5'],
    ['I zero', I12, 0, '0,00', '0'],
    ['I at 12 whole digits', I12, 99_999_999_999_999, '999999999999,99', '99999999999999'],
    ['I from BigInt', I12, -1n, '-0,01', '-1'],
    ['I quantity with decimals', I10, { decimal: 1.25 }, '1,25', '125'],
    ['I quantity from text', I10, { decimal: '-3.5' }, '-3,50', '-350'],
    ['D date', D, '2026-03-31', '260331', '260331'],
    ['D leap day', D, '2024-02-29', '240229', '240229'],
    ['Y4 from year and period', Y4, { year: 2026, period: 3 }, '2603', '2603'],
    ['Y4 period 13', Y4, '2613', '2613', '2613'],
    ['Y2 from a year', Y2, 2026, '26', '26'],
  ])('%s', (_name, spec, value, expectedComma, expectedCents) => {
    // Act
    const withComma = formatField('0301', spec, value, comma);
    const withCents = formatField('0301', spec, value, cents);
    // Assess
    expect(withComma).toBe(expectedComma);
    expect(withCents).toBe(expectedCents);
  });

  it.each<[string, FieldSpec, FieldInput, string]>([
    ['S one over its length', S6, '1234567', 'too-long'],
    ['L one over its length', L25, 'a'.repeat(26), 'too-long'],
    ['L with a control character', L25, 'line\nbreak', 'illegal-character'],
    ['S with a tab', S6, 'A\tB', 'illegal-character'],
    ['N with letters', N6, '10A', 'not-numeric'],
    ['N negative', N6, -1, 'not-numeric'],
    ['N fraction', N6, 1.5, 'not-numeric'],
    ['N seven digits', N6, '1000000', 'too-long'],
    ['I fractional cents', I12, 100.5, 'bad-amount'],
    ['I unsafe integer', I12, 2 ** 60, 'bad-amount'],
    ['I text is not an amount', I12, '12,50', 'bad-amount'],
    ['I 13 whole digits', I12, 10n ** 14n, 'too-long'],
    ['I quantity with 3 decimals', I10, { decimal: 1.125 }, 'too-many-decimals'],
    ['I quantity not a number', I10, { decimal: 'abc' }, 'bad-amount'],
    ['I quantity infinite', I10, { decimal: Number.POSITIVE_INFINITY }, 'bad-amount'],
    ['D impossible day', D, '2026-02-30', 'bad-date'],
    ['D not ISO', D, '31-03-2026', 'bad-date'],
    ['D not a leap year', D, '2026-02-29', 'bad-date'],
    ['D before 2000 (JJMMDD has no century)', D, '1999-12-31', 'bad-date'],
    ['D after 2099', D, '2100-01-01', 'bad-date'],
    ['Y4 period 14', Y4, '2614', 'bad-period'],
    ['Y4 period 0', Y4, { year: 2026, period: 0 }, 'bad-period'],
    ['Y4 not digits', Y4, '26-3', 'bad-period'],
    ['Y2 letters', Y2, 'XX', 'bad-date'],
  ])('refuses %s', (_name, spec, value, rule) => {
    // Act
    const actual = ruleOf(spec, value);
    // Assess
    expect(actual).toBe(rule);
  });

  it('names record, rubriek and value in the error', () => {
    // Act
    const error = (() => {
      try {
        formatField('0301', S6, '1234567', comma);
      } catch (e) {
        return e as CashFieldError;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(CashFieldError);
    expect(error).toMatchObject({
      record: '0301',
      rubriek: '0201',
      value: '1234567',
      rule: 'too-long',
      name: 'CashFieldError',
    });
    expect(error?.message).toContain('grootboekrekening');
  });

  it('cuts an L field only when truncation is asked for explicitly', () => {
    // Act
    const cut = formatField('0301', L25, 'Verkoopfactuur 2026-000123 Jansen', {
      ...comma,
      overflow: 'truncate',
    });
    // Assess
    expect(cut).toBe('Verkoopfactuur 2026-00012');
    expect(() => formatField('0301', S6, 'ABCDEFG', { ...comma, overflow: 'truncate' })).toThrow(
      CashFieldError,
    );
  });
});

describe('amount notation properties', () => {
  it('round-trips any safe-integer cents in both notations', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.constantFrom('decimal-comma' as const, 'cents' as const),
        (amount, notation) => {
          // Act
          const text = formatScaledAmount(BigInt(amount), 2, notation);
          // Assess
          expect(parseCashAmount(text, 2, notation)).toBe(BigInt(amount));
        },
      ),
    );
  });

  it('never shows a float artefact: exactly two decimals, digits only', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 14) + 1, max: 10 ** 14 - 1 }), (amount) => {
        // Act
        const text = formatField('0301', I12, amount, comma);
        // Assess
        expect(text).toMatch(/^-?\d{1,12},\d{2}$/);
        expect(text).not.toMatch(/e|\.\d{3,}/i);
        const [whole = '', fraction = ''] = text.replace('-', '').split(',');
        expect(BigInt(whole) * 100n + BigInt(fraction)).toBe(BigInt(Math.abs(amount)));
      }),
    );
  });

  it('formats quantities given as decimals exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), (hundredths) => {
        // Prepare
        const quantity = hundredths / 100;
        // Act
        const text = formatField('0301', I10, { decimal: quantity }, cents);
        // Assess
        expect(text).toBe(String(hundredths));
      }),
    );
  });

  it('never throws anything but CashFieldError for arbitrary input', () => {
    const specs = [S6, L25, N6, I12, I10, D, Y4, Y2];
    fc.assert(
      fc.property(
        fc.constantFrom(...specs),
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.double(),
          fc.bigInt(),
          fc.record({ decimal: fc.oneof(fc.double(), fc.string()) }),
        ),
        (spec, value) => {
          try {
            formatField('0301', spec, value as FieldInput, comma);
          } catch (error) {
            expect(error).toBeInstanceOf(CashFieldError);
          }
        },
      ),
    );
  });
});

describe('buildRecord', () => {
  it('formats a complete journal line', () => {
    // Act
    const result = buildRecord(
      JOURNAL_LINE,
      { '0901': 'vrk', '0302': '2026-03-31', '0303': 124, '0201': '8000', '0307': -100_000, '0306': 'Omzet' },
      comma,
    );
    // Assess
    expect(result).toEqual({
      ok: true,
      record: {
        record: '0301',
        fields: {
          '0901': 'VRK',
          '0302': '260331',
          '0303': '124',
          '0201': '8000',
          '0307': '-1000,00',
          '0306': 'Omzet',
        },
      },
    });
  });

  it('reports every missing required rubriek, unknown rubriek and illegal value at once', () => {
    // Act
    const result = buildRecord(ARTICLE, { '2260': 'a'.repeat(21), '9999': 'x', '2001': '' }, comma);
    // Assess
    expect(result.ok).toBe(false);
    const rules = result.ok ? [] : result.errors.map((e) => `${e.rubriek}:${e.rule}`).sort();
    expect(rules).toEqual(['2001:required', '2260:too-long', '9999:unknown-rubriek']);
  });
});
