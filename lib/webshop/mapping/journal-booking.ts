import type { JournalEntryBook, JournalLine } from '../../../events/index.ts';
import type { ShopRefund } from '../shop-order.ts';
import { allocateCents } from './allocate-cents.ts';
import { bookingDate } from './booking-date.ts';
import { type BookingPlan, CASH_REFERENCE_MAX, CASH_TEXT_MAX, codesAtRate, fitText } from './booking-plan.ts';
import type { BookedPart } from './vat-treatment.ts';

const KIND_TEXT: Readonly<Record<BookedPart['kind'], string>> = {
  product: 'Omzet',
  shipping: 'Verzendkosten',
  'payment-cost': 'Betaalkosten',
  discount: 'Korting',
  fee: 'Toeslag',
  'gift-card': 'Cadeaukaart',
};

function debtorLine(plan: BookingPlan, amountCents: number, text: string): JournalLine {
  return {
    ledgerAccount: plan.settings.debtorLedger,
    amountCents,
    ...plan.target,
    invoiceNumber: plan.invoiceNumber,
    invoiceDate: plan.orderDate,
    text: fitText(text, CASH_TEXT_MAX),
  };
}

function orderText(plan: BookingPlan, prefix: string): string {
  const { order } = plan;
  return fitText(`${prefix} ${order.orderNumber} ${order.customer.name}`, CASH_TEXT_MAX);
}

/** Revenue (and charges, discounts, gift cards) per kind, ledger and rate, credited; VAT per rate, credited. */
function revenueAndVatLines(
  plan: BookingPlan,
  sign: 1 | -1,
  grossByRate?: Map<string, { net: number; vat: number }>,
): JournalLine[] {
  const lines: JournalLine[] = [];
  if (grossByRate) {
    for (const [rate, amounts] of grossByRate) {
      const codes = codesAtRate(plan, rate);
      if (!codes || amounts.net === 0) continue;
      lines.push({
        ledgerAccount: codes.ledgerAccount,
        amountCents: -sign * amounts.net,
        ...(codes.vatCode ? { vatCode: codes.vatCode } : {}),
        text: fitText(`Retour ${plan.order.orderNumber} ${rate}%`, CASH_TEXT_MAX),
      });
    }
  } else {
    const groups = new Map<string, JournalLine>();
    for (const { part, rate, codes } of plan.parts) {
      const key = `${part.kind}|${codes.ledgerAccount}|${codes.vatCode ?? ''}|${rate ?? ''}`;
      const group = groups.get(key);
      if (group) group.amountCents -= sign * part.netCents;
      else {
        groups.set(key, {
          ledgerAccount: codes.ledgerAccount,
          amountCents: -sign * part.netCents,
          ...(codes.vatCode ? { vatCode: codes.vatCode } : {}),
          text: fitText(
            `${KIND_TEXT[part.kind]} ${plan.order.orderNumber}${rate !== undefined ? ` ${rate}%` : ''}`,
            CASH_TEXT_MAX,
          ),
        });
      }
    }
    lines.push(...[...groups.values()].filter((line) => line.amountCents !== 0));
  }
  for (const rate of plan.rates) {
    const vat = grossByRate ? (grossByRate.get(rate.ratePercent)?.vat ?? 0) : rate.vatCents;
    const base = grossByRate ? (grossByRate.get(rate.ratePercent)?.net ?? 0) : rate.taxableCents;
    const codes = codesAtRate(plan, rate.ratePercent);
    if (vat === 0 || !codes?.vatLedger) continue;
    lines.push({
      ledgerAccount: codes.vatLedger,
      amountCents: -sign * vat,
      ...(codes.vatCode ? { vatCode: codes.vatCode } : {}),
      vatBaseCents: -sign * base,
      text: fitText(`BTW ${rate.ratePercent}% ${plan.order.orderNumber}`, CASH_TEXT_MAX),
    });
  }
  return lines;
}

/** The sales invoice: the debtor debited with what the parts add up to (the totals check has compared it). */
export function salesEntry(plan: BookingPlan): JournalEntryBook {
  const lines = revenueAndVatLines(plan, 1);
  const gross = -lines.reduce((sum, line) => sum + line.amountCents, 0);
  return {
    journal: plan.settings.salesJournal,
    date: plan.orderDate,
    description: orderText(plan, 'Order'),
    reference: fitText(plan.invoiceNumber, CASH_REFERENCE_MAX),
    lines: [debtorLine(plan, gross, orderText(plan, 'Order')), ...lines],
  };
}

function transitLedger(plan: BookingPlan): string | undefined {
  const provider = plan.order.payment.provider ?? 'other';
  if (provider === 'bank-transfer') return undefined;
  return plan.settings.transitLedgers[provider];
}

/**
 * The payment through the provider, in the memorial journal: the provider's transit account debited, the
 * debtor credited on the order's invoice number, so the open item is settled; the bank matcher later clears
 * the transit account against the provider's payout. Bank transfers have none: the bank entry settles them.
 */
export function paymentEntry(plan: BookingPlan, grossCents: number): JournalEntryBook | undefined {
  const transit = transitLedger(plan);
  if (!transit || grossCents === 0) return undefined;
  const { order } = plan;
  const date = bookingDate(order.payment.paidAt ?? order.createdAt, plan.now);
  const text = fitText(
    `Betaling ${order.payment.title ?? order.payment.provider ?? ''} ${order.orderNumber}`,
    CASH_TEXT_MAX,
  );
  return {
    journal: plan.settings.memorialJournal,
    date,
    description: text,
    reference: fitText(order.payment.transactionId ?? plan.invoiceNumber, CASH_REFERENCE_MAX),
    lines: [{ ledgerAccount: transit, amountCents: grossCents, text }, debtorLine(plan, -grossCents, text)],
  };
}

/** A refund's net and VAT per rate: pro rata over the order's VAT rates (by their gross), to the cent. */
export function refundSplit(
  plan: BookingPlan,
  refund: ShopRefund,
): Map<string, { net: number; vat: number }> {
  const rates = plan.rates.filter((r) => r.taxableCents + r.vatCents !== 0);
  const grossShares = allocateCents(
    refund.grossCents,
    rates.map((r) => r.taxableCents + r.vatCents),
  );
  const vatShares =
    refund.vatCents !== undefined
      ? allocateCents(
          refund.vatCents,
          rates.map((r) => r.vatCents),
        )
      : rates.map((r, i) => {
          const gross = grossShares[i] as number;
          const rateGross = r.taxableCents + r.vatCents;
          // The VAT in the refunded part, in the proportion the order's VAT had at this rate.
          return rateGross === 0
            ? 0
            : Number(
                (BigInt(gross) * BigInt(r.vatCents) * 2n + BigInt(rateGross)) / (2n * BigInt(rateGross)),
              );
        });
  const split = new Map<string, { net: number; vat: number }>();
  rates.forEach((r, i) => {
    const gross = grossShares[i] as number;
    const vat = vatShares[i] as number;
    split.set(r.ratePercent, { net: gross - vat, vat });
  });
  return split;
}

/** The credit entry of a refund: revenue and VAT debited, the debtor credited on the original invoice number. */
export function refundEntry(plan: BookingPlan, refund: ShopRefund): JournalEntryBook {
  const date = bookingDate(refund.createdAt, plan.now);
  const lines = revenueAndVatLines(plan, -1, refundSplit(plan, refund));
  const gross = lines.reduce((sum, line) => sum + line.amountCents, 0);
  const text = fitText(`Creditering ${plan.order.orderNumber} ${refund.reason ?? ''}`, CASH_TEXT_MAX);
  return {
    journal: plan.settings.salesJournal,
    date,
    description: text,
    reference: fitText(`${plan.invoiceNumber}-R${refund.refundId}`, CASH_REFERENCE_MAX),
    lines: [debtorLine(plan, -gross, text), ...lines],
  };
}

/** The refund paid back through the provider: the debtor debited, the transit account credited. */
export function refundPaymentEntry(plan: BookingPlan, refund: ShopRefund): JournalEntryBook | undefined {
  const transit = transitLedger(plan);
  if (!transit || refund.grossCents === 0) return undefined;
  const date = bookingDate(refund.createdAt, plan.now);
  const text = fitText(`Terugbetaling ${plan.order.orderNumber}`, CASH_TEXT_MAX);
  return {
    journal: plan.settings.memorialJournal,
    date,
    description: text,
    reference: fitText(`${plan.invoiceNumber}-R${refund.refundId}`, CASH_REFERENCE_MAX),
    lines: [
      debtorLine(plan, refund.grossCents, text),
      { ledgerAccount: transit, amountCents: -refund.grossCents, text },
    ],
  };
}
