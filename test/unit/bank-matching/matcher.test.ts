import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchRule, type OpenItem } from '../../../lib/bank/matching/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import {
  entry,
  IBAN_DE_VRIES,
  IBAN_JANSEN,
  IBAN_MOLLIE,
  IBAN_UNKNOWN,
  item,
  KENMERK_42,
  ledger,
  memoryWith,
} from './fixtures.ts';

const learnedDeVries = new Map([
  [IBAN_DE_VRIES, { relations: new Map([['100001', { count: 3, lastSeen: '2026-02-01' }]]) }],
]);

function userRule(overrides: Partial<MatchRule>): MatchRule {
  return { id: 'r1', origin: 'user', conditions: {}, action: {}, confirmations: 0, ...overrides };
}

describe('Class: Matcher — resolution order', () => {
  it('applies a user rule before the IBAN memory', () => {
    // Prepare
    const memory = memoryWith({
      ibans: learnedDeVries,
      rules: [
        userRule({
          conditions: { counterpartyIban: IBAN_DE_VRIES, textContains: 'rente' },
          action: { ledgerAccount: '8300' },
        }),
      ],
    });
    const matcher = new Matcher(ledger(), memory);
    // Act
    const decision = matcher.match(
      entry({ counterpartyIban: IBAN_DE_VRIES, remittance: 'Rente kwartaal 1', amountCents: 12100 }),
    );
    // Assess
    expect(decision).toMatchObject({ decision: 'auto', ledgerAccount: '8300', ruleId: 'r1', matches: [] });
    expect(decision.reasons.join(' ')).toContain('rule r1');
  });

  it('identifies the relation by a user rule on the name', () => {
    // Prepare
    const memory = memoryWith({
      rules: [userRule({ conditions: { nameContains: 'de vries' }, action: { relationNumber: '100001' } })],
    });
    const matcher = new Matcher(ledger(), memory);
    // Act
    const decision = matcher.match(
      entry({ counterpartyName: 'Fam. De Vries', counterpartyIban: IBAN_UNKNOWN, amountCents: 30250 }),
    );
    // Assess
    expect(decision).toMatchObject({
      decision: 'auto',
      relationNumber: '100001',
      matches: [{ invoiceNumber: '2026-0043', amountCents: 30250 }],
    });
  });

  it('lets a suggested rule that may not act alone yet be overruled by the next steps', () => {
    // Prepare
    const memory = memoryWith({
      rules: [
        userRule({
          id: 's1',
          origin: 'suggested',
          confirmations: 1,
          conditions: { nameContains: 'jansen' },
          action: { relationNumber: '100001' },
        }),
      ],
    });
    // Act
    const decision = new Matcher(ledger(), memory).match(
      entry({ counterpartyName: 'J. Jansen', counterpartyIban: IBAN_JANSEN, amountCents: 99999 }),
    );
    // Assess
    expect(decision).toMatchObject({ decision: 'auto', relationNumber: '100002' });
  });

  it('uses the IBAN memory with the count in its reason', () => {
    // Prepare
    const matcher = new Matcher(ledger(), memoryWith({ ibans: learnedDeVries }));
    // Act
    const decision = matcher.match(
      entry({ counterpartyIban: IBAN_DE_VRIES, amountCents: 30250, remittance: 'betaling' }),
    );
    // Assess
    expect(decision.decision).toBe('auto');
    expect(decision.reasons).toContain(`IBAN ${IBAN_DE_VRIES} confirmed for relation 100001 (3×)`);
    expect(decision.reasons).toContain('amount €302,50 equals invoice 2026-0043');
  });

  it('uses the bank accounts CASH knows for a relation', () => {
    const decision = new Matcher(ledger()).match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: 99999 }),
    );
    expect(decision).toMatchObject({
      decision: 'auto',
      relationNumber: '100002',
      matches: [{ invoiceNumber: '2026-0050' }],
    });
  });

  // Changed deliberately with issue 9 §4 (automation without memory or IBANs): a company name that equals
  // exactly one relation, with exactly one open item of the amount, books; a person's name still proposes.
  it('books on an exact company name with a reference or an exact amount, proposes on a person name and amount', () => {
    // Prepare
    const matcher = new Matcher(ledger());
    // Act
    const cited = matcher.match(
      entry({ counterpartyName: 'BAKKERIJ DE VRIES BV', amountCents: 4840, remittance: 'Factuur 2026-0044' }),
    );
    const uncited = new Matcher(ledger()).match(
      entry({ counterpartyName: 'BAKKERIJ DE VRIES BV', amountCents: 4840 }),
    );
    const person = new Matcher(ledger()).match(entry({ counterpartyName: 'J. Jansen', amountCents: 99999 }));
    // Assess
    expect(cited).toMatchObject({ decision: 'auto', relationNumber: '100001' });
    expect(uncited).toMatchObject({ decision: 'auto', relationNumber: '100001' });
    expect(uncited.reasons.join(' ')).toContain('equals relation 100001');
    expect(person).toMatchObject({ decision: 'proposal', relationNumber: '100002' });
  });

  it('matches a typo in the name carefully (fuzzy) and says so', () => {
    const decision = new Matcher(ledger()).match(
      entry({ counterpartyName: 'Bakkerij de Vreis', amountCents: 4840, remittance: '2026-0044' }),
    );
    expect(decision.decision).toBe('auto');
    expect(decision.reasons.join(' ')).toContain('resembles relation 100001');
  });

  it('never uses a payment provider account to identify a relation, even when memory holds it', () => {
    // Prepare
    const memory = memoryWith({
      ibans: new Map([
        [IBAN_MOLLIE, { relations: new Map([['100001', { count: 5, lastSeen: '2026-02-01' }]]) }],
      ]),
    });
    // Act
    const decision = new Matcher(ledger(), memory).match(
      entry({
        counterpartyIban: IBAN_MOLLIE,
        counterpartyName: 'Stichting Mollie Payments',
        amountCents: 30250,
      }),
    );
    // Assess
    expect(decision.decision).not.toBe('auto');
    expect(decision.reasons.join(' ')).toContain('payment provider');
  });

  it('matches a betalingskenmerk from an unknown account', () => {
    const decision = new Matcher(ledger()).match(
      entry({ counterpartyIban: IBAN_UNKNOWN, structuredReference: KENMERK_42 }),
    );
    expect(decision).toMatchObject({
      decision: 'auto',
      relationNumber: '100001',
      matches: [{ invoiceNumber: '2026-0042' }],
    });
    expect(decision.reasons).toContain(`payment reference ${KENMERK_42} matches invoice 2026-0042`);
  });

  it('books a supplier payment against the payable', () => {
    const decision = new Matcher(ledger()).match(
      entry({ amountCents: -54450, remittance: 'Uw factuur INV-88123' }),
    );
    expect(decision).toMatchObject({
      decision: 'auto',
      relationNumber: '200001',
      matches: [{ invoiceNumber: 'INV-88123', amountCents: -54450 }],
    });
  });
});

describe('Class: Matcher — amounts', () => {
  it('finds one payment for several invoices (subset sum) from a known account', () => {
    const decision = new Matcher(ledger(), memoryWith({ ibans: learnedDeVries })).match(
      entry({ counterpartyIban: IBAN_DE_VRIES, amountCents: 12100 + 4840, remittance: 'diverse facturen' }),
    );
    expect(decision.decision).toBe('auto');
    expect(decision.matches.map((match) => match.invoiceNumber)).toEqual(['2026-0042', '2026-0044']);
    expect(decision.reasons.join(' ')).toContain('equals the sum of invoices');
  });

  it('nets an invoice against a credit note when the payer cites both', () => {
    // Prepare
    const items = [...ledger(), item({ invoiceNumber: '2026-0099', amountCents: -2000 })];
    // Act
    const decision = new Matcher(items).match(
      entry({
        counterpartyIban: IBAN_UNKNOWN,
        amountCents: 30250 - 2000,
        remittance: 'Factuur 2026-0043 minus creditnota 2026-0099',
      }),
    );
    // Assess
    expect(decision.decision).toBe('auto');
    expect(decision.matches).toEqual([
      { invoiceNumber: '2026-0043', amountCents: 30250 },
      { invoiceNumber: '2026-0099', amountCents: -2000 },
    ]);
  });

  it('proposes when several subsets fit the amount', () => {
    // Prepare
    const items: OpenItem[] = ['A-1001', 'A-1002', 'A-1003', 'A-1004'].map((invoiceNumber, i) =>
      item({ invoiceNumber, amountCents: i < 2 ? 10000 : 5000, ibans: [IBAN_DE_VRIES] }),
    );
    // Act
    const decision = new Matcher(items).match(entry({ counterpartyIban: IBAN_DE_VRIES, amountCents: 15000 }));
    // Assess
    expect(decision.decision).toBe('proposal');
    expect(decision.candidates.length).toBeGreaterThan(1);
  });

  it('proposes a partial payment unless the tenant allows booking it', () => {
    // Prepare
    const line = entry({
      counterpartyIban: IBAN_DE_VRIES,
      amountCents: 10000,
      remittance: 'Deelbetaling 2026-0043',
    });
    // Act
    const proposed = new Matcher(ledger(), memoryWith({ ibans: learnedDeVries })).match(line);
    const booked = new Matcher(ledger(), memoryWith({ ibans: learnedDeVries }), {
      autoBookPartialPayments: true,
    }).match(line);
    // Assess
    expect(proposed.decision).toBe('proposal');
    expect(proposed.reasons.join(' ')).toContain('partial payment');
    expect(booked).toMatchObject({
      decision: 'auto',
      matches: [{ invoiceNumber: '2026-0043', amountCents: 10000 }],
    });
  });

  it.each([
    [30247, 'auto', 3],
    [30250 - 200, 'proposal', 0],
  ])('a payment of %i cents on a €302,50 invoice is %s', (amountCents, expected, difference) => {
    const decision = new Matcher(ledger(), memoryWith({ ibans: learnedDeVries })).match(
      entry({ counterpartyIban: IBAN_DE_VRIES, amountCents, remittance: 'Factuur 2026-0043' }),
    );
    expect(decision.decision).toBe(expected);
    if (expected === 'auto') expect(decision.differenceCents).toBe(-difference);
  });

  it('proposes when two open items of the relation have the same amount and nothing tells them apart', () => {
    const items = [
      item({ invoiceNumber: 'S-2001', ibans: [IBAN_DE_VRIES] }),
      item({ invoiceNumber: 'S-2002', ibans: [IBAN_DE_VRIES] }),
    ];
    const decision = new Matcher(items).match(entry({ counterpartyIban: IBAN_DE_VRIES, amountCents: 12100 }));
    expect(decision.decision).toBe('proposal');
    expect(decision.candidates.map((candidate) => candidate.matches[0]?.invoiceNumber).sort()).toEqual([
      'S-2001',
      'S-2002',
    ]);
    expect(decision.reasons.join(' ')).toContain('too close');
  });

  it('does not book an equal amount from an unknown party', () => {
    const decision = new Matcher(ledger()).match(
      entry({ counterpartyIban: IBAN_UNKNOWN, counterpartyName: 'X. Onbekend', amountCents: 99999 }),
    );
    expect(decision.decision).toBe('proposal');
    expect(decision.confidence).toBeLessThan(0.5);
  });

  it('returns none when nothing links the line', () => {
    const decision = new Matcher(ledger()).match(
      entry({ counterpartyName: 'ALBERT HEIJN 1234', amountCents: -2345 }),
    );
    expect(decision).toMatchObject({ decision: 'none', matches: [] });
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  it('does not book the same invoice twice in one run', () => {
    // Prepare
    const matcher = new Matcher(ledger());
    const line = { counterpartyIban: IBAN_JANSEN, amountCents: 99999, remittance: '2026-0050' };
    // Act
    const first = matcher.match(entry(line));
    const second = matcher.match(entry(line));
    // Assess
    expect(first.decision).toBe('auto');
    expect(second.decision).not.toBe('auto');
  });

  it('leaves reversed lines (storno) to a person', () => {
    const decision = new Matcher(ledger()).match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: 99999, reversal: true }),
    );
    expect(decision.decision).toBe('proposal');
    expect(decision.reasons.join(' ')).toContain('storno');
  });

  it('gives reasons for every decision', () => {
    const matcher = new Matcher(ledger(), memoryWith({ ibans: learnedDeVries }));
    const lines = [
      entry({ counterpartyIban: IBAN_DE_VRIES, amountCents: 4840 }),
      entry({ counterpartyName: 'Niemand', amountCents: 1 }),
      entry({ structuredReference: KENMERK_42 }),
    ];
    for (const line of lines) expect(matcher.match(line).reasons.length).toBeGreaterThan(0);
  });
});

describe('Class: Matcher — robustness', () => {
  const arbitraryEntry = fc.record(
    {
      importId: fc.string(),
      bookingDate: fc.oneof(fc.constant('2026-03-10'), fc.string()),
      amountCents: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double(), fc.constant(0)),
      currency: fc.constantFrom('EUR', 'USD', ''),
      counterpartyIban: fc.oneof(fc.constant(IBAN_DE_VRIES), fc.string()),
      counterpartyName: fc.string(),
      remittance: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('Factuur 2026-0042 2026-0043')),
      structuredReference: fc.string(),
      reversal: fc.boolean(),
    },
    { requiredKeys: ['importId', 'bookingDate', 'amountCents', 'currency'] },
  );
  const arbitraryItem = fc.record({
    relationNumber: fc.stringMatching(/^\d{1,6}$/),
    relationName: fc.string(),
    ibans: fc.array(fc.oneof(fc.constant(IBAN_DE_VRIES), fc.string()), { maxLength: 2 }),
    invoiceNumber: fc.string({ minLength: 1, maxLength: 40 }),
    invoiceDate: fc.oneof(fc.constant('2026-03-01'), fc.string()),
    amountCents: fc.integer({ min: -1e7, max: 1e7 }),
    outstandingCents: fc.integer({ min: -1e7, max: 1e7 }),
    paymentReference: fc.option(fc.string(), { nil: undefined }),
  });

  it('sets malformed open items aside with a reason instead of failing (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.anything(), { maxLength: 10 }),
        fc.array(arbitraryItem, { maxLength: 5 }),
        (junk, items) => {
          // Act
          const matcher = new Matcher([...junk, ...items] as OpenItem[]);
          const decision = matcher.match(
            entry({ counterpartyIban: IBAN_DE_VRIES, remittance: 'Factuur 2026-0042' }),
          );
          // Assess
          expect(decision.reasons.length).toBeGreaterThan(0);
          expect(matcher.rejectedItems.length).toBeLessThanOrEqual(junk.length + items.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary entries and open items (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryItem, { maxLength: 30 }),
        fc.array(arbitraryEntry, { maxLength: 10 }),
        (items, entries) => {
          // Act
          const matcher = new Matcher(items as OpenItem[]);
          for (const line of entries) {
            const decision = matcher.match(line as BankEntry);
            // Assess
            expect(['auto', 'proposal', 'none']).toContain(decision.decision);
            expect(decision.confidence).toBeGreaterThanOrEqual(0);
            expect(decision.confidence).toBeLessThanOrEqual(1);
            expect(decision.reasons.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Class: Matcher — reasons', () => {
  it('says an invoice number in the structured reference field came from there, not from the text', () => {
    // Prepare
    const matcher = new Matcher(ledger());
    // Act
    const decision = matcher.match(
      entry({ counterpartyIban: IBAN_UNKNOWN, structuredReference: '2026-0043', amountCents: 30250 }),
    );
    // Assess
    expect(decision.matches).toEqual([{ invoiceNumber: '2026-0043', amountCents: 30250 }]);
    expect(decision.reasons).toContain('the structured reference 2026-0043 names invoice 2026-0043');
    expect(decision.reasons.join(' ')).not.toContain('the text cites invoice 2026-0043');
  });
});
