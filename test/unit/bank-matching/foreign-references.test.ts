import { describe, expect, it } from 'vitest';
import { Matcher, makeBetalingskenmerk, type OpenItem } from '../../../lib/bank/matching/index.ts';
import { entry, IBAN_DE_VRIES, item, KENMERK_42 } from './fixtures.ts';

const OTHER_KENMERK = makeBetalingskenmerk('000000000009999');

/** Relation 100001 with a known IBAN and three invoices of different amounts; 100002 with one. */
function openItems(): OpenItem[] {
  return [
    item({
      invoiceNumber: '2026-0042',
      amountCents: 12100,
      paymentReference: KENMERK_42,
      ibans: [IBAN_DE_VRIES],
    }),
    item({ invoiceNumber: '2026-0043', amountCents: 30250, ibans: [IBAN_DE_VRIES] }),
    item({ invoiceNumber: '2026-0044', amountCents: 4840, ibans: [IBAN_DE_VRIES] }),
    item({
      relationNumber: '100002',
      relationName: 'J. Jansen',
      invoiceNumber: '2026-0050',
      amountCents: 9999,
    }),
  ];
}

const fromDeVries = (amountCents: number, fields: Parameters<typeof entry>[0] = {}) =>
  entry({ counterpartyIban: IBAN_DE_VRIES, counterpartyName: 'Bakkerij De Vries', amountCents, ...fields });

describe('Class: Matcher — a reference naming another invoice forbids booking alone', () => {
  it.each([
    ['another open invoice of the relation', { remittance: 'Factuur 2026-0043' }, '2026-0043'],
    ['an open invoice of another relation', { remittance: 'Factuur 2026-0050' }, '2026-0050'],
    ['an unknown (paid long ago) invoice number', { remittance: 'Factuur 2025-0913' }, '2025-0913'],
    ['an unknown number after a keyword', { remittance: 'fact.nr 77123' }, '77123'],
    ['a number shaped like an invoice, without keyword', { remittance: 'betreft 2025-0913' }, '2025-0913'],
    ['another invoice among those it names', { remittance: 'Facturen 2026-0044 2025-0001' }, '2025-0001'],
    ['the payment reference of another invoice', { structuredReference: KENMERK_42 }, KENMERK_42],
    ['an unknown payment reference', { structuredReference: OTHER_KENMERK }, OTHER_KENMERK],
  ])('proposes a payment of €48,40 (invoice 2026-0044) whose text names %s', (_label, fields, named) => {
    // Prepare
    const matcher = new Matcher(openItems());
    // Act
    const decision = matcher.match(fromDeVries(4840, fields));
    // Assess
    expect(decision.decision).toBe('proposal');
    expect(decision.reasons.join(' ')).toContain(named);
  });

  it('proposes a payment naming an invoice this run already booked (paid), not the other of that amount', () => {
    // Prepare: two invoices of €48,40; the first line pays 2026-0044, the second names it again.
    const matcher = new Matcher([
      ...openItems(),
      item({ invoiceNumber: '2026-0045', amountCents: 4840, ibans: [IBAN_DE_VRIES] }),
    ]);
    // Act
    const first = matcher.match(fromDeVries(4840, { remittance: 'Factuur 2026-0044' }));
    const again = matcher.match(fromDeVries(4840, { remittance: 'Factuur 2026-0044' }));
    // Assess
    expect(first).toMatchObject({ decision: 'auto', matches: [{ invoiceNumber: '2026-0044' }] });
    expect(again.decision).toBe('proposal');
    expect(again.reasons.join(' ')).toContain('names invoice or reference 2026-0044');
  });

  it.each([
    ['the invoice number', { remittance: 'Factuur 2026-0044' }],
    ['the number in words', { remittance: 'INV 2026 0044' }],
    ['the number glued to the keyword', { remittance: 'FACTUUR2026-0044 dd 2026-03-02' }],
    ['the tail of the number', { remittance: 'factuur 0044' }],
    ['the number and an amount and a date', { remittance: 'Factuur 2026-0044 € 48,40 12-03-2026' }],
    ['its own payment reference', { amountCents: 12100, structuredReference: KENMERK_42 }],
    [
      'its own payment reference in groups',
      { amountCents: 12100, remittance: KENMERK_42.replace(/(\d{4})/g, '$1 ') },
    ],
    ['nothing at all', { remittance: 'Betaling' }],
  ])('still books a line that names %s', (_label, fields) => {
    // Prepare
    const matcher = new Matcher(openItems());
    const { amountCents = 4840, ...rest } = fields as { amountCents?: number };
    // Act
    const decision = matcher.match(fromDeVries(amountCents, rest));
    // Assess
    expect(decision.decision).toBe('auto');
    expect(decision.candidates).toEqual([]);
  });

  it('books an invoice minus the credit note it names, and proposes the invoice alone', () => {
    // Prepare
    const items = [
      ...openItems(),
      item({
        invoiceNumber: '2026-0046',
        amountCents: -1210,
        outstandingCents: -1210,
        ibans: [IBAN_DE_VRIES],
      }),
    ];
    // Act
    const netted = new Matcher(items).match(
      fromDeVries(30250 - 1210, { remittance: 'Factuur 2026-0043 minus creditnota 2026-0046' }),
    );
    const alone = new Matcher(items).match(
      fromDeVries(30250, { remittance: 'Factuur 2026-0043 creditnota 2026-0046' }),
    );
    // Assess
    expect(netted.decision).toBe('auto');
    expect(netted.matches.map((match) => match.invoiceNumber).sort()).toEqual(['2026-0043', '2026-0046']);
    expect(alone.decision).toBe('proposal');
  });

  it('lets no rule threshold override the ban: even at autoThreshold 0.5 the line is a proposal', () => {
    // Act
    const decision = new Matcher(openItems(), undefined, { autoThreshold: 0.5, autoMargin: 0 }).match(
      fromDeVries(4840, { remittance: 'Factuur 2026-0043' }),
    );
    // Assess
    expect(decision.decision).toBe('proposal');
  });
});
