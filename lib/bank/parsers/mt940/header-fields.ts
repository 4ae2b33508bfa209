import type { BankCode } from '../../statement.ts';
import { parseAmountToCents } from '../amount.ts';
import { parseYymmdd } from '../dates.ts';
import { compactIban, looksLikeIban } from '../references.ts';
import { type Mt940Field, quoteLine } from './tokenize-mt940.ts';

/** The single-value fields of an MT940 statement header: balances `:60F:`/`:62F:`… and the account `:25:`. */

export interface Balance {
  cents: number;
  date?: string;
  /** Empty when the balance gives no currency. */
  currency: string;
}

export function parseBalance(field: Mt940Field): Balance | string {
  const content = (field.lines[0] ?? '').trim();
  // German banks may leave the currency out (`:62M:C020315105000,00`): the statement's then applies.
  const match = /^([CD])(\d{6})([A-Z]{3})?(.*)$/.exec(content);
  if (!match)
    return `line ${field.lineNumber} :${field.tag}: "${quoteLine(content)}": expected C|D + YYMMDD + currency + amount`;
  // The sign is the C/D mark; a `+`/`-` in the amount is not MT940 and must not flip it silently.
  const amount = /^\s*[+-]/.test(match[4] ?? '')
    ? { ok: false as const, reason: 'a sign in the amount (C/D gives it)' }
    : parseAmountToCents(match[4] ?? '');
  if (!amount.ok)
    return `line ${field.lineNumber} :${field.tag}: amount "${quoteLine(match[4] ?? '')}": ${amount.reason}`;
  const balance: Balance = {
    cents: match[1] === 'D' ? -amount.cents : amount.cents,
    currency: match[3] ?? '',
  };
  const date = parseYymmdd(match[2] ?? '');
  if (date) balance.date = date;
  if (balance.cents === 0) balance.cents = 0;
  return balance;
}

/** `:25:` account: IBAN (spaces and a trailing currency removed), `TRIODOSBANK/0390…`, legacy numbers. */
export function parseAccount(raw: string): { account: string; currency?: string; bank?: BankCode } {
  // A leading `/` (Polish and some German banks write `:25:/PL61…`) is not part of the account.
  let value = raw.trim().replace(/^\/(?=[A-Z0-9])/i, '');
  let bank: BankCode | undefined;
  if (/^TRIODOSBANK\//i.test(value)) {
    bank = 'triodos';
    value = value.slice('TRIODOSBANK/'.length);
  }
  const compact = value.replace(/\s/g, '').toUpperCase();
  const withCurrency = /^(.*?)(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|JPY|TRY|MKD)$/.exec(compact);
  if (withCurrency && looksLikeIban(withCurrency[1] ?? '')) {
    return {
      account: compactIban(withCurrency[1] ?? ''),
      currency: withCurrency[2],
      ...(bank ? { bank } : {}),
    };
  }
  if (looksLikeIban(compact)) return { account: compact, ...(bank ? { bank } : {}) };
  // Legacy Dutch numbers are written with dots (Rabobank `1291.99.348`); the digits are the number.
  const legacy = /^(\d[\d./-]*\d)([A-Z]{3})?$/.exec(compact);
  if (legacy) {
    const number = (legacy[1] ?? '').includes('/') ? (legacy[1] ?? '') : (legacy[1] ?? '').replace(/\./g, '');
    return { account: number, ...(legacy[2] ? { currency: legacy[2] } : {}), ...(bank ? { bank } : {}) };
  }
  return { account: compact, ...(bank ? { bank } : {}) };
}
