import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOURNAL_LINE, RELATION } from '../../../lib/cash/records/catalog.ts';
import {
  checkField,
  formatAmount,
  formatDecimalComma,
  formatExportDate,
  formatImportDate,
  nlIban,
  parseAmount,
  parseImportDate,
} from '../../../lib/cash/simulator/index.ts';

describe('amount notation', () => {
  it.each([
    ['-1264,50', 'decimal-comma', -126450],
    ['1264,5', 'decimal-comma', 126450],
    ['0,01', 'decimal-comma', 1],
    ['-0,00', 'decimal-comma', 0],
    ['12', 'decimal-comma', 1200],
    ['-126450', 'cents', -126450],
    ['1', 'cents', 1],
  ] as const)('reads %s in %s as %d cents', (raw, notation, cents) => {
    // Act + Assess
    expect(parseAmount(raw, notation, 12)).toBe(cents);
  });

  it.each([
    ['1264.50', 'decimal-comma'],
    ['1.264,50', 'decimal-comma'],
    ['12,345', 'decimal-comma'],
    ['1e3', 'decimal-comma'],
    ['', 'decimal-comma'],
    ['- 5', 'decimal-comma'],
    ['12,50', 'cents'],
    ['1234567890123,00', 'decimal-comma'],
  ] as const)('refuses %s in %s', (raw, notation) => {
    expect(parseAmount(raw, notation, 12)).toBeUndefined();
  });

  it('round-trips any amount of at most 12 integer digits in both notations', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n) + 1n, max: 10n ** 14n - 1n }), (cents) => {
        // Prepare
        const expected = Number(cents);
        // Act + Assess
        expect(parseAmount(formatAmount(cents, 'decimal-comma'), 'decimal-comma', 12)).toBe(expected);
        expect(parseAmount(formatAmount(cents, 'cents'), 'cents', 12)).toBe(expected);
      }),
    );
  });

  it('formats without float artefacts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (cents) => {
        expect(formatDecimalComma(cents)).toMatch(/^-?\d+,\d{2}$/);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseAmount(text, 'decimal-comma', 12);
        expect(value === undefined || Number.isSafeInteger(value)).toBe(true);
      }),
    );
  });
});

describe('dates', () => {
  it.each([
    ['260115', '15-01-2026'],
    ['240229', '29-02-2024'],
    ['261231', '31-12-2026'],
  ])('reads JJMMDD %s and exports %s', (raw, exported) => {
    const date = parseImportDate(raw);
    expect(date && formatExportDate(date)).toBe(exported);
    expect(date && formatImportDate(date)).toBe(raw);
  });

  it.each(['260229', '261301', '260100', '2026-01-15', '15-01-2026', '26011'])('refuses %s', (raw) => {
    expect(parseImportDate(raw)).toBeUndefined();
  });
});

describe('field checks per catalog', () => {
  const spec = (rubriek: string) => JOURNAL_LINE.fields[rubriek] ?? RELATION.fields[rubriek];
  it.each([
    ['0201', '8000', true, '8000'],
    ['0201', 'abc', true, 'ABC'],
    ['0201', '1234567', false, 'Waarde te lang (max 6) 0201=1234567'],
    ['0306', 'x'.repeat(25), true, 'x'.repeat(25)],
    ['0306', 'x'.repeat(26), false, `Waarde te lang (max 25) 0306=${'x'.repeat(26)}`],
    ['0306', 'regel\nbreuk', false, 'Ongeldige waarde 0306=regel\nbreuk'],
    ['0309', 'INV-12', false, 'Ongeldige waarde 0309=INV-12'],
    ['0309', '1234567', false, 'Waarde te lang (max 6) 0309=1234567'],
    ['0101', '000123', true, '123'],
    ['0302', '260231', false, 'Ongeldige datum 0302=260231'],
    ['0310', '2614', false, 'Ongeldige periode 0310=2614'],
    ['0307', '1264.50', false, 'Ongeldige waarde 0307=1264.50'],
    ['0307', '9999999999999,00', false, 'Waarde te lang (max 12) 0307=9999999999999,00'],
  ])('%s = %j → ok %s (%s)', (rubriek, raw, ok, expected) => {
    // Prepare
    const fieldSpec = spec(rubriek);
    if (!fieldSpec) throw new Error(`no spec for ${rubriek}`);
    // Act
    const result = checkField(fieldSpec, raw, 'decimal-comma');
    // Assess
    expect(result.ok).toBe(ok);
    expect(result.ok ? result.field.stored : result.message).toBe(expected);
  });
});

describe('seed helpers', () => {
  it('builds IBANs that pass the mod-97 check', () => {
    const iban = nlIban('ABNA', '0417164300');
    const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) =>
      String(c.charCodeAt(0) - 55),
    );
    expect(BigInt(rearranged) % 97n).toBe(1n);
  });
});
