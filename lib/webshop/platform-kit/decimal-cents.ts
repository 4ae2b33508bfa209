import { Decimal } from 'decimal.js';

/** A JSON amount as platforms send it: a number (`45.5`) or a string (`"61.800000"`, PrestaShop). */
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export type CentsReading = { ok: true; cents: number; exact: boolean } | { ok: false; reason: string };

/**
 * A decimal amount in integer cents, read as decimal text (never float arithmetic): a JSON number is taken by
 * its shortest round-trip text, which is the literal the shop wrote. Rounds half away from zero; `exact` is
 * false when digits past the cent were dropped (unit prices with 4–6 decimals).
 */
export function decimalToCents(value: unknown): CentsReading {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'not a finite number' };
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
    if (!DECIMAL_TEXT.test(text)) return { ok: false, reason: 'not a decimal amount' };
  } else {
    return { ok: false, reason: value === null || value === undefined ? 'missing' : `a ${typeof value}` };
  }
  const amount = new Decimal(text).times(100);
  const rounded = amount.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (rounded.abs().greaterThan(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'out of range' };
  return { ok: true, cents: rounded.toNumber() + 0, exact: rounded.equals(amount) };
}

/** A VAT rate as the contract writes it (`"21"`, `"9"`, `"5.5"`), or undefined when not a decimal. */
export function decimalRate(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL_TEXT.test(text.trim())) return undefined;
  const rate = new Decimal(text.trim());
  if (rate.isNegative() || rate.greaterThan(100)) return undefined;
  return rate.toDecimalPlaces(4).toString();
}

/** Cents as decimal text with two places (`-12.30`), for requests the platforms read as decimals. */
export function centsToDecimal(cents: number): string {
  return new Decimal(cents).dividedBy(100).toFixed(2);
}
