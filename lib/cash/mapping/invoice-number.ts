import { createHash } from 'node:crypto';

/** CASH's F0309 holds at most 6 digits. */
export const MAX_CASH_INVOICE_NUMBER = 999_999;

/** An original invoice number that CASH can take as it is: 1-6 digits, not all zero. */
export function isCashInvoiceNumber(original: string): boolean {
  return /^\d{1,6}$/.test(original) && Number(original) > 0;
}

function hashCandidate(relationKey: string, original: string, attempt: number): string {
  const digest = createHash('sha256').update(`${relationKey}\u0000${original}\u0000${attempt}`).digest('hex');
  return String((BigInt(`0x${digest.slice(0, 15)}`) % BigInt(MAX_CASH_INVOICE_NUMBER)) + 1n);
}

/**
 * The deterministic `attempt`-th CASH invoice number (F0309, 1..999999) for an original invoice number of a
 * relation. Attempt 0 keeps what a person recognises: the number itself when it fits, else its last group of
 * digits (`INV-2026-000123` → `123`) when that fits; further attempts (collisions) are spread by a hash of
 * relation, original and attempt, so every writer probes the same sequence.
 */
export function invoiceNumberCandidate(relationKey: string, original: string, attempt = 0): string {
  if (attempt === 0) {
    const trimmed = original.trim();
    if (isCashInvoiceNumber(trimmed)) return String(Number(trimmed));
    const lastDigits = /(\d+)\D*$/.exec(trimmed)?.[1];
    const value = lastDigits ? BigInt(lastDigits) : 0n;
    if (value > 0n && value <= BigInt(MAX_CASH_INVOICE_NUMBER)) return value.toString();
  }
  return hashCandidate(relationKey, original.trim(), attempt);
}

/** Key of one (relation, original) pair in an invoice-number map. */
export function invoiceNumberKey(relationKey: string, original: string): string {
  return `${relationKey}\u0000${original.trim()}`;
}
