import { parseAmountToCents } from '../../bank/parsers/index.ts';
import { quoteText } from '../../runtime/quoted-text.ts';
import type { ShopFinding } from '../shop-order.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON numbers as their shortest decimal text (what the shop wrote), strings as they are. */
function decimalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// PHP shops serialise floats with up to 17 digits (`8.680000000000001`, `8.679999999999999`): six or more zeros
// or nines after the cents are that noise, not a sub-cent amount, and round to the cent they stand for.
const FLOAT_NOISE = /^([+-]?)(\d+)\.(\d{2})(0{6,}\d*|9{6,}\d*)$/;

/**
 * Reads one order payload's fields and collects what is wrong with them as findings that name the JSON path,
 * the rule and the value (quoted, truncated). Never throws.
 */
export class PayloadReader {
  readonly findings: ShopFinding[] = [];

  error(rule: string, path: string, message: string): void {
    this.findings.push({ rule, path, message, severity: 'error' });
  }

  warn(rule: string, path: string, message: string): void {
    this.findings.push({ rule, path, message, severity: 'warning' });
  }

  get hasErrors(): boolean {
    return this.findings.some((finding) => finding.severity === 'error');
  }

  text(object: JsonObject, key: string): string | undefined {
    const value = object[key];
    if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  /** A required id or number: a string or an integer, else an error finding. */
  id(object: JsonObject, key: string, path: string): string | undefined {
    const value = this.text(object, key);
    if (value === undefined) this.error('required', `${path}.${key}`, `${key} is missing or empty`);
    return value;
  }

  bool(object: JsonObject, key: string): boolean | undefined {
    const value = object[key];
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === '1' || value === 'true') return true;
    if (value === 0 || value === '0' || value === 'false') return false;
    return undefined;
  }

  /** Money (a decimal string or JSON number) → integer cents, exactly; missing = `fallback` (default 0). */
  cents(object: JsonObject, key: string, path: string, options: { required?: boolean } = {}): number {
    const value = object[key];
    const at = `${path}.${key}`;
    if (value === undefined || value === null || value === '') {
      if (options.required) this.error('required', at, `${key} is missing`);
      return 0;
    }
    const text = decimalText(value);
    if (text === undefined) {
      this.error(
        'money',
        at,
        `${key} is not an amount: ${quoteText(JSON.stringify(value) ?? String(value))}`,
      );
      return 0;
    }
    const parsed = parseAmountToCents(text);
    if (parsed.ok) return parsed.cents;
    const noise = FLOAT_NOISE.exec(text);
    if (noise) {
      const [, sign, whole, cents, rest] = noise;
      const up = (rest ?? '').startsWith('9') ? 1n : 0n;
      const total = BigInt(whole ?? '0') * 100n + BigInt(cents ?? '0') + up;
      if (total <= BigInt(Number.MAX_SAFE_INTEGER)) {
        this.warn(
          'money-float-noise',
          at,
          `${key} ${quoteText(text)} read as ${total} cents (float notation)`,
        );
        const valueCents = Number(total) * (sign === '-' ? -1 : 1);
        return valueCents === 0 ? 0 : valueCents;
      }
    }
    this.error('money', at, `${key} ${quoteText(text)} is not an amount in cents (${parsed.reason})`);
    return 0;
  }

  /** A quantity: a finite number ≥ 0 (a decimal is kept; weighed goods). */
  quantity(object: JsonObject, key: string, path: string): number {
    const value = object[key];
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
      this.error('quantity', `${path}.${key}`, `${key} is not a quantity: ${quoteText(String(value))}`);
      return 0;
    }
    return number;
  }

  /** A VAT percentage as a decimal string (`"21"`, `"5.5"`); `fraction` when the shop writes 0.21 for 21 %. */
  rate(
    object: JsonObject,
    key: string,
    path: string,
    options: { fraction?: boolean } = {},
  ): string | undefined {
    const value = object[key];
    if (value === undefined || value === null || value === '') return undefined;
    const text = decimalText(value);
    const percent = text === undefined ? undefined : toPercentText(text, options.fraction ? 2 : 0);
    if (percent === undefined) {
      this.error('rate', `${path}.${key}`, `${key} is not a VAT rate: ${quoteText(String(value))}`);
    }
    return percent;
  }
}

/** A non-negative decimal shifted `shift` places left (0.21 → "21"), trailing zeros dropped; undefined if unreadable. */
export function toPercentText(text: string, shift: number): string | undefined {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
  const fraction = (match[2] ?? '').padEnd(shift, '0');
  const whole = `${match[1] ?? ''}${fraction.slice(0, shift)}`.replace(/^0+(?=\d)/, '') || '0';
  const rest = fraction.slice(shift).replace(/0+$/, '');
  const percent = rest === '' ? whole : `${whole}.${rest}`;
  return Number(percent) > 100 ? undefined : percent;
}
