import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { entryOf, utf8 } from './helpers.ts';

type Category = { id: 'S' | 'Z' | 'E' | 'AE'; rate: number };
const CATEGORIES: Category[] = [
  { id: 'S', rate: 21 },
  { id: 'S', rate: 9 },
  { id: 'Z', rate: 0 },
  { id: 'E', rate: 0 },
  { id: 'AE', rate: 0 },
];

const money = (cents: number) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
/** VAT in cents, half away from zero, in integers only. */
const vatOf = (taxable: number, rate: number) =>
  Math.sign(taxable) * Math.floor((Math.abs(taxable) * rate + 50) / 100);

interface Spec {
  lines: { cents: number; cat: number }[];
  allowance: { cents: number; cat: number } | null;
  prepaidCents: number;
  roundingCents: number;
  credit: boolean;
}

/** Writes a consistent EN 16931 UBL document for the spec, with totals computed in integer cents. */
function ublFor(spec: Spec): { xml: string; payable: number; vatByKey: Map<string, number> } {
  const taxable = new Map<number, number>();
  for (const l of spec.lines) taxable.set(l.cat, (taxable.get(l.cat) ?? 0) + l.cents);
  if (spec.allowance)
    taxable.set(spec.allowance.cat, (taxable.get(spec.allowance.cat) ?? 0) - spec.allowance.cents);
  const lineTotal = spec.lines.reduce((s, l) => s + l.cents, 0);
  const allowanceTotal = spec.allowance?.cents ?? 0;
  const exclusive = lineTotal - allowanceTotal;
  const vatByKey = new Map<string, number>();
  let vatTotal = 0;
  const subtotals = [...taxable.entries()].map(([cat, amount]) => {
    const c = CATEGORIES[cat] as Category;
    const vat = vatOf(amount, c.rate);
    vatTotal += vat;
    vatByKey.set(`${c.id}|${c.rate}`, vat);
    const reason =
      c.id === 'E' || c.id === 'AE' ? '<cbc:TaxExemptionReason>Vrijgesteld</cbc:TaxExemptionReason>' : '';
    return `<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">${money(amount)}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${money(vat)}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>${c.id}</cbc:ID><cbc:Percent>${c.rate}</cbc:Percent>${reason}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`;
  });
  const inclusive = exclusive + vatTotal;
  const payable = inclusive - spec.prepaidCents + spec.roundingCents;
  const root = spec.credit ? 'CreditNote' : 'Invoice';
  const lineTag = spec.credit ? 'CreditNoteLine' : 'InvoiceLine';
  const qtyTag = spec.credit ? 'CreditedQuantity' : 'InvoicedQuantity';
  const party = (name: string, vat: string) =>
    `<cac:Party><cac:PostalAddress><cbc:StreetName>Straat 1</cbc:StreetName><cbc:CityName>Stad</cbc:CityName><cbc:PostalZone>1234 AB</cbc:PostalZone><cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>${vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>${name}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID>P-${spec.lines.length}-${lineTotal}</cbc:ID><cbc:IssueDate>2026-03-01</cbc:IssueDate>
<cbc:${spec.credit ? 'CreditNoteTypeCode>381</cbc:CreditNoteTypeCode' : 'InvoiceTypeCode>380</cbc:InvoiceTypeCode'}><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty>${party('Leverancier', 'NL123456789B01')}</cac:AccountingSupplierParty>
<cac:AccountingCustomerParty>${party('Klant', 'NL987654321B01')}</cac:AccountingCustomerParty>
${spec.allowance ? `<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Korting</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">${money(spec.allowance.cents)}</cbc:Amount><cac:TaxCategory><cbc:ID>${CATEGORIES[spec.allowance.cat]?.id}</cbc:ID><cbc:Percent>${CATEGORIES[spec.allowance.cat]?.rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>` : ''}
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${money(vatTotal)}</cbc:TaxAmount>${subtotals.join('')}</cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">${money(lineTotal)}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">${money(exclusive)}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">${money(inclusive)}</cbc:TaxInclusiveAmount>${spec.allowance ? `<cbc:AllowanceTotalAmount currencyID="EUR">${money(allowanceTotal)}</cbc:AllowanceTotalAmount>` : ''}<cbc:PrepaidAmount currencyID="EUR">${money(spec.prepaidCents)}</cbc:PrepaidAmount><cbc:PayableRoundingAmount currencyID="EUR">${money(spec.roundingCents)}</cbc:PayableRoundingAmount><cbc:PayableAmount currencyID="EUR">${money(payable)}</cbc:PayableAmount></cac:LegalMonetaryTotal>
${spec.lines
  .map((l, i) => {
    const c = CATEGORIES[l.cat] as Category;
    const qty = l.cents < 0 ? -1 : 1;
    return `<cac:${lineTag}><cbc:ID>${i + 1}</cbc:ID><cbc:${qtyTag} unitCode="C62">${qty}</cbc:${qtyTag}><cbc:LineExtensionAmount currencyID="EUR">${money(l.cents)}</cbc:LineExtensionAmount><cac:Item><cbc:Name>Artikel ${i + 1}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>${c.id}</cbc:ID><cbc:Percent>${c.rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">${money(Math.abs(l.cents))}</cbc:PriceAmount></cac:Price></cac:${lineTag}>`;
  })
  .join('\n')}
</${root}>`;
  return { xml, payable, vatByKey };
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  lines: fc.array(
    fc.record({
      cents: fc.integer({ min: -500_000, max: 5_000_000 }),
      cat: fc.integer({ min: 0, max: CATEGORIES.length - 1 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  allowance: fc.option(
    fc.record({ cents: fc.integer({ min: 1, max: 50_000 }), cat: fc.integer({ min: 0, max: 1 }) }),
    { nil: null },
  ),
  prepaidCents: fc.integer({ min: 0, max: 10_000 }),
  roundingCents: fc.integer({ min: -2, max: 2 }),
  credit: fc.boolean(),
});

describe('property: well-formed invoices always map to balanced entries', () => {
  it.each(['purchase', 'sales'] as const)(
    '%s: balanced, creditor/debtor = amount due, VAT lines = breakdown',
    async (direction) => {
      await fc.assert(
        fc.asyncProperty(
          specArb,
          fc.constantFrom('per-rate' as const, 'per-line' as const),
          async (spec, lineDetail) => {
            // Prepare
            const { xml, payable, vatByKey } = ublFor(spec);
            const ctx = inMemoryInvoiceContext({ settings: { allowNewRelations: true, lineDetail } });
            // Act
            const result = await processInvoiceFile(
              { bytes: utf8(xml), filename: 'p.xml', direction, administration: 'DEMO', tenant: 'acme' },
              ctx,
            );
            // Assess
            expect(result.findings.filter((f) => f.severity === 'fatal')).toEqual([]);
            expect(result.status).toBe('ok');
            const entry = entryOf(result.events);
            const lines = entry?.lines ?? [];
            expect(lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
            const sign = (direction === 'purchase' ? 1 : -1) * (spec.credit ? -1 : 1);
            expect(lines[0]?.amountCents).toBe(-sign * payable);
            const expectedVat = [...vatByKey.values()].filter((v) => v !== 0).map((v) => sign * v);
            const vatLines = lines.filter((l) => l.vatBaseCents !== undefined).map((l) => l.amountCents);
            expect(vatLines.sort()).toEqual(expectedVat.sort());
            for (const line of lines) expect(line.text?.length ?? 0).toBeLessThanOrEqual(25);
          },
        ),
        fuzzParameters(120),
      );
    },
  );

  it('any change to one stated total is caught by a rule', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, fc.integer({ min: 1, max: 999 }), async (spec, delta) => {
        // Prepare: nudge the amount due by a few cents.
        const { xml, payable } = ublFor(spec);
        const tampered = xml.replace(
          `<cbc:PayableAmount currencyID="EUR">${money(payable)}<`,
          `<cbc:PayableAmount currencyID="EUR">${money(payable + delta)}<`,
        );
        // Act
        const result = await processInvoiceFile(
          {
            bytes: utf8(tampered),
            filename: 'p.xml',
            direction: 'purchase',
            administration: 'DEMO',
            tenant: 'acme',
          },
          inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
        );
        // Assess
        expect(result.status).toBe('rejected');
        expect(result.findings.map((f) => f.rule)).toContain('BR-CO-16');
      }),
      fuzzParameters(60),
    );
  });
});
