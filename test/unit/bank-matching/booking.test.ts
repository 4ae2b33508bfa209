import { describe, expect, it } from 'vitest';
import {
  type BookingContext,
  BookingError,
  type MatchDecision,
  Matcher,
  toBookingEvent,
} from '../../../lib/bank/matching/index.ts';
import { createDutchWorld, generateMonth } from '../../support/bank/dutch-data-generator.ts';
import { bookingContext, entry, IBAN_JANSEN, ledger } from './fixtures.ts';

const ctx: BookingContext = bookingContext();

function decision(overrides: Partial<MatchDecision>): MatchDecision {
  return {
    importId: 'x',
    decision: 'auto',
    matches: [],
    differenceCents: 0,
    confidence: 1,
    reasons: ['test'],
    candidates: [],
    ...overrides,
  };
}

function sum(lines: { amountCents: number }[]): number {
  return lines.reduce((total, line) => total + line.amountCents, 0);
}

describe('Function: toBookingEvent', () => {
  it('books a receipt: bank line and debtor line with relation and invoice', () => {
    // Prepare
    const line = entry({
      importId: 'imp-1',
      amountCents: 99999,
      counterpartyName: 'J. Jansen h.o.d.n. Klusbedrijf Jansen',
    });
    // Act
    const result = toBookingEvent(
      line,
      decision({ relationNumber: '100002', matches: [{ invoiceNumber: '2026-0050', amountCents: 99999 }] }),
      ctx,
    );
    // Assess
    expect(result.status).toBe('booked');
    if (result.status !== 'booked') return;
    expect(result.event.type).toBe('journal-entry.book');
    expect(result.event.source).toMatchObject({ connector: 'bank-import', externalId: 'imp-1' });
    expect(result.event.data.journal).toBe('BNK1');
    expect(result.event.data.lines).toEqual([
      expect.objectContaining({ ledgerAccount: '1100', amountCents: 99999 }),
      expect.objectContaining({
        ledgerAccount: '1300',
        amountCents: -99999,
        relationNumber: '100002',
        invoiceNumber: '2026-0050',
      }),
    ]);
    expect(result.event.data.description.length).toBeLessThanOrEqual(25);
    for (const journalLine of result.event.data.lines)
      expect((journalLine.text ?? '').length).toBeLessThanOrEqual(25);
  });

  it('books a payment difference to 8900 and a supplier payment to 1600', () => {
    // Act
    const receipt = toBookingEvent(
      entry({ amountCents: 30247 }),
      decision({
        relationNumber: '100001',
        matches: [{ invoiceNumber: '2026-0043', amountCents: 30250 }],
        differenceCents: -3,
      }),
      ctx,
    );
    const payment = toBookingEvent(
      entry({ amountCents: -54450 }),
      decision({ relationNumber: '200001', matches: [{ invoiceNumber: 'INV-88123', amountCents: -54450 }] }),
      ctx,
    );
    // Assess
    if (receipt.status !== 'booked' || payment.status !== 'booked') throw new Error('expected bookings');
    expect(receipt.event.data.lines.find((l) => l.ledgerAccount === '8900')?.amountCents).toBe(3);
    expect(sum(receipt.event.data.lines)).toBe(0);
    expect(payment.event.data.lines[1]).toMatchObject({
      ledgerAccount: '1600',
      amountCents: 54450,
      relationNumber: '200001',
    });
  });

  it('keeps a customer credit note on the debtors account', () => {
    const result = toBookingEvent(
      entry({ amountCents: 8000 }),
      decision({
        relationNumber: '100001',
        matches: [
          { invoiceNumber: 'F1', amountCents: 10000 },
          { invoiceNumber: 'C1', amountCents: -2000 },
        ],
      }),
      ctx,
    );
    if (result.status !== 'booked') throw new Error('expected a booking');
    expect(result.event.data.lines.slice(1).map((l) => [l.ledgerAccount, l.amountCents])).toEqual([
      ['1300', -10000],
      ['1300', 2000],
    ]);
  });

  it('books a rule hit to its ledger account', () => {
    const result = toBookingEvent(entry({ amountCents: -1250 }), decision({ ledgerAccount: '4900' }), ctx);
    if (result.status !== 'booked') throw new Error('expected a booking');
    expect(result.event.data.lines.map((l) => [l.ledgerAccount, l.amountCents])).toEqual([
      ['1100', -1250],
      ['4900', 1250],
    ]);
  });

  it('leaves proposals for review, or books them to the suspense account when configured', () => {
    const proposal = decision({ decision: 'proposal', relationNumber: '100001' });
    expect(toBookingEvent(entry(), proposal, ctx)).toMatchObject({ status: 'review' });
    const suspense = toBookingEvent(entry({ amountCents: 500 }), proposal, {
      ...ctx,
      suspenseAccount: '1900',
    });
    expect(suspense).toMatchObject({ status: 'booked', suspense: true });
  });

  it('refuses an account without a bank journal', () => {
    expect(() =>
      toBookingEvent(entry(), decision({ ledgerAccount: '4900' }), { ...ctx, account: 'NL02ABNA0123456789' }),
    ).toThrow(BookingError);
  });

  it('reports an invalid booking instead of throwing', () => {
    const result = toBookingEvent(
      entry({ bookingDate: '2026-02-31' }),
      decision({ ledgerAccount: '4900' }),
      ctx,
    );
    expect(result.status).toBe('invalid');
  });

  it('every automatic decision on generated data gives a balanced, valid event', () => {
    // Prepare
    const world = createDutchWorld({ seed: 5, customers: 80, suppliers: 20 });
    const month = generateMonth(world, { monthIndex: 0 });
    const matcher = new Matcher(month.openItems);
    // Act
    const results = month.entries.map((line) => toBookingEvent(line, matcher.match(line), ctx));
    // Assess
    const booked = results.filter((result) => result.status === 'booked');
    expect(booked.length).toBeGreaterThan(0);
    expect(results.some((result) => result.status === 'invalid')).toBe(false);
    for (const result of booked) if (result.status === 'booked') expect(sum(result.event.data.lines)).toBe(0);
  });

  it('books a line matched by the matcher end to end', () => {
    const line = entry({ counterpartyIban: IBAN_JANSEN, amountCents: 99999 });
    const result = toBookingEvent(line, new Matcher(ledger()).match(line), ctx);
    expect(result.status).toBe('booked');
  });
});
