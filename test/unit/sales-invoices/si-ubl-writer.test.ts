import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInvoiceXml, validateInvoice } from '../../../lib/invoices/index.ts';
import {
  decimalOf,
  lineCents,
  percentOf,
  quantityOf,
  salesInvoiceProblems,
  salesInvoiceTotals,
  vatCentsOn,
  writeSiUbl,
} from '../../../lib/sales-invoices/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { BUYER, invoice, validInvoice } from './fixtures.ts';

const rejecting = (xml: string) => {
  const parsed = parseInvoiceXml(new TextEncoder().encode(xml));
  return [...parsed.findings, ...validateInvoice(parsed.document)]
    .filter((f) => f.severity === 'fatal')
    .map((f) => f.rule);
};

describe('Function: salesInvoiceTotals', () => {
  it('computes lines, VAT per rate and totals in exact cents', () => {
    // Act
    const totals = salesInvoiceTotals(invoice());

    // Assess
    expect(totals.lineCents).toEqual([118_750, 2_499]);
    expect(totals.vat).toEqual([
      { category: 'S', rateHundredths: 2100, taxableCents: 118_750, vatCents: 24_938 },
      { category: 'S', rateHundredths: 900, taxableCents: 2_499, vatCents: 225 },
    ]);
    expect(totals.payableCents).toBe(118_750 + 2_499 + 24_938 + 225);
  });

  it.each([
    [1500, 3333, 5000],
    [333, 1, 0],
    [-1000, 250, -250],
  ])('rounds %i thousandths × %i cents to %i cents', (quantity, price, cents) => {
    // Act + Assess
    expect(lineCents(quantity, price)).toBe(cents);
  });

  it.each([
    [1000, 2100, 210],
    [5, 2100, 1],
    [-5, 2100, -1],
    [2499, 900, 225],
  ])('VAT on %i cents at %i is %i cents', (base, rate, vat) => {
    // Act + Assess
    expect(vatCentsOn(base, rate)).toBe(vat);
  });

  it('formats amounts, quantities and rates without floats', () => {
    // Act + Assess
    expect([decimalOf(123456), decimalOf(-5), decimalOf(0)]).toEqual(['1234.56', '-0.05', '0.00']);
    expect([quantityOf(1500), quantityOf(-2000), quantityOf(1)]).toEqual(['1.5', '-2', '0.001']);
    expect([percentOf(2100), percentOf(550), percentOf(0)]).toEqual(['21', '5.5', '0']);
  });
});

describe('Function: salesInvoiceProblems', () => {
  it.each([
    ['a Dutch buyer without KvK', { buyer: { ...BUYER, kvk: undefined } }, 'buyer.kvk', 'BR-NL-10'],
    ['a Dutch buyer without street', { buyer: { ...BUYER, street: undefined } }, 'buyer.street', 'BR-NL-4'],
    ['no buyer reference', { buyerReference: ' ' }, 'buyerReference', 'BR-NL-2'],
    ['a due date before the issue date', { dueDate: '2026-10-01' }, 'dueDate', 'due-after-issue'],
    ['an impossible date', { issueDate: '2026-02-30' }, 'issueDate', 'iso-date'],
    ['no lines', { lines: [] }, 'lines', 'BR-16'],
  ])('names the field and rule for %s', (_name, overrides, path, rule) => {
    // Act
    const problems = salesInvoiceProblems(invoice(overrides as never));

    // Assess
    expect(problems).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('refuses a 0% standard rate and an exempt line without a reason', () => {
    // Prepare
    const base = invoice();
    const lines = [
      { ...base.lines[0], vatRateHundredths: 0 },
      { ...base.lines[1], vatCategory: 'E', vatRateHundredths: 0 },
    ] as typeof base.lines;

    // Act
    const problems = salesInvoiceProblems({ ...base, lines });

    // Assess
    expect(problems.map((p) => p.rule)).toEqual(['vat-rate', 'BR-E-10']);
  });

  it('finds nothing in the generated valid invoices', () => {
    fc.assert(
      fc.property(validInvoice, (generated) => {
        // Act + Assess
        expect(salesInvoiceProblems(generated)).toEqual([]);
      }),
      fuzzParameters(200),
    );
  });
});

describe('Function: writeSiUbl', () => {
  it('writes an NLCIUS invoice our own reader parses back with the same totals', () => {
    // Prepare
    const source = invoice();

    // Act
    const xml = writeSiUbl(source);
    const parsed = parseInvoiceXml(new TextEncoder().encode(xml));

    // Assess
    expect(parsed.document.profile).toBe('nlcius');
    expect(parsed.document.invoiceNumber).toBe('2026-0001');
    expect(xml).toContain('urn:fdc:nen.nl:nlcius:v1.0');
    expect(xml).toContain('Klant &amp; Zonen &lt;BV&gt;');
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">1464.12</cbc:PayableAmount>');
    expect(rejecting(xml)).toEqual([]);
  });

  it('every generated valid invoice passes our own EN 16931 + NLCIUS validator', () => {
    fc.assert(
      fc.property(validInvoice, (generated) => {
        // Act
        const xml = writeSiUbl(generated);

        // Assess
        expect(rejecting(xml)).toEqual([]);
      }),
      fuzzParameters(100),
    );
  });
});
