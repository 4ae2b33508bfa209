import type { ShopFinding, ShopOrder } from '../shop-order.ts';
import { type BookedPart, normalRate, rateOf } from './vat-treatment.ts';

export interface RateTotal {
  ratePercent: string;
  taxableCents: number;
  /** The VAT booked at this rate: the shop's breakdown when it has one (rounded per order), else the lines' sum. */
  vatCents: number;
}

export interface TotalsCheck {
  parts: Array<{ part: BookedPart; rate: string | undefined; at: string }>;
  rates: RateTotal[];
  /** What the booking adds up to: net of all parts, VAT per rate, gross. */
  booked: { netCents: number; vatCents: number; grossCents: number };
  /** Differences against the shop's totals: each makes the order a review item. */
  findings: ShopFinding[];
}

export function partsOf(order: ShopOrder): Array<{ part: BookedPart; at: string }> {
  return [
    ...order.lines.map((line, i) => ({ part: { ...line, kind: 'product' as const }, at: `lines[${i}]` })),
    ...order.charges.map((charge, i) => ({ part: charge, at: `charges[${i}]` })),
  ];
}

/**
 * Compares what would be booked with the shop's own totals, to the cent. VAT per rate is the shop's breakdown
 * where it has one: with rounding per order the lines' VAT may differ from it by up to a cent per line, which is
 * accepted (the breakdown is what the customer was charged); a larger difference, or any difference in the
 * net or gross, is a finding naming both amounts. Nothing is ever plugged.
 */
export function checkTotals(order: ShopOrder): TotalsCheck {
  const findings: ShopFinding[] = [];
  const parts = partsOf(order).map(({ part, at }) => ({ part, at, rate: rateOf(part) }));
  for (const { part, at } of parts) {
    if (part.netCents + part.vatCents !== part.grossCents) {
      findings.push(
        difference(
          `${at}.grossCents`,
          'line-sum',
          `net ${part.netCents} + VAT ${part.vatCents}`,
          part.netCents + part.vatCents,
          'gross',
          part.grossCents,
        ),
      );
    }
  }
  const byRate = new Map<string, { taxable: number; lineVat: number; count: number }>();
  for (const { part, rate } of parts) {
    if (rate === undefined) continue;
    const bucket = byRate.get(rate) ?? { taxable: 0, lineVat: 0, count: 0 };
    bucket.taxable += part.netCents;
    bucket.lineVat += part.vatCents;
    bucket.count++;
    byRate.set(rate, bucket);
  }
  const breakdown = new Map<string, number>();
  for (const entry of order.vatBreakdown ?? []) {
    const rate = normalRate(entry.ratePercent);
    breakdown.set(rate, (breakdown.get(rate) ?? 0) + entry.vatCents);
  }
  const rates: RateTotal[] = [];
  for (const [rate, bucket] of byRate) {
    const shopVat = breakdown.get(rate);
    if (shopVat !== undefined && Math.abs(shopVat - bucket.lineVat) > bucket.count) {
      findings.push(
        difference(
          `vatBreakdown[${rate}]`,
          'vat-per-rate',
          `the lines' VAT at ${rate}%`,
          bucket.lineVat,
          "the shop's VAT",
          shopVat,
        ),
      );
    }
    rates.push({ ratePercent: rate, taxableCents: bucket.taxable, vatCents: shopVat ?? bucket.lineVat });
  }
  for (const [rate, vat] of breakdown) {
    if (!byRate.has(rate) && vat !== 0) {
      findings.push(
        difference(
          `vatBreakdown[${rate}]`,
          'vat-per-rate',
          `the lines' VAT at ${rate}%`,
          0,
          "the shop's VAT",
          vat,
        ),
      );
    }
  }
  rates.sort((a, b) => Number.parseFloat(b.ratePercent) - Number.parseFloat(a.ratePercent));
  const netCents = parts.reduce((sum, { part }) => sum + part.netCents, 0);
  const vatCents = rates.reduce((sum, rate) => sum + rate.vatCents, 0);
  const booked = { netCents, vatCents, grossCents: netCents + vatCents };
  const totals = order.totals;
  if (totals.netCents + totals.vatCents !== totals.grossCents) {
    findings.push(
      difference(
        'totals.grossCents',
        'totals-sum',
        'net + VAT',
        totals.netCents + totals.vatCents,
        'the stated gross',
        totals.grossCents,
      ),
    );
  }
  if (booked.netCents !== totals.netCents)
    findings.push(
      difference(
        'totals.netCents',
        'totals-net',
        'the lines and charges',
        booked.netCents,
        "the shop's net total",
        totals.netCents,
      ),
    );
  if (booked.vatCents !== totals.vatCents)
    findings.push(
      difference(
        'totals.vatCents',
        'totals-vat',
        'the VAT per rate',
        booked.vatCents,
        "the shop's VAT total",
        totals.vatCents,
      ),
    );
  if (booked.grossCents !== totals.grossCents)
    findings.push(
      difference(
        'totals.grossCents',
        'totals-gross',
        'the booking',
        booked.grossCents,
        "the shop's total",
        totals.grossCents,
      ),
    );
  return { parts, rates, booked, findings };
}

function difference(
  path: string,
  rule: string,
  what: string,
  cents: number,
  against: string,
  expected: number,
): ShopFinding {
  return {
    rule,
    message: `${what} come to ${cents} cents, ${against} is ${expected} cents (difference ${cents - expected})`,
    path,
    severity: 'error',
  };
}
