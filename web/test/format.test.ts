import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centsToInput,
  formatCents,
  formatDate,
  MoneyFormatError,
  parseCents,
  parseDate,
} from '../src/format/index.ts';

describe('formatCents', () => {
  it.each([
    [123456, 'nl', '€ 1.234,56'],
    [-123456, 'nl', '€ -1.234,56'],
    [0, 'nl', '€ 0,00'],
    [5, 'nl', '€ 0,05'],
    [100000000, 'nl', '€ 1.000.000,00'],
    [123456, 'en', '€1,234.56'],
    [-123456, 'en', '-€1,234.56'],
    [99, 'en', '€0.99'],
  ] as const)('%i cents in %s is %s', (cents, locale, expected) => {
    // Prepare / Act
    const text = formatCents(cents, locale);
    // Assess
    expect(text).toBe(expected);
  });

  it('refuses floats and unsafe integers, naming the value', () => {
    // Prepare / Act / Assess
    expect(() => formatCents(1.5, 'nl')).toThrow(MoneyFormatError);
    expect(() => formatCents(Number.MAX_SAFE_INTEGER + 1, 'nl')).toThrow(/safe integer/);
    expect(() => formatCents(Number.NaN, 'en')).toThrow(/"NaN"/);
  });

  it('shows another currency by its code', () => {
    // Prepare / Act / Assess
    expect(formatCents(1200, 'nl', 'USD')).toBe('$ 12,00');
    expect(formatCents(1200, 'nl', 'CHF')).toBe('CHF 12,00');
    expect(formatCents(1200, 'en', 'CHF')).toBe('CHF 12.00');
  });

  it('property: the formatted text reads back to the same cents (nl and en)', () => {
    // Prepare
    const cents = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    // Act / Assess
    fc.assert(
      fc.property(cents, fc.constantFrom('nl' as const, 'en' as const), (value, locale) => {
        const parsed = parseCents(formatCents(value, locale), locale);
        expect(parsed).toEqual({ cents: value });
      }),
    );
  });

  it('property: the digits are exactly the cents, grouped by three', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (value) => {
        const text = formatCents(value, 'nl');
        expect(text.replace(/\D/g, '')).toBe(value.toString().padStart(3, '0'));
        expect(text).toMatch(/^€ \d{1,3}(\.\d{3})*,\d{2}$/);
      }),
    );
  });
});

describe('parseCents', () => {
  it.each([
    ['1.234,56', 'nl', 123456],
    ['1234,5', 'nl', 123450],
    ['€ 12', 'nl', 1200],
    ['-0,01', 'nl', -1],
    ['1,234.56', 'en', 123456],
    ['12.3', 'en', 1230],
  ] as const)('%s in %s is %i cents', (input, locale, cents) => {
    // Prepare / Act / Assess
    expect(parseCents(input, locale)).toEqual({ cents });
  });

  it.each([['1,2,3'], ['12,345'], ['abc'], [''], ['1.23.4'], ['9'.repeat(40)]])(
    'refuses %j naming rule and value',
    (input) => {
      // Prepare / Act
      const result = parseCents(input, 'nl');
      // Assess
      expect(result).toHaveProperty('problem.rule');
      if ('problem' in result) expect(result.problem.value.length).toBeLessThanOrEqual(42);
    },
  );

  it('property: any text is answered, never thrown', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('nl' as const, 'en' as const), (input, locale) => {
        const result = parseCents(input, locale);
        if ('cents' in result) expect(Number.isSafeInteger(result.cents)).toBe(true);
      }),
    );
  });

  it('property: centsToInput reads back exactly', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('nl' as const, 'en' as const),
        (value, locale) => {
          expect(parseCents(centsToInput(value, locale), locale)).toEqual({ cents: value });
        },
      ),
    );
  });
});

describe('formatDate and parseDate', () => {
  it.each([
    ['2026-10-31', 'nl', '31-10-2026'],
    ['2026-10-31', 'en', '31/10/2026'],
    ['2026-01-02T23:30:00Z', 'nl', '02-01-2026'],
    ['not a date', 'nl', 'not a date'],
    ['2026-02-30', 'nl', '2026-02-30'],
  ] as const)('%s in %s is %s', (iso, locale, expected) => {
    // Prepare / Act / Assess
    expect(formatDate(iso, locale)).toBe(expected);
  });

  it('property: every calendar date formats and reads back', () => {
    // Prepare
    const dates = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2999-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    // Act / Assess
    fc.assert(
      fc.property(dates, fc.constantFrom('nl' as const, 'en' as const), (date, locale) => {
        const iso = date.toISOString().slice(0, 10);
        expect(parseDate(formatDate(iso, locale))).toEqual({ iso });
      }),
    );
  });

  it('refuses a day that does not exist, quoting the value', () => {
    // Prepare / Act / Assess
    expect(parseDate('31-02-2026')).toEqual({ problem: { rule: 'date-format', value: '"31-02-2026"' } });
  });
});
