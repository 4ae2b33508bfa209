import { Decimal } from 'decimal.js';

/** A private decimal.js flavour: enough precision that sums of invoice amounts are always exact. */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

export function dec(value: string | undefined): Dec | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return new Dec(value);
  } catch {
    return undefined;
  }
}

export function decOrZero(value: string | undefined): Dec {
  return dec(value) ?? new Dec(0);
}

export function sum(values: Iterable<Dec>): Dec {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Rounds to 2 decimals half away from zero (the common commercial rule). */
export function round2(value: Dec): Dec {
  return value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}

/** The key of a VAT breakdown: category plus normalised rate (absent rate = 0). */
export function vatKey(category: string, rate: string | undefined): string {
  return `${category}|${decOrZero(rate).toString()}`;
}

/** XPath's `round(x * 100) div 100`: two decimals, halves towards positive infinity (the artifacts' rounding). */
export function xpathRound2(value: Dec): Dec {
  return value.toDecimalPlaces(2, Dec.ROUND_HALF_CEIL);
}

/** XPath's `round(x)`: to an integer, halves towards positive infinity. */
export function xpathRound(value: Dec): Dec {
  return value.toDecimalPlaces(0, Dec.ROUND_HALF_CEIL);
}

/** The official ±1 tolerance: `a - 1 < b and a + 1 > b`, i.e. |a - b| < 1. */
export function withinOne(a: Dec, b: Dec): boolean {
  return a.minus(b).abs().lessThan(1);
}
