import { describe, expect, it } from 'vitest';
import { isValidBetalingskenmerk, normalizeIban } from '../../../lib/bank/matching/index.ts';
import {
  createDutchWorld,
  generateDutchMatchingData,
  generateMonth,
} from '../../support/bank/dutch-data-generator.ts';
import { measureWarmQuality } from '../../support/bank/quality.ts';

describe('Function: generateMonth (seeded Dutch data)', () => {
  it('gives the same data for the same seed and different data for another seed', () => {
    // Act
    const a = generateDutchMatchingData({ seed: 11, customers: 40, suppliers: 10 });
    const b = generateDutchMatchingData({ seed: 11, customers: 40, suppliers: 10 });
    const c = generateDutchMatchingData({ seed: 12, customers: 40, suppliers: 10 });
    // Assess
    expect(b.entries).toEqual(a.entries);
    expect(b.openItems).toEqual(a.openItems);
    expect([...b.truth]).toEqual([...a.truth]);
    expect(c.entries).not.toEqual(a.entries);
  });

  it('produces valid IBANs, betalingskenmerken, whole cents and ground truth for every entry', () => {
    // Prepare
    const world = createDutchWorld({ seed: 3, customers: 120, suppliers: 30 });
    // Act
    const month = generateMonth(world, { monthIndex: 0 });
    // Assess
    for (const line of month.entries) {
      expect(Number.isSafeInteger(line.amountCents)).toBe(true);
      if (line.counterpartyIban) expect(normalizeIban(line.counterpartyIban)).toBe(line.counterpartyIban);
      expect(month.truth.has(line.importId)).toBe(true);
    }
    for (const openItem of month.openItems) {
      for (const iban of openItem.ibans) expect(normalizeIban(iban)).toBe(iban);
      if (openItem.paymentReference) expect(isValidBetalingskenmerk(openItem.paymentReference)).toBe(true);
      expect(Math.sign(openItem.outstandingCents)).toBe(Math.sign(openItem.amountCents));
    }
  });

  it('covers every kind of line the matcher must handle', () => {
    const month = generateDutchMatchingData({ seed: 8 });
    const kinds = new Set([...month.truth.values()].map((truth) => truth.kind));
    for (const kind of [
      'invoice-number',
      'payment-reference',
      'amount-only',
      'combined',
      'credit-note',
      'partial',
      'split',
      'third-party',
      'payment-difference',
      'supplier-payment',
      'psp-payout',
      'bank-costs',
      'tax',
      'noise',
      'factoring',
      'reused-reference',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('gives a correction for every line with a right answer', () => {
    const month = generateDutchMatchingData({ seed: 9, customers: 50, suppliers: 10 });
    const answerable = [...month.truth.values()].filter(
      (truth) => truth.relationNumber || truth.ledgerAccount,
    ).length;
    expect(month.corrections).toHaveLength(answerable);
  });
});

describe('Quality on a warm memory (generated, seeded)', () => {
  it.each([101, 202])('seed %i: ≥ 99.5 % precision of automatic bookings and ≥ 90 % automation', (seed) => {
    // Act
    const quality = measureWarmQuality(seed, 250, 50);
    // Assess
    expect(quality.entries).toBeGreaterThan(300);
    expect(quality.precision).toBeGreaterThanOrEqual(0.995);
    expect(quality.automation).toBeGreaterThanOrEqual(0.9);
  });
});
