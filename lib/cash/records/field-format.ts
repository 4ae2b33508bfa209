import { CashFieldError, type CashFieldRule } from '../errors/cash-field-error.ts';
import type { AmountNotation } from '../settings/cash-adapter-settings.ts';
import { formatScaledAmount, parseDecimalText, scaleNumber, wholeDigits } from './amount.ts';
import type { FieldSpec } from './field-spec.ts';

/**
 * A value before formatting. Text kinds (S, L) and N take strings (N also whole numbers); I takes an integer
 * already scaled by 10^decimals (cents for amounts) or `{ decimal }` for quantities and percentages;
 * D takes an ISO date; Y4 takes `JJPP`/`JJMM` or `{ year, period }`; Y2 takes a year.
 */
export type FieldInput =
  | string
  | number
  | bigint
  | { decimal: number | string }
  | { year: number; period: number };

export interface FieldFormatOptions {
  amountNotation: AmountNotation;
  /** Only for L fields: cut to the maximum length instead of refusing. Must be chosen explicitly. */
  overflow?: 'error' | 'truncate';
}

// C0 control characters and DEL break both the XML file and CASH's own `|`-separated echo of a record.
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL_DOT = /^[+-]?\d+(\.\d+)?$/;

function fail(record: string, spec: FieldSpec, value: unknown, rule: CashFieldRule, message: string): never {
  throw new CashFieldError({
    record,
    rubriek: spec.rubriek,
    value,
    rule,
    message: `${spec.dutch} ${message}`,
  });
}

function codePoints(text: string): string[] {
  return Array.from(text);
}

function formatText(record: string, spec: FieldSpec, value: FieldInput, options: FieldFormatOptions): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return fail(record, spec, value, 'illegal-character', 'must be text');
  }
  const trimmed = String(value).trim();
  if (hasControlCharacter(trimmed))
    return fail(record, spec, value, 'illegal-character', 'contains a control character');
  const text = spec.kind === 'S' ? trimmed.toUpperCase() : trimmed;
  const chars = codePoints(text);
  if (chars.length <= spec.length) return text;
  if (spec.kind === 'L' && options.overflow === 'truncate')
    return chars.slice(0, spec.length).join('').trimEnd();
  return fail(
    record,
    spec,
    value,
    'too-long',
    `is ${chars.length} characters, at most ${spec.length} allowed`,
  );
}

function formatNumeric(record: string, spec: FieldSpec, value: FieldInput): string {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else return fail(record, spec, value, 'not-numeric', 'must be a whole number');
  if (!/^\d+$/.test(text)) return fail(record, spec, value, 'not-numeric', 'must contain digits only');
  if (text.length > spec.length) {
    return fail(record, spec, value, 'too-long', `has ${text.length} digits, at most ${spec.length} allowed`);
  }
  return text;
}

function formatAmount(
  record: string,
  spec: FieldSpec,
  value: FieldInput,
  options: FieldFormatOptions,
): string {
  const decimals = spec.decimals ?? 0;
  let scaled: bigint | undefined;
  if (typeof value === 'bigint') scaled = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      return fail(record, spec, value, 'bad-amount', 'must be whole (scaled) units');
    scaled = BigInt(value);
  } else if (typeof value === 'object' && 'decimal' in value) {
    const decimal = value.decimal;
    const isNumber =
      typeof decimal === 'number' ? Number.isFinite(decimal) : DECIMAL_DOT.test(decimal.trim());
    if (!isNumber) return fail(record, spec, decimal, 'bad-amount', 'is not a number');
    scaled =
      typeof decimal === 'number' ? scaleNumber(decimal, decimals) : parseDecimalText(decimal, decimals);
    if (scaled === undefined) {
      return fail(record, spec, decimal, 'too-many-decimals', `has more than ${decimals} decimals`);
    }
  } else return fail(record, spec, value, 'bad-amount', 'is not an amount');
  if (wholeDigits(scaled, decimals) > spec.length) {
    return fail(
      record,
      spec,
      value,
      'too-long',
      `has more than ${spec.length} digits before the decimal separator`,
    );
  }
  return formatScaledAmount(scaled, decimals, options.amountNotation);
}

/** ISO `YYYY-MM-DD` → CASH `JJMMDD`, refusing impossible days. */
export function toCashDate(iso: string): string | undefined {
  const match = ISO_DATE.exec(iso);
  if (!match) return undefined;
  const [, year = '', month = '', day = ''] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() + 1 !== Number(month) ||
    date.getUTCDate() !== Number(day)
  ) {
    return undefined;
  }
  return `${year.slice(2)}${month}${day}`;
}

/** JJMMDD carries no century; CASH (and its simulator) reads JJ as 20JJ, so other years would land a century off. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

function formatDate(record: string, spec: FieldSpec, value: FieldInput): string {
  const cash = typeof value === 'string' ? toCashDate(value.trim()) : undefined;
  if (cash === undefined) return fail(record, spec, value, 'bad-date', 'must be a real date YYYY-MM-DD');
  const year = Number(String(value).trim().slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return fail(
      record,
      spec,
      value,
      'bad-date',
      `must lie in ${FIRST_YEAR}–${LAST_YEAR} (JJMMDD has no century)`,
    );
  return cash;
}

function formatPeriod(record: string, spec: FieldSpec, value: FieldInput): string {
  let text: string | undefined;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'object' && 'period' in value) {
    const { year, period } = value;
    if (Number.isInteger(year) && year >= 0 && Number.isInteger(period) && period >= 0 && period <= 99) {
      text = `${String(year % 100).padStart(2, '0')}${String(period).padStart(2, '0')}`;
    }
  }
  const pp = text && /^\d{4}$/.test(text) ? Number(text.slice(2)) : 0;
  if (!text || pp < 1 || pp > 13)
    return fail(record, spec, value, 'bad-period', 'must be JJPP with period 01-13');
  return text;
}

function formatYear(record: string, spec: FieldSpec, value: FieldInput): string {
  const text =
    typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? String(value % 100).padStart(2, '0')
      : value;
  if (typeof text !== 'string' || !/^\d{2}$/.test(text.trim())) {
    return fail(record, spec, value, 'bad-date', 'must be a year JJ');
  }
  return text.trim();
}

/**
 * Formats one value into CASH notation for the given rubriek, or throws a CashFieldError naming the rule.
 * Never cuts silently: S-fields are uppercased, L-fields are only cut with `overflow: 'truncate'`.
 */
export function formatField(
  record: string,
  spec: FieldSpec,
  value: FieldInput,
  options: FieldFormatOptions,
): string {
  switch (spec.kind) {
    case 'S':
    case 'L':
      return formatText(record, spec, value, options);
    case 'N':
      return formatNumeric(record, spec, value);
    case 'I':
      return formatAmount(record, spec, value, options);
    case 'D':
      return formatDate(record, spec, value);
    case 'Y4':
      return formatPeriod(record, spec, value);
    case 'Y2':
      return formatYear(record, spec, value);
  }
}
