import type { BankCode } from '../statement.ts';
import { dutchIbanFromAccount, looksLikeIban } from './references.ts';

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

/** The four-letter code of a bank (reverse of the table above). */
export function codeOfBank(bank: BankCode): string | undefined {
  return Object.entries(BANK_BY_CODE).find(([, name]) => name === bank)?.[0];
}

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
  // Rabobank starts every MT940 message with a bare `:940:` line.
  if (/^:940:\s*$/m.test(text)) return 'rabobank';
  if (/ABN AMRO/i.test(text)) return 'abnamro';
  return undefined;
}

/** The account's IBAN: the account itself when it is one, else derived from a legacy Dutch number. */
export function accountIbanOf(account: string, bank: BankCode): string | undefined {
  if (looksLikeIban(account)) return account;
  const code = codeOfBank(bank);
  return code ? dutchIbanFromAccount(account, code) : undefined;
}
