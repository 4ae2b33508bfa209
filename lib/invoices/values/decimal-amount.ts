import type { DecimalString } from '../model.ts';

/**
 * The largest amounts an invoice value may carry: 13 digits before the point keeps every amount in safe
 * integer cents (below 2^53), and 20 after it keeps sums and products exact within the validator's
 * 60-digit decimals. A value beyond is not an amount anyone invoices; it would only round somewhere.
 */
export const MAX_WHOLE_DIGITS = 13;
export const MAX_FRACTION_DIGITS = 20;

/** How a number text of an invoice reads: a normalised decimal, or why it is none. */
export type DecimalReading =
  | { ok: true; value: DecimalString }
  | { ok: false; problem: 'not-decimal' | 'out-of-range'; reason: string };

// Plain decimals only: no exponent, no thousands separators, no Infinity/NaN.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Normalises a decimal ("+1.50" → "1.50", "1." → "1"); undefined when not a decimal. */
export function normaliseDecimal(raw: string | undefined): DecimalString | undefined {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (!DECIMAL.test(s)) return undefined;
  let out = s.startsWith('+') ? s.slice(1) : s;
  if (out.endsWith('.')) out = out.slice(0, -1);
  if (out.startsWith('.')) out = `0${out}`;
  if (out.startsWith('-.')) out = `-0${out.slice(1)}`;
  return out;
}

/** A decimal that fits MAX_WHOLE_DIGITS / MAX_FRACTION_DIGITS (leading and trailing zeros do not count). */
export function readDecimal(raw: string): DecimalReading {
  const value = normaliseDecimal(raw);
  if (value === undefined) return { ok: false, problem: 'not-decimal', reason: 'is not a decimal number' };
  const [whole = '', fraction = ''] = value.replace(/^-/, '').split('.');
  const wholeDigits = whole.replace(/^0+/, '').length;
  const fractionDigits = fraction.replace(/0+$/, '').length;
  if (wholeDigits > MAX_WHOLE_DIGITS)
    return {
      ok: false,
      problem: 'out-of-range',
      reason: `has ${wholeDigits} digits before the decimal point, at most ${MAX_WHOLE_DIGITS} fit`,
    };
  if (fractionDigits > MAX_FRACTION_DIGITS)
    return {
      ok: false,
      problem: 'out-of-range',
      reason: `has ${fractionDigits} decimals, at most ${MAX_FRACTION_DIGITS} fit`,
    };
  return { ok: true, value };
}
