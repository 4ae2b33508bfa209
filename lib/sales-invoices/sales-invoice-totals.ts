import type { SalesInvoice, SalesInvoiceTotals, SalesVatBreakdown } from './sales-invoice.ts';

/** `numerator / denominator` rounded half away from zero, in BigInt so no amount is ever a float. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** Net amount of a line: quantity (thousandths) times unit price (cents), rounded to the cent. */
export function lineCents(quantityMilli: number, unitPriceCents: number): number {
  return Number(divideRounded(BigInt(quantityMilli) * BigInt(unitPriceCents), 1000n));
}

/** VAT on a taxable amount at a rate in hundredths of a percent, rounded to the cent (BR-CO-17). */
export function vatCentsOn(taxableCents: number, rateHundredths: number): number {
  return Number(divideRounded(BigInt(taxableCents) * BigInt(rateHundredths), 10000n));
}

/**
 * The totals EN 16931 requires: line amounts, one VAT breakdown per category and rate (VAT computed on the
 * breakdown's sum, not per line), and the document totals. The same numbers go into the UBL, the PDF and
 * the booking, so the three always agree.
 */
export function salesInvoiceTotals(invoice: Pick<SalesInvoice, 'lines'>): SalesInvoiceTotals {
  const amounts = invoice.lines.map((line) => lineCents(line.quantityMilli, line.unitPriceCents));
  const groups = new Map<string, SalesVatBreakdown>();
  invoice.lines.forEach((line, i) => {
    const key = `${line.vatCategory}:${line.vatRateHundredths}`;
    const group = groups.get(key) ?? {
      category: line.vatCategory,
      rateHundredths: line.vatRateHundredths,
      taxableCents: 0,
      vatCents: 0,
    };
    group.taxableCents += amounts[i] ?? 0;
    groups.set(key, group);
  });
  const vat = [...groups.values()].map((g) => ({
    ...g,
    vatCents: vatCentsOn(g.taxableCents, g.rateHundredths),
  }));
  const lineExtensionCents = amounts.reduce((sum, a) => sum + a, 0);
  const vatCents = vat.reduce((sum, g) => sum + g.vatCents, 0);
  return {
    lineCents: amounts,
    lineExtensionCents,
    vat,
    vatCents,
    taxInclusiveCents: lineExtensionCents + vatCents,
    payableCents: lineExtensionCents + vatCents,
  };
}

/** Cents as a UBL amount: `1234` → `12.34`, `-5` → `-0.05`. */
export function decimalOf(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Thousandths as a decimal without trailing zeros: `1500` → `1.5`, `-2000` → `-2`. */
export function quantityOf(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 1000)}${fraction ? `.${fraction}` : ''}`;
}

/** A rate in hundredths of a percent as UBL's Percent: `2100` → `21`, `550` → `5.5`. */
export function percentOf(rateHundredths: number): string {
  const fraction = String(rateHundredths % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.floor(rateHundredths / 100)}${fraction ? `.${fraction}` : ''}`;
}
