/**
 * CASH notations as the simulator reads them on import and writes them on export (docs/cash-interface.md §1.6).
 * Pure functions; amounts are integer cents and are never passed through binary floats.
 */

/** How I-fields (amounts, quantities) are written on import: `-1264,50` or `-126450`. */
export type AmountNotation = 'decimal-comma' | 'cents';

/** A calendar date without time, as stored in the simulator's state. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Reads an I-field. `integerDigits` and `decimals` come from the catalog (e.g. I12,2). Returns undefined when the
 * value is not in the notation, has too many digits, or has more decimals than the field allows.
 */
export function parseAmount(
  value: string,
  notation: AmountNotation,
  integerDigits: number,
  decimals = 2,
): number | undefined {
  if (notation === 'cents') {
    const match = /^(-?)(\d+)$/.exec(value);
    if (!match) return undefined;
    const digits = (match[2] ?? '').replace(/^0+(?=\d)/, '');
    if (digits.length > integerDigits + decimals) return undefined;
    const scaled = BigInt(digits) * 10n ** BigInt(2 - Math.min(decimals, 2));
    return toSafeCents(match[1] === '-' ? -scaled : scaled);
  }
  const match = /^(-?)(\d+)(?:,(\d+))?$/.exec(value);
  if (!match) return undefined;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = match[3] ?? '';
  if (whole.length > integerDigits || fraction.length > decimals || fraction.length > 2) return undefined;
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return toSafeCents(match[1] === '-' ? -cents : cents);
}

function toSafeCents(cents: bigint): number | undefined {
  const n = Number(cents);
  return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : undefined;
}

/** Cents → CASH export notation with a decimal comma: `-126450` → `-1264,50`. */
export function formatDecimalComma(cents: number | bigint): string {
  const big = BigInt(cents);
  const negative = big < 0n;
  const abs = negative ? -big : big;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole},${fraction}`;
}

/** Cents → the notation the administration imports in (used to echo values and by tests). */
export function formatAmount(cents: number | bigint, notation: AmountNotation): string {
  return notation === 'cents' ? BigInt(cents).toString() : formatDecimalComma(cents);
}

/** Import date `JJMMDD` (Datum conversie 1) → calendar date in 20JJ; undefined for impossible days. */
export function parseImportDate(value: string): CalendarDate | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = { year: 2000 + Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isRealDate(date) ? date : undefined;
}

export function isRealDate({ year, month, day }: CalendarDate): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Export notation `DD-MM-YYYY`. */
export function formatExportDate({ year, month, day }: CalendarDate): string {
  return `${pad2(day)}-${pad2(month)}-${year}`;
}

/** Import notation `JJMMDD`. */
export function formatImportDate({ year, month, day }: CalendarDate): string {
  return `${pad2(year % 100)}${pad2(month)}${pad2(day)}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Period notation `JJPP` → { year 20JJ, period PP }; periods 1..13 (CASH allows a 13th period). */
export function parsePeriod(value: string): { year: number; period: number } | undefined {
  const match = /^(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const period = Number(match[2]);
  if (period < 1 || period > 13) return undefined;
  return { year: 2000 + Number(match[1]), period };
}

export function formatPeriod(year: number, period: number): string {
  return `${pad2(year % 100)}${pad2(period)}`;
}

/** Relation numbers, boekstuknummers and order numbers are exported zero-padded to 6. */
export function padNumber(value: string | number, width = 6): string {
  return String(value).padStart(width, '0');
}

/** `000123` → `123`, so `123` and `000123` name the same relation/invoice. */
export function normalizeNumber(value: string): string {
  return value.replace(/^0+(?=\d)/, '');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
