import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findPaymentReferences,
  isValidBetalingskenmerk,
  isValidIban,
  isValidRfReference,
  makeBetalingskenmerk,
  makeDutchIban,
  makeRfReference,
  normalizeIban,
} from '../../../lib/bank/matching/index.ts';

describe('payment references and IBANs', () => {
  it.each([
    ['NL91ABNA0417164300', true],
    ['NL91 ABNA 0417 1643 00', true],
    ['nl91abna0417164300', true],
    ['NL92ABNA0417164300', false],
    ['NL91ABNA041716430', false],
    ['BE68539007547034', true],
    ['DE89370400440532013000', true],
    ['', false],
  ])('validates IBAN %s → %s', (iban, valid) => {
    // Act
    const result = isValidIban(iban);
    // Assess
    expect(result).toBe(valid);
  });

  it.each([
    ['RF18539007547034', true],
    ['RF18 5390 0754 7034', true],
    ['RF19539007547034', false],
    ['RF18', false],
  ])('validates RF reference %s → %s', (reference, valid) => {
    expect(isValidRfReference(reference)).toBe(valid);
  });

  it('builds betalingskenmerken, RF references and IBANs that validate (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{15}$/),
        fc.stringMatching(/^[A-Z0-9]{1,21}$/),
        fc.constantFrom('ABNA', 'INGB', 'RABO', 'KNAB', 'BUNQ', 'TRIO', 'SNSB', 'ASNB'),
        fc.stringMatching(/^\d{10}$/),
        (body, rfBody, bank, account) => {
          // Act
          const kenmerk = makeBetalingskenmerk(body);
          const rf = makeRfReference(rfBody);
          const iban = makeDutchIban(bank, account);
          // Assess
          expect(isValidBetalingskenmerk(kenmerk)).toBe(true);
          expect(isValidRfReference(rf)).toBe(true);
          expect(normalizeIban(iban)).toBe(iban);
        },
      ),
    );
  });

  it('detects any single changed digit in an IBAN (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{10}$/),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (account, position, delta) => {
          // Prepare
          const iban = makeDutchIban('INGB', account);
          const index = 8 + position;
          const changed = `${iban.slice(0, index)}${(Number(iban[index]) + delta) % 10}${iban.slice(index + 1)}`;
          // Act / Assess
          expect(isValidIban(changed)).toBe(false);
        },
      ),
    );
  });

  it('finds references in free text only when their check digits hold', () => {
    // Prepare
    const kenmerk = makeBetalingskenmerk('123456789012345');
    const wrong = `${(Number(kenmerk[0]) + 5) % 10}${kenmerk.slice(1)}`;
    const text = `Betaling ${kenmerk.slice(0, 4)} ${kenmerk.slice(4, 8)} ${kenmerk.slice(8, 12)} ${kenmerk.slice(12)} en ${wrong} RF18 5390 0754 7034`;
    // Act
    const found = findPaymentReferences(text).map((reference) => reference.value);
    // Assess
    expect(found).toContain(kenmerk);
    expect(found).toContain('RF18539007547034');
    expect(found).not.toContain(wrong);
  });

  it('never throws on arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(() => findPaymentReferences(text)).not.toThrow();
        expect(() => normalizeIban(text)).not.toThrow();
      }),
    );
  });
});
