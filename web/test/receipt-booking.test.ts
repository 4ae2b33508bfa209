import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvoiceBooking } from '../src/api/index.ts';
import { bookingFromReceipt } from '../src/review/receipt-booking.ts';

const sum = (booking: unknown) =>
  (booking as InvoiceBooking).lines.reduce((total, line) => total + line.amountCents, 0);

describe('bookingFromReceipt', () => {
  it.each([
    ['no receipt', { journal: 'INK' }, undefined, { journal: 'INK' }],
    [
      'a proposal with lines of its own',
      { lines: [{ ledgerAccount: '4000', amountCents: 1 }] },
      { totalCents: 100, confidence: 1 },
      { lines: [{ ledgerAccount: '4000', amountCents: 1 }] },
    ],
    [
      'a receipt without a total',
      undefined,
      { date: '2026-03-28', confidence: 0.2 },
      { journal: '', date: '2026-03-28', description: 'Bonnetje', lines: [] },
    ],
    [
      'VAT rates that do not add up to the VAT: one VAT line',
      undefined,
      {
        totalCents: 1210,
        vatCents: 210,
        vatLines: [{ rateHundredths: 900, vatCents: 50 }],
        supplier: ' Jumbo ',
        confidence: 0.5,
      },
      {
        journal: '',
        date: '',
        description: 'Bonnetje Jumbo',
        lines: [
          { ledgerAccount: '', amountCents: 1000 },
          { ledgerAccount: '', amountCents: 210, vatBaseCents: 1000 },
          { ledgerAccount: '', amountCents: -1210, text: 'Jumbo' },
        ],
      },
    ],
  ] as const)('%s', (_what, proposal, receipt, expected) => {
    // Prepare / Act
    const booking = bookingFromReceipt(proposal, receipt);
    // Assess
    expect(booking).toEqual(expected);
  });

  it('always balances to the cent, whatever OCR read', () => {
    // Prepare
    const cents = fc.integer({ min: -10_000_000, max: 10_000_000 });
    fc.assert(
      fc.property(
        cents,
        fc.option(cents, { nil: undefined }),
        fc.array(fc.record({ rateHundredths: fc.integer({ min: 0, max: 2100 }), vatCents: cents })),
        (totalCents, vatCents, vatLines) => {
          // Act
          const booking = bookingFromReceipt(undefined, { totalCents, vatCents, vatLines, confidence: 0.5 });
          // Assess
          expect(sum(booking)).toBe(0);
          for (const line of (booking as InvoiceBooking).lines)
            expect(Number.isSafeInteger(line.amountCents)).toBe(true);
        },
      ),
    );
  });
});
