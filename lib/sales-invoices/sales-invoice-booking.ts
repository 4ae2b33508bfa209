import type { JournalEntryBook } from '../../events/journal-entry.ts';
import type { SalesOrderCreate } from '../../events/sales-order.ts';
import type { VatBookingRule } from '../invoices/settings.ts';
import type { SalesInvoice, SalesVatCategory } from './sales-invoice.ts';
import type { SalesInvoiceSettings } from './sales-invoice-settings.ts';
import { percentOf, salesInvoiceTotals } from './sales-invoice-totals.ts';

/** A VAT category and rate no sales VAT rule of the settings covers: the invoice cannot be booked. */
export class SalesBookingError extends Error {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SalesBookingError';
  }
}

/** The first sales rule of `category` whose rate band holds `rateHundredths`. */
function ruleFor(
  rules: VatBookingRule[],
  category: SalesVatCategory,
  rateHundredths: number,
): VatBookingRule | undefined {
  const inBand = (percent: string | undefined, fallback: number) =>
    percent === undefined ? fallback : Math.round(Number(percent) * 100);
  return rules.find(
    (r) =>
      r.direction === 'sales' &&
      r.category === category &&
      rateHundredths >= inBand(r.minRatePercent, 0) &&
      rateHundredths < inBand(r.maxRatePercent, Number.MAX_SAFE_INTEGER),
  );
}

const cut = (text: string, max: number) => Array.from(text).slice(0, max).join('');

/** `Factuur 2026-0001` or `Creditnota 2026-0002`: how the document is named in texts and mail. */
export const documentTitle = (invoice: Pick<SalesInvoice, 'kind' | 'number'>) =>
  `${invoice.kind === 'credit-note' ? 'Creditnota' : 'Factuur'} ${invoice.number}`;

/**
 * The invoice as a boekstuk in the sales journal: the debtor (with relation, invoice number and due date)
 * for the total, revenue per VAT rate and one VAT line per rate with its base, from the same totals as
 * the UBL and the PDF. Debit positive; the lines balance to zero by construction. A credit note is the
 * same boekstuk with every sign inverted (docs/cash-interface.md: debtor credited, revenue and VAT
 * debited, the VAT base negative), under its own number as the open item.
 */
export function salesJournalEntry(invoice: SalesInvoice, settings: SalesInvoiceSettings): JournalEntryBook {
  const totals = salesInvoiceTotals(invoice);
  const sign = invoice.kind === 'credit-note' ? -1 : 1;
  const text = cut(documentTitle(invoice), settings.maxTextLength);
  const lines: JournalEntryBook['lines'] = [
    {
      ledgerAccount: settings.debtorsAccount,
      amountCents: sign * totals.payableCents,
      ...(invoice.buyer.relationNumber ? { relationNumber: invoice.buyer.relationNumber } : {}),
      invoiceNumber: invoice.number,
      invoiceDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      paymentReference: cut(invoice.paymentReference ?? invoice.number, 40),
      text,
    },
  ];
  totals.vat.forEach((group, i) => {
    const rule = ruleFor(settings.vatRules, group.category, group.rateHundredths);
    const where = `vat.${i}`;
    if (!rule?.ledgerAccount)
      throw new SalesBookingError(
        where,
        `no sales VAT rule with a revenue account for category ${group.category} ${percentOf(group.rateHundredths)}%`,
      );
    if (group.taxableCents !== 0)
      lines.push({
        ledgerAccount: rule.ledgerAccount,
        amountCents: -sign * group.taxableCents,
        vatCode: rule.vatCode,
        text,
      });
    if (group.vatCents === 0) return;
    if (!rule.vatAccount)
      throw new SalesBookingError(
        where,
        `the sales VAT rule for ${group.category} ${percentOf(group.rateHundredths)}% has no VAT account`,
      );
    lines.push({
      ledgerAccount: rule.vatAccount,
      amountCents: -sign * group.vatCents,
      vatCode: rule.vatCode,
      vatBaseCents: sign * group.taxableCents,
      text: cut(`BTW ${percentOf(group.rateHundredths)}%`, settings.maxTextLength),
    });
  });
  return {
    journal: settings.salesJournal,
    date: invoice.issueDate,
    description: invoice.billingReference
      ? `${documentTitle(invoice)} (factuur ${invoice.billingReference.number})`
      : documentTitle(invoice),
    reference: cut(invoice.number, 40),
    lines,
  };
}

/**
 * The invoice as a sales order, for administrations with CASH's order module: CASH prices and books it.
 * Every line needs an article: article lines carry their own, hours lines the settings' hours article.
 */
export function salesOrder(invoice: SalesInvoice, settings: SalesInvoiceSettings): SalesOrderCreate {
  if (!invoice.buyer.relationNumber)
    throw new SalesBookingError('relationNumber', 'a sales order needs the customer number');
  const relationNumber = invoice.buyer.relationNumber;
  return {
    externalOrderNumber: invoice.number,
    orderDate: invoice.issueDate,
    customer: { relationNumber },
    reference: cut(invoice.number, 30),
    currency: 'EUR',
    lines: invoice.lines.map((line, i) => {
      const articleCode = line.articleCode ?? settings.hoursArticleCode;
      if (!articleCode)
        throw new SalesBookingError(
          `lines.${i}.articleCode`,
          'with the order module every line needs an article (set hoursArticleCode for hours)',
        );
      const rule = ruleFor(settings.vatRules, line.vatCategory, line.vatRateHundredths);
      return {
        articleCode,
        description: cut(line.description, 60),
        // Thousandths as a number of units: 1500 → 1.5 (exact in binary for the 3 decimals CASH keeps).
        quantity: line.quantityMilli / 1000,
        unitPriceCents: line.unitPriceCents,
        ...(rule ? { vatCode: rule.vatCode } : {}),
      };
    }),
  };
}
