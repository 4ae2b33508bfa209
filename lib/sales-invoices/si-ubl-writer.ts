import type { SalesInvoice, SalesInvoiceLine, SalesInvoiceParty } from './sales-invoice.ts';
import { decimalOf, percentOf, quantityOf, salesInvoiceTotals } from './sales-invoice-totals.ts';

/** BT-24 of SI-UBL 2.0 (NLCIUS), and the Peppol billing process the Dutch network expects (BT-23). */
export const SI_UBL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0';
export const SI_UBL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
/** SEPA credit transfer (UNCL 4461), allowed by BR-NL-12. */
const SEPA_CREDIT_TRANSFER = '58';

/** Text escaped for XML content and attributes; characters XML 1.0 forbids are dropped. */
export function xmlText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters; they are dropped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const el = (name: string, value: string, attributes = ''): string =>
  `<${name}${attributes}>${xmlText(value)}</${name}>`;
const amount = (name: string, cents: number): string => el(name, decimalOf(cents), ' currencyID="EUR"');

function party(p: SalesInvoiceParty, role: 'seller' | 'buyer'): string {
  const parts: string[] = [];
  if (role === 'buyer' && p.relationNumber)
    parts.push(`<cac:PartyIdentification>${el('cbc:ID', p.relationNumber)}</cac:PartyIdentification>`);
  parts.push(`<cac:PartyName>${el('cbc:Name', p.name)}</cac:PartyName>`);
  parts.push(
    [
      '<cac:PostalAddress>',
      p.street ? el('cbc:StreetName', p.street) : '',
      p.city ? el('cbc:CityName', p.city) : '',
      p.postalCode ? el('cbc:PostalZone', p.postalCode) : '',
      `<cac:Country>${el('cbc:IdentificationCode', p.countryCode)}</cac:Country>`,
      '</cac:PostalAddress>',
    ].join(''),
  );
  if (p.vatId)
    parts.push(
      `<cac:PartyTaxScheme>${el('cbc:CompanyID', p.vatId)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`,
    );
  parts.push(
    `<cac:PartyLegalEntity>${el('cbc:RegistrationName', p.name)}${
      p.kvk ? el('cbc:CompanyID', p.kvk, ' schemeID="0106"') : ''
    }</cac:PartyLegalEntity>`,
  );
  if (p.email) parts.push(`<cac:Contact>${el('cbc:ElectronicMail', p.email)}</cac:Contact>`);
  return `<cac:Party>${parts.join('')}</cac:Party>`;
}

function taxCategory(
  tag: 'cac:TaxCategory' | 'cac:ClassifiedTaxCategory',
  category: string,
  rateHundredths: number,
  exemptionReason?: string,
): string {
  const reason =
    tag === 'cac:TaxCategory' && (category === 'E' || category === 'AE') && exemptionReason
      ? el('cbc:TaxExemptionReason', exemptionReason)
      : '';
  return `<${tag}>${el('cbc:ID', category)}${el('cbc:Percent', percentOf(rateHundredths))}${reason}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></${tag}>`;
}

function invoiceLine(line: SalesInvoiceLine, index: number, cents: number, credit: boolean): string {
  const [tag, quantity] = credit
    ? ['cac:CreditNoteLine', 'cbc:CreditedQuantity']
    : ['cac:InvoiceLine', 'cbc:InvoicedQuantity'];
  return [
    `<${tag}>`,
    el('cbc:ID', String(index + 1)),
    el(quantity, quantityOf(line.quantityMilli), ` unitCode="${xmlText(line.unitCode)}"`),
    amount('cbc:LineExtensionAmount', cents),
    '<cac:Item>',
    el('cbc:Name', line.description),
    line.articleCode
      ? `<cac:SellersItemIdentification>${el('cbc:ID', line.articleCode)}</cac:SellersItemIdentification>`
      : '',
    taxCategory('cac:ClassifiedTaxCategory', line.vatCategory, line.vatRateHundredths),
    '</cac:Item>',
    `<cac:Price>${amount('cbc:PriceAmount', line.unitPriceCents)}</cac:Price>`,
    `</${tag}>`,
  ].join('');
}

/**
 * The invoice as SI-UBL 2.0 (UBL 2.1 Invoice under NLCIUS; a `credit-note` as UBL 2.1 CreditNote, type
 * 381, with its BillingReference to the invoice it credits and the due date in PaymentMeans, as UBL's
 * CreditNote has no header DueDate): the Dutch government's and Peppol NL's
 * standard. Pure; totals from `salesInvoiceTotals`, so they are exactly what the booking and PDF show.
 * Check the input with `salesInvoiceProblems` first: this writes what it is given.
 */
export function writeSiUbl(invoice: SalesInvoice): string {
  const totals = salesInvoiceTotals(invoice);
  const subtotals = totals.vat
    .map(
      (g) =>
        `<cac:TaxSubtotal>${amount('cbc:TaxableAmount', g.taxableCents)}${amount('cbc:TaxAmount', g.vatCents)}${taxCategory(
          'cac:TaxCategory',
          g.category,
          g.rateHundredths,
          invoice.vatExemptionReason,
        )}</cac:TaxSubtotal>`,
    )
    .join('');
  const seller = invoice.seller;
  const credit = invoice.kind === 'credit-note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const reference = invoice.billingReference;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2"`,
    ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"',
    ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
    el('cbc:UBLVersionID', '2.1'),
    el('cbc:CustomizationID', SI_UBL_CUSTOMIZATION_ID),
    el('cbc:ProfileID', SI_UBL_PROFILE_ID),
    el('cbc:ID', invoice.number),
    el('cbc:IssueDate', invoice.issueDate),
    credit ? '' : el('cbc:DueDate', invoice.dueDate),
    credit ? el('cbc:CreditNoteTypeCode', '381') : el('cbc:InvoiceTypeCode', '380'),
    invoice.note ? el('cbc:Note', invoice.note) : '',
    el('cbc:DocumentCurrencyCode', invoice.currency),
    el('cbc:BuyerReference', invoice.buyerReference),
    // BT-25 only: BR-NL-24 advises against the preceding invoice's issue date (BT-26).
    reference
      ? `<cac:BillingReference><cac:InvoiceDocumentReference>${el('cbc:ID', reference.number)}</cac:InvoiceDocumentReference></cac:BillingReference>`
      : '',
    `<cac:AccountingSupplierParty>${party(seller, 'seller')}</cac:AccountingSupplierParty>`,
    `<cac:AccountingCustomerParty>${party(invoice.buyer, 'buyer')}</cac:AccountingCustomerParty>`,
    '<cac:PaymentMeans>',
    el('cbc:PaymentMeansCode', SEPA_CREDIT_TRANSFER),
    credit ? el('cbc:PaymentDueDate', invoice.dueDate) : '',
    el('cbc:PaymentID', invoice.paymentReference ?? invoice.number),
    // No BIC: BR-NL-31 advises against a payment service provider id for SEPA payments.
    `<cac:PayeeFinancialAccount>${el('cbc:ID', seller.iban)}</cac:PayeeFinancialAccount>`,
    '</cac:PaymentMeans>',
    `<cac:TaxTotal>${amount('cbc:TaxAmount', totals.vatCents)}${subtotals}</cac:TaxTotal>`,
    '<cac:LegalMonetaryTotal>',
    amount('cbc:LineExtensionAmount', totals.lineExtensionCents),
    amount('cbc:TaxExclusiveAmount', totals.lineExtensionCents),
    amount('cbc:TaxInclusiveAmount', totals.taxInclusiveCents),
    amount('cbc:PayableAmount', totals.payableCents),
    '</cac:LegalMonetaryTotal>',
    ...invoice.lines.map((line, i) => invoiceLine(line, i, totals.lineCents[i] ?? 0, credit)),
    `</${root}>\n`,
  ].join('');
}
