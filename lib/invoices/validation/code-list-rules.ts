import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type { InvoiceDocument } from '../model.ts';
import { quoteValue } from '../values/index.ts';
import {
  COUNTRY_CODES,
  CREDIT_NOTE_TYPE_CODES,
  CURRENCY_CODES,
  INVOICE_TYPE_CODES,
  PAYMENT_MEANS_CODES,
  SI_UBL_CREDIT_NOTE_TYPE_CODES,
  SI_UBL_CURRENCY_CODES,
  SI_UBL_INVOICE_TYPE_CODES,
  UNIT_CODES,
  VAT_ID_PREFIXES,
} from './code-lists.ts';

const VAT_CATEGORIES = new Set(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M', 'B']);

/** The code-list rules (BR-CL-*, BR-CO-09) with the lists of the artifact that judges the document. */
export function codeListRules(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const siUbl = doc.profile === 'nlcius';
  const currencies = siUbl ? SI_UBL_CURRENCY_CODES : CURRENCY_CODES;
  const push = (rule: string, message: string, path: string) =>
    out.push(fatal(rule, message, `${r}/${path}`));
  const isCredit = doc.rootName === 'CreditNote';
  if (doc.typeCode !== undefined && doc.syntax === 'ubl') {
    const list = isCredit
      ? siUbl
        ? SI_UBL_CREDIT_NOTE_TYPE_CODES
        : CREDIT_NOTE_TYPE_CODES
      : siUbl
        ? SI_UBL_INVOICE_TYPE_CODES
        : INVOICE_TYPE_CODES;
    if (!list.has(doc.typeCode))
      push(
        'BR-CL-01',
        `type code ${quoteValue(doc.typeCode)} is not in the UNTDID 1001 subset`,
        `cbc:${isCredit ? 'CreditNote' : 'Invoice'}TypeCode`,
      );
  }
  const badCurrencies = new Set((doc.ubl?.amountCurrencies ?? []).filter((c) => !currencies.has(c)));
  for (const c of badCurrencies)
    push(
      'BR-CL-03',
      `amount currency ${c ? quoteValue(c) : '(none)'} is not an ISO 4217 code`,
      '@currencyID',
    );
  if (doc.currency !== undefined && !currencies.has(doc.currency))
    push(
      'BR-CL-04',
      `document currency ${quoteValue(doc.currency)} is not an ISO 4217 code`,
      'cbc:DocumentCurrencyCode',
    );
  if (doc.taxCurrency !== undefined && !currencies.has(doc.taxCurrency))
    push(
      'BR-CL-05',
      `VAT accounting currency ${quoteValue(doc.taxCurrency)} is not an ISO 4217 code`,
      'cbc:TaxCurrencyCode',
    );
  const countries = [
    doc.seller.address?.countryCode,
    doc.buyer.address?.countryCode,
    doc.payee?.address?.countryCode,
    doc.taxRepresentative?.address?.countryCode,
    doc.deliveryAddress?.countryCode,
  ];
  for (const c of new Set(countries))
    if (c !== undefined && !COUNTRY_CODES.has(c))
      push(
        'BR-CL-14',
        `country code ${quoteValue(c)} is not an ISO 3166-1 code`,
        'cac:Country/cbc:IdentificationCode',
      );
  doc.paymentMeans.forEach((pm, i) => {
    if (pm.code !== undefined && !PAYMENT_MEANS_CODES.has(pm.code))
      push(
        'BR-CL-16',
        `payment means code ${quoteValue(pm.code)} is not a UNCL 4461 code`,
        `cac:PaymentMeans[${i + 1}]/cbc:PaymentMeansCode`,
      );
  });
  const taxCategories = [
    ...doc.allowanceCharges.flatMap((a) => (a.vat ? [a.vat.category] : [])),
    ...doc.taxTotals.flatMap((t) => t.subtotals.map((s) => s.vat.category)),
  ];
  for (const c of new Set(taxCategories))
    if (c && !VAT_CATEGORIES.has(c))
      push('BR-CL-17', `VAT category ${quoteValue(c)} is not a UNCL 5305 code`, 'cac:TaxCategory/cbc:ID');
  for (const c of new Set(doc.lines.map((l) => l.vat.category)))
    if (c && !VAT_CATEGORIES.has(c))
      push(
        'BR-CL-18',
        `VAT category ${quoteValue(c)} is not a UNCL 5305 code`,
        'cac:ClassifiedTaxCategory/cbc:ID',
      );
  for (const u of new Set(doc.lines.map((l) => l.unitCode)))
    if (u !== undefined && !UNIT_CODES.has(u))
      push('BR-CL-23', `unit code ${quoteValue(u)} is not a UN/ECE Rec 20/21 code`, '@unitCode');
  for (const party of [doc.seller, doc.buyer, doc.taxRepresentative]) {
    for (const t of party?.taxRegistrations ?? []) {
      if ((t.taxScheme ?? '').toUpperCase() === 'VAT' && !VAT_ID_PREFIXES.has(t.companyId.slice(0, 2)))
        push(
          'BR-CO-09',
          `VAT identifier ${quoteValue(t.companyId)} does not start with an ISO 3166 country prefix`,
          'cac:PartyTaxScheme/cbc:CompanyID',
        );
    }
  }
  return out;
}
