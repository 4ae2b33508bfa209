/**
 * Payment references found on bank lines: the Dutch betalingskenmerk (acceptgiro / Belastingdienst,
 * 16 digits with a leading check digit) and the ISO 11649 RF creditor reference; plus IBAN checks.
 */

/** Weights of the betalingskenmerk check (modulus 11), applied from the rightmost digit leftwards. */
const KENMERK_WEIGHTS = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1, 2, 4, 8, 5, 10];

/**
 * True when a 16-digit betalingskenmerk carries a valid check digit (first digit). Check digit =
 * 11 − (Σ digit×weight mod 11), where 10 becomes 1 and 11 becomes 0.
 */
export function isValidBetalingskenmerk(reference: string): boolean {
  if (!/^\d{16}$/.test(reference)) return false;
  const body = reference.slice(1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    sum += Number(body[body.length - 1 - i]) * (KENMERK_WEIGHTS[i] ?? 0);
  }
  let check = 11 - (sum % 11);
  if (check === 10) check = 1;
  if (check === 11) check = 0;
  return check === Number(reference[0]);
}

/** ISO 7064 MOD 97-10 over an alphanumeric string (letters A=10 … Z=35). */
function mod97(value: string): number {
  let remainder = 0;
  for (const char of value) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** ISO 11649 creditor reference: `RF` + 2 check digits + up to 21 alphanumerics, MOD 97-10 = 1. */
export function isValidRfReference(reference: string): boolean {
  const compact = reference.replace(/\s/g, '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/**
 * The IBAN of a pre-SEPA Dutch account number: `NL` + check digits + bank code + the number padded to
 * ten digits (`517852257` at ABNA → `NL..ABNA0517852257`). Only for 7–10 digit, non-zero numbers.
 */
export function dutchIbanFromAccount(accountNumber: string, bankCode: string): string | undefined {
  const digits = accountNumber.replace(/[.\s]/g, '');
  if (!/^\d{7,10}$/.test(digits) || !/[1-9]/.test(digits) || !/^[A-Z]{4}$/.test(bankCode)) return undefined;
  const bban = `${bankCode}${digits.padStart(10, '0')}`;
  const check = 98 - mod97(`${bban}NL00`);
  return `NL${String(check).padStart(2, '0')}${bban}`;
}

/** IBAN shape and MOD 97-10 check digits. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** Looks like an IBAN (country + check digits + BBAN), whether or not the check digits are right. */
export function looksLikeIban(value: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(value.replace(/\s/g, '').toUpperCase());
}

export function compactIban(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/**
 * Normalises a reference the bank explicitly marked as structured (CDTRREF, SCOR, STRD/CUR, "ISSUER: CUR
 * REF:"): digits-only kenmerken lose their separators, RF references their spaces. Kept even when the check
 * digit fails, because the bank says it is the reference (the matcher can still check it).
 */
export function normaliseStructuredReference(raw: string): string | undefined {
  const compact = raw.replace(/[\s.]/g, '').toUpperCase();
  if (compact === '') return undefined;
  if (/^RF\d{2}[A-Z0-9]+$/.test(compact)) return compact;
  return compact;
}

/**
 * Finds a structured reference in free text: an RF reference with a valid checksum, a 16-digit
 * betalingskenmerk with a valid check digit (spaces, dots or dashes between digit groups allowed), or a
 * 7–16 digit number right after a "betalingskenmerk"/"betalingskenm." label (labelled by the bank, so
 * shorter legacy kenmerken are taken without a check digit).
 */
export function findStructuredReference(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const upper = text.toUpperCase();
  for (const match of upper.matchAll(/\bRF\d{2}/g)) {
    // Written as one token or in groups of four; only whole groups count, longest valid first.
    const tokens = upper.slice(match.index).split(/\s+/);
    const candidates: string[] = [];
    let compact = '';
    for (const token of tokens) {
      if (!/^[A-Z0-9]+$/.test(token.replace(/[.,;:)]+$/, ''))) break;
      compact += token.replace(/[.,;:)]+$/, '');
      if (compact.length > 25) break;
      candidates.push(compact);
      if (/[.,;:)]$/.test(token)) break;
    }
    const valid = candidates.reverse().find((candidate) => isValidRfReference(candidate));
    if (valid) return valid;
  }
  const labelled = /BETALINGSKENM(?:ERK)?\.?:?\s*(\d[\d.]{6,19})(?![\d])/i.exec(text);
  if (labelled?.[1]) {
    const digits = labelled[1].replace(/\D/g, '');
    if (digits.length >= 7 && digits.length <= 16) return digits;
  }
  for (const match of text.matchAll(/(?<![\d])(\d{4}[\s.-]?\d{4}[\s.-]?\d{4}[\s.-]?\d{4})(?![\d])/g)) {
    const digits = (match[1] ?? '').replace(/\D/g, '');
    if (isValidBetalingskenmerk(digits)) return digits;
  }
  return undefined;
}
