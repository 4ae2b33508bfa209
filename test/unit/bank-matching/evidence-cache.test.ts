import { describe, expect, it } from 'vitest';
import { emptyMemory, learnAll, Matcher } from '../../../lib/bank/matching/index.ts';
import { createDutchWorld, generateMonth } from '../../support/bank/dutch-data-generator.ts';

/**
 * The matcher remembers per IBAN and per name what they say about the relation. Remembered evidence must
 * give exactly the decisions a matcher that sees each line for the first time gives.
 */
describe('evidence cache', () => {
  it('a warm matcher decides every line exactly like a fresh one (warm memory, generated month)', () => {
    // Prepare
    const world = createDutchWorld({ seed: 31, customers: 120, suppliers: 25 });
    const { memory } = learnAll(emptyMemory(), generateMonth(world, { monthIndex: 0 }).corrections);
    const month = generateMonth(world, { monthIndex: 1, targetEntries: 400 });
    // Without consuming open items, each decision depends on the line alone.
    const options = { consumeMatchedItems: false };
    const warm = new Matcher(month.openItems, memory, options);
    // Act
    const warmDecisions = month.entries.map((entry) => warm.match(entry));
    const freshDecisions = month.entries.map((entry) =>
      new Matcher(month.openItems, memory, options).match(entry),
    );
    // Assess
    expect(month.entries.length).toBeGreaterThan(100);
    expect(warmDecisions).toEqual(freshDecisions);
  });
});
