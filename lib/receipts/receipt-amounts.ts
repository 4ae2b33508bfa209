/**
 * Money and percentages as they appear in recognised receipt text: `12,50`, `1.234,56`, `€ 12.50`,
 * `EUR 3,-`, `-4,10`. Parsed into integer cents from the digits themselves, never through a float.
 */

/** Amounts with more digits than this are not money on a receipt (and would not fit a safe integer). */
const MAX_INTEGER_DIGITS = 10;

/**
 * One amount: optional sign and currency, integer part with optional thousand separators (`.` or `,`)
 * and a decimal part of two digits after `,` or `.`; or `,-` for whole euros. Not followed by `%`
 * or another digit (a percentage or a longer number is not an amount).
 */
const AMOUNT =
  /(^|[^\d.,])(-\s?)?(?:(?:€|eur|euro)\s?)?(-\s?)?(\d{1,3}(?:[.,]\d{3})+|\d{1,10})(?:([.,])(\d{2})|,-)(?![\d%]|[.,]\d)/gi;

export interface FoundAmount {
  cents: number;
  /** Index of the amount's first digit (or sign) in the line. */
  at: number;
}

/** Every amount in one line, left to right. */
export function amountsIn(line: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  for (const m of line.matchAll(AMOUNT)) {
    const integer = (m[4] ?? '').replace(/[^\d]/g, '');
    if (integer.length === 0 || integer.length > MAX_INTEGER_DIGITS) continue;
    const decimals = m[6] ?? '00';
    const negative = m[2] !== undefined || m[3] !== undefined;
    const cents = Number(integer) * 100 + Number(decimals);
    if (!Number.isSafeInteger(cents)) continue;
    found.push({ cents: negative && cents !== 0 ? -cents : cents, at: (m.index ?? 0) + (m[1]?.length ?? 0) });
  }
  return found;
}

const PERCENT = /(\d{1,2})(?:[.,](\d{1,2}))?\s?%/g;

/** Percentages in a line in hundredths of a percent (21% → 2100), so 5,5% stays exact too. */
export function percentagesIn(line: string): number[] {
  const found: number[] = [];
  for (const m of line.matchAll(PERCENT)) {
    const whole = Number(m[1]);
    const fraction = (m[2] ?? '').padEnd(2, '0');
    found.push(whole * 100 + Number(fraction));
  }
  return found;
}

/** VAT on `base` at `rateHundredths` (2100 = 21%), rounded half up, in integer arithmetic. */
export function vatOn(baseCents: number, rateHundredths: number): number {
  const product = BigInt(Math.abs(baseCents)) * BigInt(rateHundredths);
  const rounded = (product + 5000n) / 10000n;
  return Number(baseCents < 0 ? -rounded : rounded);
}

/** The VAT part of an amount that includes VAT at `rateHundredths`, rounded half up. */
export function vatIncluded(grossCents: number, rateHundredths: number): number {
  const gross = BigInt(Math.abs(grossCents));
  const rate = BigInt(rateHundredths);
  const denominator = 10000n + rate;
  const rounded = (gross * rate * 2n + denominator) / (2n * denominator);
  return Number(grossCents < 0 ? -rounded : rounded);
}
