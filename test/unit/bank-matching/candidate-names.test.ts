import { describe, expect, it } from 'vitest';
import { Matcher } from '../../../lib/bank/matching/index.ts';
import { entry, IBAN_UNKNOWN, item, ledger } from './fixtures.ts';

/**
 * A person chooses between candidates by who they are: every candidate of a relation carries the
 * relation's name as CASH has it (the web app's *Te beoordelen* shows it beside the invoice numbers).
 */
describe('Class: Matcher — relation names on candidates', () => {
  it.each([
    ['scored on a name like the relation’s', { counterpartyName: 'Bakkerij Vries', amountCents: 30250 }],
    ['linked by the amount alone', { amountCents: 99999 }],
  ])('names the relation of a candidate %s', (_label, fields) => {
    // Prepare
    const matcher = new Matcher(ledger());
    // Act
    const decision = matcher.match(entry({ counterpartyIban: IBAN_UNKNOWN, ...fields }));
    // Assess
    expect(decision.decision).toBe('proposal');
    expect(decision.candidates.length).toBeGreaterThan(0);
    for (const candidate of decision.candidates) {
      const relation = ledger().find((open) => open.relationNumber === candidate.relationNumber);
      expect(candidate.relationName).toBe(relation?.relationName);
    }
  });

  it('leaves the name out when CASH has none for the relation', () => {
    // Prepare
    const matcher = new Matcher([item({ relationNumber: '100009', relationName: '', amountCents: 5000 })]);
    // Act
    const decision = matcher.match(entry({ counterpartyIban: IBAN_UNKNOWN, amountCents: 5000 }));
    // Assess
    expect(decision.candidates).toHaveLength(1);
    expect(decision.candidates[0]).not.toHaveProperty('relationName');
  });
});
