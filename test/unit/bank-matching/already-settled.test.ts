import { describe, expect, it } from 'vitest';
import { Matcher, type OpenItem } from '../../../lib/bank/matching/index.ts';
import { entry, IBAN_JANSEN, item, ledger, memoryWith } from './fixtures.ts';

/** J. Jansen's IBAN is learned: it identifies relation 100002 alone. */
const learnedJansen = memoryWith({
  ibans: new Map([[IBAN_JANSEN, { relations: new Map([['100002', { count: 4, lastSeen: '2026-02-01' }]]) }]]),
});

const jansen = (overrides: Partial<OpenItem>) =>
  item({ relationNumber: '100002', relationName: 'J. Jansen', ibans: [IBAN_JANSEN], ...overrides });

describe('Class: Matcher — nothing settled twice', () => {
  it.each([
    { name: 'the same amount from the same IBAN', remittance: undefined },
    { name: 'the same amount citing the same invoice', remittance: 'factuur 2026-0050' },
  ])('within one import: $name is not booked against the invoice line 1 paid', ({ remittance }) => {
    // Prepare
    const matcher = new Matcher(ledger(), learnedJansen);
    const line = {
      counterpartyIban: IBAN_JANSEN,
      amountCents: 99_999,
      ...(remittance ? { remittance } : {}),
    };
    const first = entry(line);
    // Act
    const decisions = [matcher.match(first), matcher.match(entry(line))];
    // Assess
    expect(decisions[0]).toMatchObject({ decision: 'auto', matches: [{ invoiceNumber: '2026-0050' }] });
    expect(decisions[1]?.decision).not.toBe('auto');
    expect(decisions[1]?.matches.map((m) => m.invoiceNumber)).not.toContain('2026-0050');
    expect(decisions[1]?.reasons.join('; ')).toContain(
      `invoice 2026-0050 of relation 100002 is already settled by line ${first.importId}`,
    );
  });

  it('across imports: an item a recent booking paid off is named with that booking, and not matched', () => {
    // Prepare: the mirror still lists the invoice, the settlement ledger took it off
    const paid = jansen({
      invoiceNumber: '2026-0050',
      amountCents: 99_999,
      outstandingCents: 0,
      settledBy: [{ label: 'bank line L1, booking evt_1 (boekstuk ABN 12)', cents: 99_999 }],
    });
    const matcher = new Matcher([paid], learnedJansen);
    // Act
    const decision = matcher.match(entry({ counterpartyIban: IBAN_JANSEN, amountCents: 99_999 }));
    // Assess
    expect(decision.decision).toBe('proposal');
    expect(decision.matches).toEqual([]);
    expect(decision.reasons.join('; ')).toContain(
      'invoice 2026-0050 of relation 100002 is already settled by bank line L1, booking evt_1 (boekstuk ABN 12)',
    );
  });

  it('the same amount again on a partly paid invoice waits for a person; the rest of it does not', () => {
    // Prepare: 400.00 of 999.99 came in minutes ago
    const partly = () =>
      jansen({
        invoiceNumber: '2026-0050',
        amountCents: 99_999,
        outstandingCents: 59_999,
        settledBy: [{ label: 'bank line L1', cents: 40_000 }],
      });
    // Act
    const again = new Matcher([partly()], learnedJansen).match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: 40_000 }),
    );
    const rest = new Matcher([partly()], learnedJansen).match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: 59_999 }),
    );
    // Assess
    expect(again.decision).not.toBe('auto');
    expect(again.reasons.join('; ')).toMatch(/is partly settled \(€\s?599,99 open\) by bank line L1/);
    expect(rest).toMatchObject({
      decision: 'auto',
      matches: [{ invoiceNumber: '2026-0050', amountCents: 59_999 }],
    });
  });

  it('a payment citing another open invoice of the same amount is still booked (monthly invoices)', () => {
    // Prepare: January paid in this import, February cited by the next line
    const items = [
      jansen({ invoiceNumber: '2026-0101', amountCents: 5_000 }),
      jansen({ invoiceNumber: '2026-0202', amountCents: 5_000, invoiceDate: '2026-03-02' }),
    ];
    const matcher = new Matcher(items, learnedJansen);
    // Act
    const january = matcher.match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: 5_000, remittance: '2026-0101' }),
    );
    const february = matcher.match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: 5_000, remittance: '2026-0202' }),
    );
    // Assess
    expect(january).toMatchObject({ decision: 'auto', matches: [{ invoiceNumber: '2026-0101' }] });
    expect(february).toMatchObject({ decision: 'auto', matches: [{ invoiceNumber: '2026-0202' }] });
  });

  it('a refund of a settled credit note is guarded the same way (negative items)', () => {
    // Prepare: the customer's credit note of 25.00 was refunded by line L7
    const credit = jansen({
      invoiceNumber: 'CN-7',
      amountCents: -2_500,
      outstandingCents: 0,
      settledBy: [{ label: 'bank line L7', cents: -2_500 }],
    });
    // Act
    const decision = new Matcher([credit], learnedJansen).match(
      entry({ counterpartyIban: IBAN_JANSEN, amountCents: -2_500 }),
    );
    // Assess
    expect(decision.decision).not.toBe('auto');
    expect(decision.reasons.join('; ')).toContain(
      'invoice CN-7 of relation 100002 is already settled by bank line L7',
    );
  });
});
