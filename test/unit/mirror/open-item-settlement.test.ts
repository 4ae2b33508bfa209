import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEvent, type NormalizedEvent } from '../../../events/index.ts';
import {
  CLOCK_SKEW_MS,
  isInCashRead,
  type MirrorOpenItem,
  type OpenItemSettlement,
  settlementLines,
  settleOpenItem,
  settleOpenItems,
} from '../../../lib/mirror/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

function openItem(overrides: Partial<MirrorOpenItem> = {}): MirrorOpenItem {
  const amount = overrides.amountCents ?? 12_100;
  return {
    relationNumber: '100001',
    invoiceNumber: '2026-0042',
    amountCents: amount,
    outstandingCents: amount,
    ...overrides,
  };
}

let bookings = 0;
function settlement(overrides: Partial<OpenItemSettlement> = {}): OpenItemSettlement {
  bookings++;
  return {
    bookingId: `evt_${String(bookings).padStart(32, '0')}`,
    relationNumber: '100001',
    invoiceNumber: '2026-0042',
    cents: -12_100,
    state: 'booked',
    recordedAt: '2026-03-10T10:00:00.000Z',
    bookedAt: '2026-03-10T10:00:01.000Z',
    label: `bank line L${bookings}`,
    ...overrides,
  };
}

function booking(lines: Array<Record<string, unknown>>, type = 'journal-entry.book'): NormalizedEvent {
  return createEvent({
    tenant: 'acme',
    administration: 'DEMO',
    type,
    source: { connector: 'bank-import', externalId: 'L1' },
    data: { journal: 'ABN', date: '2026-03-10', description: 'Betaling', lines },
  } as never);
}

describe('settleOpenItem: the arithmetic in integer cents', () => {
  it.each([
    { name: 'paid in full', amount: 12_100, cents: [-12_100], outstanding: 0, applied: [-12_100] },
    { name: 'partial payment', amount: 12_100, cents: [-5_000], outstanding: 7_100, applied: [-5_000] },
    {
      name: 'two partial payments',
      amount: 12_100,
      cents: [-5_000, -7_100],
      outstanding: 0,
      applied: [-5_000, -7_100],
    },
    {
      name: 'overpayment settles the item, no further',
      amount: 12_100,
      cents: [-15_000],
      outstanding: 0,
      applied: [-12_100],
    },
    {
      name: 'second payment of a paid item takes nothing',
      amount: 12_100,
      cents: [-12_100, -12_100],
      outstanding: 0,
      applied: [-12_100],
    },
    {
      name: 'payable paid to the supplier',
      amount: -54_450,
      cents: [54_450],
      outstanding: 0,
      applied: [54_450],
    },
    {
      name: "customer's credit note refunded",
      amount: -2_500,
      cents: [1_000],
      outstanding: -1_500,
      applied: [1_000],
    },
    {
      name: 'a line of the item’s own sign waits for CASH',
      amount: 12_100,
      cents: [3_000],
      outstanding: 12_100,
      applied: [],
    },
    { name: 'one cent', amount: 1, cents: [-1], outstanding: 0, applied: [-1] },
  ])('$name', ({ amount, cents, outstanding, applied }) => {
    // Prepare
    const item = openItem({ amountCents: amount });
    const settlements = cents.map((c, i) =>
      settlement({ cents: c, recordedAt: `2026-03-10T10:00:0${i}.000Z` }),
    );
    // Act
    const settled = settleOpenItem(item, settlements);
    // Assess
    expect(settled.outstandingCents).toBe(outstanding);
    expect((settled.settledBy ?? []).map((s) => s.cents)).toEqual(applied);
    expect(settled.amountCents).toBe(amount);
  });

  it('counts a redelivered booking once', () => {
    // Prepare
    const once = settlement({ cents: -5_000 });
    // Act
    const settled = settleOpenItem(openItem(), [
      once,
      { ...once },
      { ...once, recordedAt: '2026-03-11T00:00:00Z' },
    ]);
    // Assess
    expect(settled.outstandingCents).toBe(7_100);
    expect(settled.settledBy).toEqual([{ bookingId: once.bookingId, label: once.label, cents: -5_000 }]);
  });

  it('leaves an item without settlements as it is (same object)', () => {
    // Prepare
    const item = openItem();
    // Act + Assess
    expect(settleOpenItem(item, [])).toBe(item);
  });
});

describe('isInCashRead: when CASH’s re-read shows a booking', () => {
  it.each([
    { name: 'pending: never', state: 'pending' as const, readAfterMs: 3_600_000, shown: false },
    { name: 'read before the booking', state: 'booked' as const, readAfterMs: -1_000, shown: false },
    {
      name: 'read a millisecond before',
      state: 'booked' as const,
      readAfterMs: CLOCK_SKEW_MS - 1,
      shown: false,
    },
    {
      name: 'read in the same millisecond',
      state: 'booked' as const,
      readAfterMs: CLOCK_SKEW_MS,
      shown: true,
    },
    {
      name: 'read a second later',
      state: 'booked' as const,
      readAfterMs: CLOCK_SKEW_MS + 1_000,
      shown: true,
    },
  ])('$name', ({ state, readAfterMs, shown }) => {
    // Prepare
    const bookedAt = '2026-03-10T10:00:00.000Z';
    const readAt = new Date(Date.parse(bookedAt) + readAfterMs).toISOString();
    // Act + Assess
    expect(isInCashRead(settlement({ state, bookedAt }), readAt)).toBe(shown);
  });

  it('a row without a read time shows nothing', () => {
    expect(isInCashRead(settlement(), undefined)).toBe(false);
  });
});

describe('settleOpenItems: the mirror rows after recent settlements', () => {
  it('subtracts only what each row’s read does not show, per item, and skips ignored bookings', () => {
    // Prepare
    const x = openItem({ invoiceNumber: 'X' });
    const y = openItem({ invoiceNumber: 'Y', relationNumber: '000200' });
    const z = openItem({ invoiceNumber: 'Z' });
    const onX = settlement({ invoiceNumber: 'X', bookedAt: '2026-03-10T10:00:00.000Z' });
    const onY = settlement({ invoiceNumber: 'Y', relationNumber: '200', cents: -100 });
    const ignored = settlement({ invoiceNumber: 'Z' });
    // Act
    const [settledX, settledY, settledZ] = settleOpenItems(
      [
        { item: x, readAt: '2026-03-10T09:00:00.000Z' },
        { item: y, readAt: '2026-03-10T09:00:00.000Z' },
        { item: z, readAt: '2026-03-10T09:00:00.000Z' },
      ],
      [onX, onY, ignored],
      new Set([ignored.bookingId]),
    );
    // Assess: X paid off, Y (relation number padded by CASH) lowered, Z untouched
    expect(settledX).toMatchObject({ outstandingCents: 0, settledBy: [{ bookingId: onX.bookingId }] });
    expect(settledY?.outstandingCents).toBe(12_000);
    expect(settledZ).toBe(z);
  });

  it('a re-read after the booking already shows it: nothing subtracted twice', () => {
    // Prepare: CASH says 7,100 open after the booking of 5,000
    const item = openItem({ outstandingCents: 7_100 });
    const paid = settlement({ cents: -5_000, bookedAt: '2026-03-10T10:00:00.000Z' });
    // Act
    const [row] = settleOpenItems([{ item, readAt: '2026-03-10T10:01:00.000Z' }], [paid]);
    // Assess
    expect(row).toBe(item);
  });
});

describe('settlementLines: what a booking books against open items', () => {
  it('sums the lines per relation and invoice, leaves out lines without both and zero sums', () => {
    // Prepare
    const event = booking([
      { ledgerAccount: '1100', amountCents: 20_000 },
      { ledgerAccount: '1300', amountCents: -12_100, relationNumber: '100001', invoiceNumber: 'X' },
      { ledgerAccount: '1300', amountCents: -100, relationNumber: '100001', invoiceNumber: 'X' },
      { ledgerAccount: '1300', amountCents: -7_000, relationNumber: '100001', invoiceNumber: 'Y' },
      { ledgerAccount: '1300', amountCents: 500, relationNumber: '100001', invoiceNumber: 'Z' },
      { ledgerAccount: '1300', amountCents: -500, relationNumber: '100001', invoiceNumber: 'Z' },
      { ledgerAccount: '8900', amountCents: -800 },
    ]);
    // Act + Assess
    expect(settlementLines(event)).toEqual([
      { relationNumber: '100001', invoiceNumber: 'X', cents: -12_200 },
      { relationNumber: '100001', invoiceNumber: 'Y', cents: -7_000 },
    ]);
  });
});

describe('property: whatever the order and redeliveries of bookings', () => {
  it('the total settled per item never exceeds what was outstanding, and each booking counts once', () => {
    const amount = fc.integer({ min: 1, max: 10_000_000 });
    const scenario = fc.record({
      sign: fc.constantFrom(1, -1),
      amount,
      outstandingShare: fc.integer({ min: 1, max: 100 }),
      bookings: fc.array(
        fc.record({
          cents: fc.integer({ min: -20_000_000, max: 20_000_000 }),
          minute: fc.integer({ min: 0, max: 59 }),
        }),
        { maxLength: 12 },
      ),
      deliveries: fc.array(fc.nat(), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(scenario, ({ sign, amount, outstandingShare, bookings: list, deliveries }) => {
        // Prepare: each booking once, then redelivered copies in any order
        const outstanding = sign * Math.max(1, Math.floor((amount * outstandingShare) / 100));
        const item = openItem({ amountCents: sign * amount, outstandingCents: outstanding });
        const once = list.map((b, i) =>
          settlement({
            bookingId: `evt_${i}`,
            cents: b.cents,
            recordedAt: `2026-03-10T10:${String(b.minute).padStart(2, '0')}:00.000Z`,
          }),
        );
        const redelivered =
          once.length === 0
            ? []
            : deliveries.map((d) => ({ ...(once[d % once.length] as OpenItemSettlement) }));
        const shuffled = [...once, ...redelivered].sort((a, b) =>
          (a.bookingId + a.cents).localeCompare(b.bookingId + b.cents),
        );
        // Act
        const inOrder = settleOpenItem(item, [...once, ...redelivered]);
        const otherOrder = settleOpenItem(item, shuffled);
        // Assess
        for (const settled of [inOrder, otherOrder]) {
          const applied = (settled.settledBy ?? []).reduce((sum, s) => sum + s.cents, 0);
          expect(Math.abs(applied)).toBeLessThanOrEqual(Math.abs(outstanding));
          expect(Math.abs(outstanding)).toBeLessThanOrEqual(Math.abs(item.amountCents));
          expect(settled.outstandingCents).toBe(outstanding + applied);
          expect(settled.outstandingCents === 0 || Math.sign(settled.outstandingCents) === sign).toBe(true);
          const ids = (settled.settledBy ?? []).map((s) => s.bookingId);
          expect(new Set(ids).size).toBe(ids.length);
          for (const s of settled.settledBy ?? []) expect(Number.isSafeInteger(s.cents)).toBe(true);
        }
        // Redeliveries change nothing, whatever their order
        expect(inOrder).toEqual(settleOpenItem(item, once));
        expect(otherOrder).toEqual(inOrder);
      }),
      fuzzParameters(200),
    );
  });
});
