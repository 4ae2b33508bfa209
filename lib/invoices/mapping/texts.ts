import { createHash } from 'node:crypto';

/** CASH's line text field (rubriek 0306) holds this many characters. */
export const CASH_TEXT_LENGTH = 25;
/** The journal line invoiceNumber field holds at most this many characters. */
export const INVOICE_NUMBER_LENGTH = 40;

/**
 * Maps an invoice number that is too long onto `maxLength` characters deterministically: the head is
 * kept and the rest replaced by `~` and 8 hex digits of its SHA-256, so two different long numbers
 * never collapse onto the same value by truncation alone. Shorter numbers pass unchanged.
 */
export function fitInvoiceNumber(invoiceNumber: string, maxLength = INVOICE_NUMBER_LENGTH): string {
  const trimmed = invoiceNumber.trim();
  if (trimmed.length <= maxLength) return trimmed;
  const digest = createHash('sha256').update(trimmed).digest('hex').slice(0, 8);
  return `${trimmed.slice(0, maxLength - 9)}~${digest}`;
}

/**
 * The booking text for rubriek 0306, at most `maxLength` characters: `<prefix> <number> <party>`.
 * Rule: the prefix and invoice number come first because they identify the document; when the number
 * alone does not fit, its tail is kept (numbers differ at the end) behind a `~`; the party name fills
 * whatever room is left and is cut at the limit. Whitespace is collapsed, never a trailing space.
 */
export function bookingText(
  prefix: string,
  invoiceNumber: string | undefined,
  partyName: string | undefined,
  maxLength = CASH_TEXT_LENGTH,
): string {
  const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const head = clean(prefix).slice(0, Math.max(0, maxLength - 6));
  let number = clean(invoiceNumber);
  const roomForNumber = maxLength - head.length - 1;
  if (number.length > roomForNumber) number = `~${number.slice(number.length - (roomForNumber - 1))}`;
  let text = number ? `${head} ${number}` : head;
  const name = clean(partyName);
  if (name && text.length + 1 < maxLength) text = `${text} ${name}`.slice(0, maxLength);
  return text.trim();
}

/** A free text (item name, reason) for rubriek 0306: whitespace collapsed, cut at the limit. */
export function fitText(text: string, maxLength = CASH_TEXT_LENGTH): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, maxLength).trim();
}
