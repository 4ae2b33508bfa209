import { parseAmountToCents } from '../bank/parsers/amount.ts';
import { quoteText } from '../runtime/quoted-text.ts';
import type { ShopFinding } from './shop-order.ts';

/**
 * Reads a platform's money value (a decimal string like `"12.30"`, or a JSON number the platform wrote) into
 * integer cents without binary floating point. A value with more than two significant decimals is refused with
 * a finding rather than rounded: the shop's total of it is what counts, not our rounding.
 */
export function moneyToCents(
  value: unknown,
  path: string,
  findings: ShopFinding[],
  options: { required?: boolean } = {},
): number | undefined {
  if (value === undefined || value === null || value === '') {
    if (options.required) {
      findings.push({ rule: 'money-missing', message: `${path} is missing`, path, severity: 'error' });
    }
    return undefined;
  }
  // JSON numbers are decoded by JSON.parse already; their shortest decimal form is the text the platform wrote.
  const text = typeof value === 'number' && Number.isFinite(value) ? decimalText(value) : value;
  if (typeof text !== 'string' || !/^[+-]?\d*(\.\d*)?$/.test(text.trim())) {
    findings.push({
      rule: 'money-format',
      message: `${path}: not a decimal amount: ${quoteText(String(typeof value === 'object' ? JSON.stringify(value) : value))}`,
      path,
      severity: 'error',
    });
    return undefined;
  }
  const parsed = parseAmountToCents(text);
  if (!parsed.ok) {
    findings.push({
      rule: parsed.reason === 'more than two significant decimals' ? 'money-decimals' : 'money-format',
      message: `${path}: ${parsed.reason}: ${quoteText(text)}`,
      path,
      severity: 'error',
    });
    return undefined;
  }
  return parsed.cents;
}

/** A JSON number as plain decimal text (`1e-7` → `0.0000001`), so the decimal parser sees every digit. */
function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}
