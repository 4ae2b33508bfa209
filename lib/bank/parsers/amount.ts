/**
 * Exact money parsing: amounts are read as strings and turned into integer cents without ever going
 * through binary floating point. More than two decimals are accepted only when the extra digits are zero
 * (CAMT allows five decimals; `18.150` is 1815 cents, `18.155` is refused rather than rounded).
 */
export type AmountParse = { ok: true; cents: number } | { ok: false; reason: string };

const AMOUNT = /^([+-]?)(\d*)(?:[.,](\d*))?$/;

/**
 * Parses an unsigned or signed decimal with `.` or `,` as the decimal separator (one separator at most,
 * no thousands separators). `75,` and `,5` are valid MT940 amounts.
 */
export function parseAmountToCents(raw: string): AmountParse {
  const text = raw.trim();
  const match = AMOUNT.exec(text);
  if (!match || text === '' || ((match[2] ?? '') === '' && (match[3] ?? '') === '')) {
    return { ok: false, reason: 'not a number' };
  }
  const sign = match[1] === '-' ? -1 : 1;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = match[3] ?? '';
  if (fraction.length > 2 && !/^0+$/.test(fraction.slice(2))) {
    return { ok: false, reason: 'more than two significant decimals' };
  }
  const cents = BigInt(whole) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'amount too large' };
  const value = Number(cents) * sign;
  return { ok: true, cents: value === 0 ? 0 : value };
}

/** Parses an amount written with a comma or dot decimal and thousands separators (`1.234,56`, `1,234.56`). */
export function parseLooseAmountToCents(raw: string): AmountParse {
  const text = raw.trim().replace(/\s/g, '');
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    return parseAmountToCents(text.split(thousands).join(''));
  }
  return parseAmountToCents(text);
}

/** Formats cents (a number or, for sums beyond 2^53, a BigInt) as a plain decimal string, e.g. -1234 → "-12.34". */
export function formatCents(cents: number | bigint): string {
  if (typeof cents === 'number' && !Number.isInteger(cents)) return String(cents);
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
