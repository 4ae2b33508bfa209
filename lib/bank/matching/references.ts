/**
 * Payment references used on Dutch invoices and bank lines:
 * - betalingskenmerk (Currence/acceptgiro, also Belastingdienst): 16 digits, the first is a check digit
 *   over the other 15 with weights 2^n mod 11 taken from the right (2, 4, 8, 5, 10, 9, 7, 3, 6, 1, …);
 *   check = 11 − (sum mod 11), where 10 becomes 1 and 11 becomes 0.
 * - RF creditor reference (ISO 11649): `RF` + 2 check digits + up to 21 letters/digits, mod 97 = 1.
 */

const KENMERK_WEIGHTS = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1, 2, 4, 8, 5, 10];

/** Check digit for the 15-digit body of a betalingskenmerk. */
export function betalingskenmerkCheckDigit(body15: string): number {
  if (!/^\d{15}$/.test(body15))
    throw new RangeError(`betalingskenmerk body must be 15 digits, got "${body15}"`);
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    // Weights run from the rightmost digit leftwards.
    sum += Number(body15[14 - i]) * (KENMERK_WEIGHTS[i] as number);
  }
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check === 10 ? 1 : check;
}

export function isValidBetalingskenmerk(value: string): boolean {
  const digits = value.replace(/[\s.-]/g, '');
  if (!/^\d{16}$/.test(digits)) return false;
  return Number(digits[0]) === betalingskenmerkCheckDigit(digits.slice(1));
}

/** Builds a valid 16-digit betalingskenmerk from a 15-digit body. */
export function makeBetalingskenmerk(body15: string): string {
  return `${betalingskenmerkCheckDigit(body15)}${body15}`;
}

/** ISO 7064 mod 97-10 over an alphanumeric string (letters A=10 … Z=35), chunked to stay in safe integers. */
export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const ch of alphanumeric) {
    const code = ch.charCodeAt(0);
    const value = code >= 48 && code <= 57 ? code - 48 : code >= 65 && code <= 90 ? code - 55 : -1;
    if (value < 0) return -1;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

export function isValidRfReference(value: string): boolean {
  const ref = value.replace(/\s+/g, '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  return mod97(`${ref.slice(4)}${ref.slice(0, 4)}`) === 1;
}

/** Builds an RF creditor reference around the given reference body. */
export function makeRfReference(body: string): string {
  const clean = body.replace(/\s+/g, '').toUpperCase();
  const check = 98 - mod97(`${clean}RF00`);
  return `RF${String(check).padStart(2, '0')}${clean}`;
}

export type PaymentReferenceKind = 'betalingskenmerk' | 'rf';

export interface FoundReference {
  kind: PaymentReferenceKind;
  /** Normalized: digits only for a betalingskenmerk, upper case without spaces for RF. */
  value: string;
}

/** Normalizes a payment reference for lookups, or returns undefined when it is neither valid form. */
export function normalizePaymentReference(value: string): FoundReference | undefined {
  const compact = value.replace(/[\s.-]/g, '').toUpperCase();
  if (isValidBetalingskenmerk(compact)) return { kind: 'betalingskenmerk', value: compact };
  if (isValidRfReference(compact)) return { kind: 'rf', value: compact };
  return undefined;
}

const KENMERK_IN_TEXT = /(?<!\d)(\d{4}[ .]?\d{4}[ .]?\d{4}[ .]?\d{4})(?!\d)/g;
const RF_IN_TEXT = /\bRF\d{2}(?:\s?[A-Z0-9]{1,4}){1,6}\b/gi;

/** Finds valid betalingskenmerken and RF references in free text (only those whose check digits hold). */
export function findPaymentReferences(text: string): FoundReference[] {
  const found = new Map<string, FoundReference>();
  for (const match of text.matchAll(KENMERK_IN_TEXT)) {
    const ref = normalizePaymentReference(match[1] as string);
    if (ref) found.set(ref.value, ref);
  }
  for (const match of text.matchAll(RF_IN_TEXT)) {
    // Spaces inside RF references are optional groups of four; try the longest valid prefix.
    const compact = match[0].replace(/\s+/g, '').toUpperCase();
    for (let end = compact.length; end > 4; end--) {
      const ref = normalizePaymentReference(compact.slice(0, end));
      if (ref) {
        found.set(ref.value, ref);
        break;
      }
    }
  }
  return [...found.values()];
}
