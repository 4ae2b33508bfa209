import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MatchDecision, Matcher, type OpenItem } from '../../../lib/bank/matching/index.ts';
import { createDutchWorld, generateMonth } from '../../support/bank/dutch-data-generator.ts';
import { SeededRandom } from '../../support/bank/prng.ts';
import { measureQuality, QUALITY_TENANT_OPTIONS, qualityOver } from '../../support/bank/quality.ts';

describe('Quality targets of issue 9 §4 (the figures of npm run bench matching)', () => {
  it('books automatically with ≥ 99.5 % precision: ≥ 92 % warm, ≥ 85 % cold, and stays ≥ 99.5 % with half the open items missing', () => {
    // Act
    const warm = qualityOver({ memory: 'warm' });
    const cold = qualityOver({ memory: 'cold' });
    const halfMissing = qualityOver({ memory: 'warm', missingShare: 0.5 });
    const halfMissingCold = qualityOver({ memory: 'cold', missingShare: 0.5 });
    // Assess
    expect(warm.entries).toBeGreaterThan(4000);
    expect(warm.precision).toBeGreaterThanOrEqual(0.995);
    expect(warm.automation).toBeGreaterThanOrEqual(0.92);
    expect(cold.precision).toBeGreaterThanOrEqual(0.995);
    expect(cold.automation).toBeGreaterThanOrEqual(0.85);
    expect(halfMissing.precision).toBeGreaterThanOrEqual(0.995);
    expect(halfMissingCold.precision).toBeGreaterThanOrEqual(0.995);
  }, 60_000);
});

describe('Property: precision on random small worlds', () => {
  it('never drops below 99.5 % on any seed, warm or cold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom('warm', 'cold'),
        (seed, memory) => {
          // Act
          const quality = measureQuality({ seed, customers: 150, suppliers: 30, memory });
          // Assess
          expect(quality.precision).toBeGreaterThanOrEqual(0.995);
        },
      ),
      { numRuns: 6 },
    );
  }, 60_000);

  it('gives the same decisions for the open items in any order and after a JSON round trip', () => {
    const outcome = (decision: MatchDecision) => ({
      decision: decision.decision,
      relationNumber: decision.relationNumber,
      ledgerAccount: decision.ledgerAccount,
      invoices: decision.matches.map((match) => `${match.invoiceNumber}:${match.amountCents}`).sort(),
      differenceCents: decision.differenceCents,
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer(), (seed, shuffleSeed) => {
        // Prepare
        const month = generateMonth(createDutchWorld({ seed, customers: 40, suppliers: 8 }), {
          monthIndex: 0,
        });
        const random = new SeededRandom(shuffleSeed >>> 0);
        const shuffled = JSON.parse(JSON.stringify(month.openItems))
          .map((item: OpenItem) => ({ item, key: random.next() }))
          .sort((x: { key: number }, y: { key: number }) => x.key - y.key)
          .map(({ item }: { item: OpenItem }) => item);
        // Act
        const a = new Matcher(month.openItems, undefined, QUALITY_TENANT_OPTIONS).matchAll(month.entries);
        const b = new Matcher(shuffled, undefined, QUALITY_TENANT_OPTIONS).matchAll(month.entries);
        // Assess
        expect(b.map(outcome)).toEqual(a.map(outcome));
      }),
      { numRuns: 5 },
    );
  });
});
