import { Iban, IsoDate } from '../../events/fields.ts';
import { quoteText } from '../runtime/quoted-text.ts';
import type { SalesInvoice, SalesInvoiceParty } from './sales-invoice.ts';
import { salesInvoiceTotals } from './sales-invoice-totals.ts';

/** Why an invoice cannot be written as valid SI-UBL 2.0: the field, the rule (often the official id) and why. */
export interface SalesInvoiceProblem {
  path: string;
  rule: string;
  message: string;
  value?: string;
}

const KVK = /^\d{8}$/;
const VAT_ID = /^[A-Z]{2}[A-Z0-9+*.]{2,13}$/;
const ALLOWED_RATES: Record<string, (rate: number) => boolean> = {
  S: (rate) => rate > 0,
  Z: (rate) => rate === 0,
  E: (rate) => rate === 0,
  AE: (rate) => rate === 0,
};

function partyProblems(p: SalesInvoiceParty, path: 'seller' | 'buyer', out: SalesInvoiceProblem[]): void {
  const add = (field: string, rule: string, message: string, value?: string) =>
    out.push({
      path: `${path}.${field}`,
      rule,
      message,
      ...(value !== undefined ? { value: quoteText(value) } : {}),
    });
  if (!p.name?.trim()) add('name', 'required', `the ${path}'s name is required`);
  if (!/^[A-Z]{2}$/.test(p.countryCode ?? ''))
    add('countryCode', 'country-code', 'ISO 3166-1 alpha-2', p.countryCode);
  if (p.kvk !== undefined && !KVK.test(p.kvk)) add('kvk', 'kvk', 'a KvK number has 8 digits', p.kvk);
  if (p.vatId !== undefined && !VAT_ID.test(p.vatId))
    add('vatId', 'vat-id', 'VAT id: country prefix and 2-13 characters', p.vatId);
  if (p.countryCode === 'NL') {
    const rule = path === 'seller' ? 'BR-NL-3' : 'BR-NL-4';
    for (const field of ['street', 'city', 'postalCode'] as const)
      if (!p[field]?.trim()) add(field, rule, `a Dutch ${path}'s address needs street, city and postal code`);
    if (!p.kvk) add('kvk', path === 'seller' ? 'BR-NL-1' : 'BR-NL-10', `a Dutch ${path} needs a KvK number`);
  }
}

/**
 * What keeps an invoice from being valid SI-UBL 2.0, checked before writing so the answer names the field
 * instead of a Schematron id in a file: Dutch address and KvK rules (BR-NL-1/3/4/10), the seller's VAT id
 * (BR-S-02/BR-Z-02/BR-E-02/BR-AE-02), the buyer's VAT id for reverse charge (BR-AE-02), exemption reasons
 * (BR-E-10/BR-AE-10), rates per category, dates, IBAN and a total that is not negative (a credit note is
 * another document). Empty means the writer's output is valid.
 */
export function salesInvoiceProblems(invoice: SalesInvoice): SalesInvoiceProblem[] {
  const out: SalesInvoiceProblem[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$/.test(invoice.number ?? ''))
    out.push({
      path: 'number',
      rule: 'invoice-number',
      message: '1-30 letters, digits, . _ / -',
      value: quoteText(String(invoice.number)),
    });
  for (const field of ['issueDate', 'dueDate'] as const)
    if (!IsoDate.safeParse(invoice[field]).success)
      out.push({
        path: field,
        rule: 'iso-date',
        message: 'must be a real ISO date',
        value: quoteText(String(invoice[field])),
      });
  if (invoice.dueDate < invoice.issueDate)
    out.push({
      path: 'dueDate',
      rule: 'due-after-issue',
      message: 'the due date cannot be before the issue date',
      value: invoice.dueDate,
    });
  if (!invoice.buyerReference?.trim())
    out.push({
      path: 'buyerReference',
      rule: 'BR-NL-2',
      message: 'a buyer reference (or order reference) is required',
    });
  partyProblems(invoice.seller, 'seller', out);
  partyProblems(invoice.buyer, 'buyer', out);
  if (!invoice.seller.vatId)
    out.push({ path: 'seller.vatId', rule: 'BR-S-02', message: "the seller's VAT id is required" });
  if (!Iban.safeParse(invoice.seller.iban).success)
    out.push({
      path: 'seller.iban',
      rule: 'iban',
      message: 'not a valid IBAN',
      value: quoteText(String(invoice.seller.iban)),
    });
  if (invoice.lines.length === 0)
    out.push({ path: 'lines', rule: 'BR-16', message: 'an invoice needs at least one line' });
  invoice.lines.forEach((line, i) => {
    const at = `lines.${i}`;
    if (!line.description?.trim())
      out.push({ path: `${at}.description`, rule: 'BR-25', message: 'a line needs a description' });
    if (!Number.isSafeInteger(line.quantityMilli) || line.quantityMilli === 0)
      out.push({
        path: `${at}.quantityMilli`,
        rule: 'quantity',
        message: 'a whole number of thousandths, not 0',
      });
    if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0)
      out.push({
        path: `${at}.unitPriceCents`,
        rule: 'BR-27',
        message: 'the unit price is whole cents, not negative',
      });
    const allowed = ALLOWED_RATES[line.vatCategory];
    if (!allowed || !Number.isSafeInteger(line.vatRateHundredths) || !allowed(line.vatRateHundredths))
      out.push({
        path: `${at}.vatRateHundredths`,
        rule: 'vat-rate',
        message: `rate ${line.vatRateHundredths} does not fit VAT category ${line.vatCategory} (S > 0; Z, E, AE = 0)`,
      });
    if (!/^[A-Z0-9]{1,3}$/.test(line.unitCode ?? ''))
      out.push({
        path: `${at}.unitCode`,
        rule: 'unit-code',
        message: 'a UN/ECE rec 20 code such as HUR or C62',
      });
  });
  const categories = new Set(invoice.lines.map((l) => l.vatCategory));
  if ((categories.has('E') || categories.has('AE')) && !invoice.vatExemptionReason?.trim())
    out.push({
      path: 'vatExemptionReason',
      rule: 'BR-E-10',
      message: 'exempt or reverse-charged lines need the reason',
    });
  if (categories.has('AE') && !invoice.buyer.vatId)
    out.push({ path: 'buyer.vatId', rule: 'BR-AE-02', message: "reverse charge needs the buyer's VAT id" });
  const credit = invoice.kind === 'credit-note';
  if (credit && !invoice.billingReference?.number)
    out.push({
      path: 'billingReference',
      rule: 'preceding-invoice',
      message: 'a credit note names the invoice it credits',
    });
  if (out.length === 0 && salesInvoiceTotals(invoice).payableCents < 0)
    out.push({
      path: 'lines',
      rule: 'negative-total',
      message: credit
        ? 'the total is negative: credit less, or make an invoice'
        : 'the total is negative: that is a credit note (Crediteren), not an invoice',
    });
  return out;
}
