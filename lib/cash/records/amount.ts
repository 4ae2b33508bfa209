import type { AmountNotation } from '../settings/cash-adapter-settings.ts';

/**
 * Exact conversions between scaled integers (cents, or hundredths of a quantity) and CASH's amount notations.
 * All arithmetic is on strings/BigInt, so no binary-float artefact can creep in.
 */

/** `-126450` → `-1264,50` (decimal-comma) or `-126450` (cents). */
export function formatScaledAmount(scaled: bigint, decimals: number, notation: AmountNotation): string {
  if (notation === 'cents' || decimals === 0) return scaled.toString();
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole},${fraction}`;
}

/** Number of digits before the decimal separator (for the I-length check). */
export function wholeDigits(scaled: bigint, decimals: number): number {
  const abs = scaled < 0n ? -scaled : scaled;
  return (abs / 10n ** BigInt(decimals)).toString().length;
}

const DECIMAL_TEXT = /^([+-])?(\d+)(?:[.,](\d+))?$/;

/**
 * Parses a decimal text (`-1264,50`, `1.264,50` with thousands dots is refused as ambiguous, `12.5`) into an
 * integer scaled by 10^decimals. Returns undefined when the text is not a number or has more decimals.
 */
export function parseDecimalText(text: string, decimals: number): bigint | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > decimals) return undefined;
  const scaled = BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  return sign === '-' ? -scaled : scaled;
}

/** Reads an amount written in the given notation back into a scaled integer (the inverse of formatScaledAmount). */
export function parseCashAmount(
  text: string,
  decimals: number,
  notation: AmountNotation,
): bigint | undefined {
  if (notation === 'cents') return /^[+-]?\d+$/.test(text.trim()) ? BigInt(text.trim()) : undefined;
  return parseDecimalText(text, decimals);
}

/** A JavaScript number (e.g. a quantity of 1.25 hours) scaled exactly to 10^decimals, or undefined if it has more decimals. */
export function scaleNumber(value: number, decimals: number): bigint | undefined {
  if (!Number.isFinite(value)) return undefined;
  // String(1.25) is the shortest round-trip text of the double, so parsing it is exact for what the user meant.
  const text = String(value);
  if (/e/i.test(text)) {
    // Exponent notation only occurs for |value| < 1e-6 or >= 1e21: treat as decimals overflow / too long.
    return Number.isInteger(value) ? BigInt(value) * 10n ** BigInt(decimals) : undefined;
  }
  return parseDecimalText(text, decimals);
}
