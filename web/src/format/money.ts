import type { Locale } from '../i18n/locale.ts';

/** Thrown when a value that should be integer cents is not (a float, NaN, beyond safe integers). */
export class MoneyFormatError extends Error {
  constructor(
    readonly value: unknown,
    options?: { cause?: unknown },
  ) {
    super(`amountCents must be a safe integer, got ${quoteShort(String(value))}`, options);
    this.name = 'MoneyFormatError';
  }
}

const CURRENCY_SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** Groups of three digits with `separator`, from a string of digits (no sign). */
function groupDigits(digits: string, separator: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/**
 * Integer cents as a person reads them, with integer arithmetic only (BigInt): nl `€ 1.234,56`,
 * `€ -1.234,56`; en (en-GB) `€1,234.56`, `-€1,234.56`. Another currency shows its code (`USD 12,00`).
 */
export function formatCents(cents: number | bigint, locale: Locale, currency = 'EUR'): string {
  if (typeof cents === 'number' && !Number.isSafeInteger(cents)) throw new MoneyFormatError(cents);
  const value = BigInt(cents);
  const negative = value < 0n;
  const size = negative ? -value : value;
  const units = (size / 100n).toString();
  const rest = (size % 100n).toString().padStart(2, '0');
  const symbol = CURRENCY_SYMBOLS[currency] ?? currency;
  if (locale === 'nl') {
    const number = `${groupDigits(units, '.')},${rest}`;
    return `${symbol} ${negative ? '-' : ''}${number}`;
  }
  const number = `${groupDigits(units, ',')}.${rest}`;
  const spaced = symbol.length > 1 ? `${symbol} ` : symbol;
  return `${negative ? '-' : ''}${spaced}${number}`;
}

/** What `parseCents` says about input it cannot read. */
export interface MoneyParseProblem {
  rule: 'money-format' | 'money-range';
  value: string;
}

const NL_PATTERN = /^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;
const EN_PATTERN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * An amount a person typed (`1.234,56`, `-12`, `€ 3,5` in nl; `1,234.56` in en) as integer cents, or the
 * problem. No floats: the digits are read as text.
 */
export function parseCents(
  input: string,
  locale: Locale,
): { cents: number } | { problem: MoneyParseProblem } {
  const text = input.replace(/[€\s\u00a0]/g, '');
  const match = (locale === 'nl' ? NL_PATTERN : EN_PATTERN).exec(text);
  if (!match) return { problem: { rule: 'money-format', value: quoteShort(input) } };
  const units = (match[2] ?? '0').replace(/[.,]/g, '');
  const fraction = (match[3] ?? '').padEnd(2, '0');
  const size = BigInt(units) * 100n + BigInt(fraction === '' ? '0' : fraction);
  const cents = match[1] ? -size : size;
  if (cents > BigInt(Number.MAX_SAFE_INTEGER) || cents < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return { problem: { rule: 'money-range', value: quoteShort(input) } };
  }
  return { cents: Number(cents) };
}

/** Cents as the plain editable text of an input (`1234,56` / `1234.56`), without grouping or symbol. */
export function centsToInput(cents: number, locale: Locale): string {
  if (!Number.isSafeInteger(cents)) throw new MoneyFormatError(cents);
  const value = BigInt(cents);
  const size = value < 0n ? -value : value;
  const rest = (size % 100n).toString().padStart(2, '0');
  return `${value < 0n ? '-' : ''}${size / 100n}${locale === 'nl' ? ',' : '.'}${rest}`;
}

/** A value from outside quoted for a message: at most 40 characters. */
export function quoteShort(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
}
