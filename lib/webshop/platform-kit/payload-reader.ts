import { quoteText } from '../../runtime/quoted-text.ts';
import type { ShopFinding } from '../shop-order.ts';
import { decimalToCents } from './decimal-cents.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a finding quotes a payload value: JSON text, cut, controls visible. */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return quoteText(text);
}

/**
 * Reads fields of one order payload and keeps the findings: every read names the JSON path, and a value that
 * is not what the field needs becomes a finding (rule, path, quoted value) instead of an exception.
 */
export class PayloadReader {
  readonly findings: ShopFinding[] = [];

  constructor(private readonly rulePrefix: string) {}

  error(rule: string, path: string, message: string): void {
    this.findings.push({
      rule: `${this.rulePrefix}.${rule}`,
      path,
      message: `${path}: ${message}`,
      severity: 'error',
    });
  }

  warning(rule: string, path: string, message: string): void {
    this.findings.push({
      rule: `${this.rulePrefix}.${rule}`,
      path,
      message: `${path}: ${message}`,
      severity: 'warning',
    });
  }

  hasErrors(): boolean {
    return this.findings.some((finding) => finding.severity === 'error');
  }

  /** Integer cents of `object[key]`; missing is 0 unless `required`; unreadable is an error finding and 0. */
  cents(object: JsonObject, key: string, path: string, options: { required?: boolean } = {}): number {
    const value = object[key];
    if ((value === undefined || value === null || value === '') && !options.required) return 0;
    const reading = decimalToCents(value);
    if (reading.ok) return reading.cents;
    this.error(
      'amount',
      `${path}.${key}`,
      `expected a decimal amount (${reading.reason}), found ${quoteValue(value)}`,
    );
    return 0;
  }

  /** Cents when the field is there and readable, else undefined (with a finding when present but bad). */
  optionalCents(object: JsonObject, key: string, path: string): number | undefined {
    const value = object[key];
    if (value === undefined || value === null || value === '') return undefined;
    return this.cents(object, key, path);
  }

  /** A string or number field as text (ids come as either); undefined when absent or empty. */
  text(object: JsonObject, key: string): string | undefined {
    const value = object[key];
    if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  requiredText(object: JsonObject, key: string, path: string): string | undefined {
    const text = this.text(object, key);
    if (text === undefined)
      this.error('required', `${path}.${key}`, `is required, found ${quoteValue(object[key])}`);
    return text;
  }

  /** A quantity: a finite number or numeric string, else a finding and undefined. */
  quantity(object: JsonObject, key: string, path: string): number | undefined {
    const value = object[key];
    const quantity = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof quantity === 'number' && Number.isFinite(quantity)) return quantity;
    this.error('quantity', `${path}.${key}`, `expected a quantity, found ${quoteValue(value)}`);
    return undefined;
  }

  /**
   * A platform timestamp `YYYY-MM-DD HH:MM:SS` as ISO 8601: with `Z` where the platform writes UTC (Magento),
   * without a zone where it writes the shop's local time (PrestaShop), so no offset is invented.
   */
  timestamp(
    object: JsonObject,
    key: string,
    path: string,
    options: { required?: boolean; zone?: 'utc' | 'local' } = {},
  ): string | undefined {
    const value = object[key];
    if (value === undefined || value === null || value === '' || value === '0000-00-00 00:00:00') {
      if (options.required)
        this.error('required', `${path}.${key}`, `is required, found ${quoteValue(value)}`);
      return undefined;
    }
    const match =
      typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value) : null;
    if (match && !Number.isNaN(Date.parse(`${match[1]}T${match[2]}Z`)))
      return `${match[1]}T${match[2]}${options.zone === 'local' ? '' : 'Z'}`;
    this.error('timestamp', `${path}.${key}`, `expected a date and time, found ${quoteValue(value)}`);
    return undefined;
  }
}
