import { mod97 } from './references.ts';

/** IBAN lengths per country for the countries Dutch businesses meet most; others only need 15–34. */
const IBAN_LENGTHS: Record<string, number> = {
  NL: 18,
  BE: 16,
  DE: 22,
  FR: 27,
  LU: 20,
  GB: 22,
  IE: 22,
  ES: 24,
  IT: 27,
  AT: 20,
  DK: 18,
  SE: 24,
  PL: 28,
  PT: 25,
  CH: 21,
  LT: 20,
  MT: 31,
};

/** Upper case without spaces; returns undefined unless it is a valid IBAN (mod-97 and country length). */
export function normalizeIban(value: string | undefined): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const iban = value.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return undefined;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return undefined;
  return mod97(`${iban.slice(4)}${iban.slice(0, 4)}`) === 1 ? iban : undefined;
}

export function isValidIban(value: string): boolean {
  return normalizeIban(value) !== undefined;
}

/** The bank code of a Dutch IBAN (e.g. `INGB`), undefined for other countries. */
export function dutchBankCode(iban: string): string | undefined {
  return iban.startsWith('NL') && iban.length === 18 ? iban.slice(4, 8) : undefined;
}

/** Builds a Dutch IBAN from a 4-letter bank code and a 10-digit account number. */
export function makeDutchIban(bankCode: string, account10: string): string {
  const bban = `${bankCode.toUpperCase()}${account10.padStart(10, '0')}`;
  const check = 98 - mod97(`${bban}NL00`);
  return `NL${String(check).padStart(2, '0')}${bban}`;
}
