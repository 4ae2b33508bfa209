import type { BankCode } from '../statement.ts';

/** The four-letter bank codes used in Dutch BICs and NL IBANs (positions 5–8), mapped to our bank names. */
const BANK_BY_CODE: Record<string, BankCode> = {
  ABNA: 'abnamro',
  INGB: 'ing',
  RABO: 'rabobank',
  KNAB: 'knab',
  BUNQ: 'bunq',
  TRIO: 'triodos',
  SNSB: 'sns',
  ASNB: 'asn',
  RBRB: 'regiobank',
  FVLB: 'vanlanschot',
  MOYO: 'moneyou',
};

export function bankFromCode(code: string | undefined): BankCode | undefined {
  return code ? BANK_BY_CODE[code.toUpperCase()] : undefined;
}

/** Bank of a Dutch IBAN (`NL91ABNA0417164300` → abnamro). */
export function bankFromIban(iban: string | undefined): BankCode | undefined {
  if (!iban) return undefined;
  const compact = iban.replace(/\s/g, '').toUpperCase();
  if (!/^NL\d{2}[A-Z]{4}/.test(compact)) return undefined;
  return bankFromCode(compact.slice(4, 8));
}

/** Bank of a BIC (`INGBNL2A` → ing); only Dutch BICs count. */
export function bankFromBic(bic: string | undefined): BankCode | undefined {
  if (!bic) return undefined;
  const compact = bic.trim().toUpperCase();
  if (!/^[A-Z]{4}NL[A-Z0-9]{2}/.test(compact)) return undefined;
  return bankFromCode(compact.slice(0, 4));
}

/** First Dutch BIC mentioned anywhere in a header text. */
export function bankFromText(text: string): BankCode | undefined {
  for (const match of text.toUpperCase().matchAll(/([A-Z]{4})NL[A-Z0-9]{2}/g)) {
    const bank = bankFromCode(match[1]);
    if (bank) return bank;
  }
  if (/TRIODOSBANK/i.test(text)) return 'triodos';
  if (/ABN AMRO/i.test(text)) return 'abnamro';
  return undefined;
}
