import fc from 'fast-check';
import type { SalesInvoice, SalesInvoiceLine } from '../../../lib/sales-invoices/index.ts';

/** A Dutch seller with everything SI-UBL 2.0 asks of one. */
export const SELLER: SalesInvoice['seller'] = {
  name: 'Demo Advies B.V.',
  street: 'Keizersgracht 1',
  city: 'Amsterdam',
  postalCode: '1015 AA',
  countryCode: 'NL',
  vatId: 'NL123456789B01',
  kvk: '12345678',
  iban: 'NL91ABNA0417164300',
  email: 'facturen@demo.example',
};

export const BUYER: SalesInvoice['buyer'] = {
  name: 'Klant & Zonen <BV>',
  street: 'Dorpsstraat 12',
  city: 'Utrecht',
  postalCode: '3511 AB',
  countryCode: 'NL',
  kvk: '87654321',
  relationNumber: '10001',
};

export function invoice(overrides: Partial<SalesInvoice> = {}): SalesInvoice {
  return {
    number: '2026-0001',
    issueDate: '2026-10-31',
    dueDate: '2026-11-30',
    currency: 'EUR',
    seller: SELLER,
    buyer: BUYER,
    buyerReference: '10001',
    lines: [
      {
        description: 'Advies oktober',
        quantityMilli: 12_500,
        unitCode: 'HUR',
        unitPriceCents: 9_500,
        vatCategory: 'S',
        vatRateHundredths: 2100,
      },
      {
        description: 'Boek "Belasting"',
        quantityMilli: 1_000,
        unitCode: 'C62',
        unitPriceCents: 2_499,
        vatCategory: 'S',
        vatRateHundredths: 900,
        articleCode: 'BOEK1',
      },
    ],
    ...overrides,
  };
}

const text = (max: number) =>
  fc
    .string({ minLength: 1, maxLength: max, unit: fc.constantFrom(...'abcXYZ &<>"\'é€0123- '.split('')) })
    .filter((s) => s.trim().length > 0);

const line: fc.Arbitrary<SalesInvoiceLine> = fc
  .record({
    description: text(40),
    quantityMilli: fc.integer({ min: 1, max: 500_000 }),
    unitCode: fc.constantFrom('HUR', 'C62', 'DAY', 'KMT'),
    unitPriceCents: fc.integer({ min: 0, max: 2_000_000 }),
    vat: fc.constantFrom<[SalesInvoiceLine['vatCategory'], number]>(
      ['S', 2100],
      ['S', 900],
      ['Z', 0],
      ['E', 0],
    ),
    articleCode: fc.option(fc.stringMatching(/^[A-Z0-9]{1,8}$/), { nil: undefined }),
  })
  .map(({ vat, articleCode, ...rest }) => ({
    ...rest,
    vatCategory: vat[0],
    vatRateHundredths: vat[1],
    ...(articleCode !== undefined ? { articleCode } : {}),
  }));

/** Valid invoices of every shape the app makes: rates, exempt lines, credit lines, foreign buyers. */
export const validInvoice: fc.Arbitrary<SalesInvoice> = fc
  .record({
    number: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,14}$/),
    lines: fc.array(line, { minLength: 1, maxLength: 6 }),
    credit: fc.option(line, { nil: undefined }),
    foreign: fc.boolean(),
    day: fc.integer({ min: 0, max: 3000 }),
    note: fc.option(text(60), { nil: undefined }),
  })
  .map(({ number, lines, credit, foreign, day, note }) => {
    const issue = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000);
    const due = new Date(issue.getTime() + 30 * 86_400_000);
    const all = credit ? [...lines, { ...credit, quantityMilli: -1, unitPriceCents: 1 }] : lines;
    const buyer = foreign
      ? {
          name: 'Kunde GmbH',
          city: 'Berlin',
          countryCode: 'DE',
          vatId: 'DE123456789',
          relationNumber: '20002',
        }
      : BUYER;
    return {
      number,
      issueDate: issue.toISOString().slice(0, 10),
      dueDate: due.toISOString().slice(0, 10),
      currency: 'EUR' as const,
      seller: SELLER,
      buyer,
      buyerReference: buyer.relationNumber ?? 'onbekend',
      lines: all,
      ...(note !== undefined ? { note } : {}),
      ...(all.some((l) => l.vatCategory === 'E')
        ? { vatExemptionReason: 'Vrijgesteld van BTW (art. 11 Wet OB)' }
        : {}),
    };
  });
