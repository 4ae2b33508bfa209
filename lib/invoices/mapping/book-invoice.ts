import type { JournalEntryBook, JournalLine } from '../../../events/index.ts';
import type { LedgerChoice } from '../directory/party-directory.ts';
import type { Finding } from '../findings.ts';
import { info, warning } from '../findings.ts';
import type { InvoiceDocument, VatCategoryRef } from '../model.ts';
import { documentTaxTotal, registeredNameOf } from '../model.ts';
import type { Direction, InvoiceSettings, VatBookingRule } from '../settings.ts';
import { Dec, dec, decOrZero } from '../validation/decimal.ts';
import { bookingText, fitInvoiceNumber, fitText } from './texts.ts';

type Decimal = InstanceType<typeof Dec>;

/** Who the creditor/debtor line points at: a known CASH relation or a relation.upsert in the same flow. */
export type RelationTarget = { relationNumber: string } | { relationRef: string } | Record<string, never>;

export interface BookingInput {
  document: InvoiceDocument;
  direction: Direction;
  settings: InvoiceSettings;
  relation: RelationTarget;
  learned?: LedgerChoice;
  attachments?: JournalEntryBook['attachments'];
}

export interface BookingResult {
  /** The balanced entry, or undefined when the document cannot be booked automatically. */
  entry?: JournalEntryBook;
  findings: Finding[];
  /** Why the document must wait for a person (empty when it can be booked). */
  reviewReasons: string[];
}

/** Exact decimal → integer cents, half away from zero. */
export function toCents(value: Decimal): number {
  return value.toDecimalPlaces(2, Dec.ROUND_HALF_UP).times(100).toNumber();
}

export function amountToCents(value: string | undefined): number {
  return toCents(decOrZero(value));
}

export function vatRuleFor(
  settings: InvoiceSettings,
  direction: Direction,
  vat: VatCategoryRef,
): VatBookingRule | undefined {
  const rate = decOrZero(vat.ratePercent);
  return settings.vatRules.find(
    (rule) =>
      rule.direction === direction &&
      rule.category === vat.category &&
      (rule.minRatePercent === undefined || rate.greaterThanOrEqualTo(rule.minRatePercent)) &&
      (rule.maxRatePercent === undefined || rate.lessThan(rule.maxRatePercent)),
  );
}

interface Amounted {
  amount: Decimal;
  vat: VatCategoryRef;
  text?: string;
  accountingCost?: string;
  quantity?: string;
}

/**
 * Books an invoice or credit note as one balanced journal entry in the purchase or sales journal.
 * Sign convention (debit positive): a purchase invoice debits cost and VAT and credits the creditor with
 * the amount due; sales mirror that; a credit note flips every sign; a negative invoice works out by itself.
 */
export function bookInvoice(input: BookingInput): BookingResult {
  const { document: doc, direction, settings } = input;
  const findings: Finding[] = [];
  const reviewReasons: string[] = [];
  const r = `/${doc.rootName}`;
  const taxTotal = documentTaxTotal(doc);
  const subtotals = taxTotal?.subtotals ?? [];
  if (!doc.issueDate || !/^\d{4}-\d{2}-\d{2}$/.test(doc.issueDate)) {
    reviewReasons.push('no usable issue date');
    return { findings, reviewReasons };
  }

  // Foreign currency: convert with the document's own EUR VAT total (BT-111) or wait for a person.
  let rate = new Dec(1);
  const bookingCurrency = settings.bookingCurrency;
  let eurVatTotal: Decimal | undefined;
  if (doc.currency && doc.currency !== bookingCurrency) {
    const inBooking = doc.taxTotals.find((t) => t.currency === bookingCurrency);
    const docVat = decOrZero(taxTotal?.taxAmount);
    if (doc.taxCurrency !== bookingCurrency || !inBooking || docVat.isZero()) {
      const reason = `document currency ${doc.currency} without a usable ${bookingCurrency} VAT total (BT-6/BT-111); the exchange rate is unknown`;
      findings.push(warning('CASHLINK-FX', reason, `${r}/cbc:DocumentCurrencyCode`));
      reviewReasons.push(reason);
      // Amounts in an unknown currency would be booked as if they were euros: no proposal at all.
      return { findings, reviewReasons };
    } else {
      eurVatTotal = decOrZero(inBooking.taxAmount);
      rate = eurVatTotal.dividedBy(docVat);
      findings.push(
        info(
          'CASHLINK-FX',
          `booked in ${bookingCurrency} at ${rate.toSignificantDigits(10).toString()} derived from the ${bookingCurrency} VAT total ${inBooking.taxAmount}`,
          `${r}/cac:TaxTotal`,
        ),
      );
    }
  }

  const creditNote = doc.documentType === 'credit-note';
  const sign = (direction === 'purchase' ? 1 : -1) * (creditNote ? -1 : 1);
  const money = (d: Decimal) => toCents(d.times(rate)) * sign;
  const partyName = registeredNameOf(direction === 'purchase' ? doc.seller : doc.buyer);
  // A negative invoice is a credit in substance, so it reads as one in CASH.
  const prefix = creditNote || decOrZero(doc.totals.payable).isNegative() ? 'Cred' : 'Fact';
  const text = bookingText(prefix, doc.invoiceNumber, partyName, settings.maxTextLength);
  const invoiceNumber = doc.invoiceNumber ? fitInvoiceNumber(doc.invoiceNumber) : undefined;
  const paymentMeans = doc.paymentMeans.find((pm) => pm.paymentId) ?? doc.paymentMeans[0];
  const paymentReference = (paymentMeans?.paymentId ?? doc.paymentReference)
    ?.replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40);
  const lines: JournalLine[] = [];
  const defaultLedger = settings.defaultLedgerAccounts[direction];

  const ledgerFor = (vatRule: VatBookingRule | undefined) =>
    input.learned?.ledgerAccount ??
    (direction === 'sales' ? vatRule?.ledgerAccount : undefined) ??
    defaultLedger;
  const costCentre = input.learned?.costCentre;

  // Cost / revenue lines: per VAT rate (the breakdown's taxable amounts) or per document line.
  const bases: Amounted[] =
    settings.lineDetail === 'per-line' && doc.lines.length > 0
      ? [
          ...doc.lines.map((l) => ({
            amount: decOrZero(l.netAmount),
            vat: l.vat,
            text: l.itemName,
            quantity: l.quantity,
          })),
          ...doc.allowanceCharges.map((ac) => ({
            amount: ac.isCharge ? decOrZero(ac.amount) : decOrZero(ac.amount).negated(),
            vat: ac.vat ?? { category: '' },
            text: ac.reason ?? (ac.isCharge ? 'Toeslag' : 'Korting'),
          })),
        ]
      : subtotals.map((s) => ({ amount: decOrZero(s.taxableAmount), vat: s.vat }));
  for (const base of bases) {
    const vatRule = vatRuleFor(settings, direction, base.vat);
    if (!vatRule) {
      const reason = `no VAT booking rule for category ${base.vat.category || '(none)'} ${base.vat.ratePercent ?? ''}% (${direction})`;
      findings.push(warning('CASHLINK-VAT-RULE', reason, `${r}/cac:TaxTotal`));
      reviewReasons.push(reason);
    }
    const cents = money(base.amount);
    // Zero bases are left out, unless everything is zero: a zero invoice still gets its (zero) cost line.
    const anyNonZero = bases.some((b) => money(b.amount) !== 0);
    if (cents === 0 && anyNonZero && (settings.lineDetail === 'per-rate' || doc.lines.length === 0)) continue;
    if (cents === 0 && !anyNonZero && lines.length > 0) continue;
    const quantity =
      base.quantity !== undefined ? Number(dec(base.quantity)?.toDecimalPlaces(4).toString()) : undefined;
    lines.push({
      ledgerAccount: ledgerFor(vatRule),
      amountCents: cents,
      ...(vatRule ? { vatCode: vatRule.vatCode } : {}),
      ...(costCentre ? { costCentre } : {}),
      ...(quantity !== undefined && Number.isFinite(quantity) && Math.abs(quantity) < 1e9
        ? { quantity }
        : {}),
      text: base.text ? fitText(base.text, settings.maxTextLength) || text : text,
    });
  }

  // VAT lines per breakdown; in a foreign currency the booking-currency VAT total is split exactly.
  const vatCentsPerSubtotal = eurVatTotal
    ? splitExactly(
        eurVatTotal,
        subtotals.map((s) => decOrZero(s.taxAmount)),
      )
    : subtotals.map((s) => toCents(decOrZero(s.taxAmount)));
  subtotals.forEach((s, i) => {
    const cents = (vatCentsPerSubtotal[i] ?? 0) * sign;
    if (cents === 0) return;
    const vatRule = vatRuleFor(settings, direction, s.vat);
    if (!vatRule?.vatAccount) {
      const reason = `VAT of ${s.taxAmount} in category ${s.vat.category} ${s.vat.ratePercent ?? ''}% has no VAT account configured`;
      findings.push(warning('CASHLINK-VAT-ACCOUNT', reason, `${r}/cac:TaxTotal/cac:TaxSubtotal[${i + 1}]`));
      reviewReasons.push(reason);
      return;
    }
    lines.push({
      ledgerAccount: vatRule.vatAccount,
      amountCents: cents,
      vatCode: vatRule.vatCode,
      vatBaseCents: money(decOrZero(s.taxableAmount)),
      text: `BTW ${s.vat.category} ${s.vat.ratePercent ?? ''}%`
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, settings.maxTextLength),
    });
  });

  const control = settings.controlAccounts[direction];
  const relationFields = { ...input.relation };
  const prepaid = decOrZero(doc.totals.prepaid);
  if (!prepaid.isZero()) {
    lines.push({
      ledgerAccount: settings.prepaidAccount ?? control,
      amountCents: -money(prepaid),
      ...(settings.prepaidAccount ? {} : relationFields),
      ...(invoiceNumber ? { invoiceNumber } : {}),
      text: bookingText('Vooruitbet.', doc.invoiceNumber, undefined, settings.maxTextLength),
    });
  }
  for (const third of doc.thirdPartyPayments) {
    lines.push({
      ledgerAccount: settings.thirdPartyAccount ?? defaultLedger,
      amountCents: money(decOrZero(third.amount)),
      text: bookingText('Derden', third.description ?? third.id, undefined, settings.maxTextLength),
    });
  }
  const rounding = decOrZero(doc.totals.rounding);
  if (!rounding.isZero()) {
    lines.push({ ledgerAccount: settings.roundingAccount, amountCents: money(rounding), text: 'Afronding' });
  }

  // The creditor/debtor line carries the amount due; in a foreign currency it is what balances the rest.
  const others = lines.reduce((total, l) => total + l.amountCents, 0);
  const payableCents = eurVatTotal ? -others : -money(decOrZero(doc.totals.payable));
  lines.unshift({
    ledgerAccount: control,
    amountCents: payableCents,
    ...relationFields,
    ...(invoiceNumber ? { invoiceNumber } : {}),
    invoiceDate: doc.issueDate,
    ...(doc.dueDate && /^\d{4}-\d{2}-\d{2}$/.test(doc.dueDate) ? { dueDate: doc.dueDate } : {}),
    ...(paymentReference ? { paymentReference } : {}),
    text,
  });

  // Amounts with more than two decimals (allowed on some line amounts) can leave a cent or two.
  const difference = lines.reduce((total, l) => total + l.amountCents, 0);
  if (difference !== 0) {
    if (Math.abs(difference) <= lines.length) {
      lines.push({
        ledgerAccount: settings.roundingAccount,
        amountCents: -difference,
        text: 'Afronding centen',
      });
      findings.push(
        info(
          'CASHLINK-ROUNDING',
          `a rounding difference of ${difference} cent(s) was booked on ${settings.roundingAccount}`,
          `${r}/cac:LegalMonetaryTotal`,
        ),
      );
    } else {
      const reason = `the booking lines do not balance (difference ${difference} cents); the totals do not reconcile`;
      findings.push(warning('CASHLINK-BALANCE', reason, `${r}/cac:LegalMonetaryTotal`));
      reviewReasons.push(reason);
    }
  }
  if (lines.length > 500) reviewReasons.push('more than 500 booking lines');

  const entry: JournalEntryBook = {
    journal: settings.journals[direction],
    date: doc.issueDate,
    description: text || prefix,
    ...(invoiceNumber ? { reference: invoiceNumber } : {}),
    lines,
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
  };
  return { entry, findings, reviewReasons };
}

/**
 * Splits a booking-currency total over parts in proportion to their document-currency amounts, so that
 * the cents add up exactly (largest remainder).
 */
function splitExactly(total: Decimal, parts: Decimal[]): number[] {
  if (total.isNegative())
    return splitExactly(
      total.negated(),
      parts.map((p) => p.negated()),
    ).map((c) => -c);
  const totalCents = toCents(total);
  const weight = parts.reduce((s, p) => s.plus(p), new Dec(0));
  if (weight.isZero()) return parts.map(() => 0);
  const raw = parts.map((p) => p.times(totalCents).dividedBy(weight));
  const floors = raw.map((x) => x.floor().toNumber());
  let remainder = totalCents - floors.reduce((s, x) => s + x, 0);
  const order = raw
    .map((x, i) => ({ i, frac: x.minus(x.floor()) }))
    .sort((a, b) => b.frac.comparedTo(a.frac));
  for (const { i } of order) {
    if (remainder <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    remainder -= 1;
  }
  return floors;
}
