import { dutchBankCode } from './iban.ts';
import { normalizeName, sharedNameTokens } from './normalize.ts';
import type { DenyList } from './types.ts';

/**
 * Built-in shared accounts. Payment service providers pay out many customers' money from one account,
 * factoring houses and collection agencies pay on behalf of others: such an IBAN must never be learned as
 * one relation. Configurable data — tenants extend it in their memory. Names are matched after name
 * normalisation, so "Stichting Mollie Payments" and "MOLLIE B.V." both hit "mollie".
 */
export const DEFAULT_DENY_LIST: DenyList = {
  ibans: [],
  // Adyen N.V. is a licensed bank with its own code; every ADYB account is a merchant settlement account.
  bankCodes: ['ADYB'],
  namePatterns: [
    'adyen',
    'mollie',
    'stripe',
    'paypal',
    'buckaroo',
    'multisafepay',
    'pay nl',
    'paynl',
    'tebi',
    'ideal',
    'currence',
    'klarna',
    'afterpay',
    'riverty',
    'sisow',
    'ccv',
    'worldline',
    'ingenico',
    'sumup',
    'zettle',
    'izettle',
    'mypos',
    'viva wallet',
    'bol com',
    'amazon payments',
    'derdengelden',
    'thuiswinkel',
    'factoring',
    'factris',
    'fundid',
    'commercial finance',
    'intrum',
    'lindorff',
    'cannock',
    'flanderijn',
    'gerechtsdeurwaarder',
    'deurwaarder',
    'incasso',
    'incassobureau',
    'incassodienst',
    'collection',
    'collections',
    'vesting finance',
  ],
};

export function mergeDenyLists(...lists: DenyList[]): DenyList {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    ibans: unique(lists.flatMap((list) => list.ibans.map((iban) => iban.replace(/\s+/g, '').toUpperCase()))),
    bankCodes: unique(lists.flatMap((list) => list.bankCodes.map((code) => code.toUpperCase()))),
    namePatterns: unique(
      lists.flatMap((list) => list.namePatterns.map((pattern) => normalizeName(pattern))),
    ).filter((pattern) => pattern.length > 0),
  };
}

/** Why a counterparty counts as shared, or undefined when it does not. */
export function sharedAccountReason(denyList: DenyList, iban?: string, name?: string): string | undefined {
  if (iban) {
    if (denyList.ibans.includes(iban)) return `IBAN ${iban} is on the deny-list of shared accounts`;
    const code = dutchBankCode(iban);
    if (code && denyList.bankCodes.includes(code))
      return `IBAN ${iban} belongs to ${code}, a payment provider`;
  }
  if (name) {
    const normalized = ` ${normalizeName(name)} `;
    const hit = denyList.namePatterns.find((pattern) => normalized.includes(` ${pattern} `));
    if (hit) return `counterparty "${name}" is a payment provider or shared account ("${hit}")`;
  }
  return undefined;
}

/**
 * The deny-list prepared for many lookups: one-word name patterns in a set, the few multi-word ones
 * checked as phrases, bank codes in a set.
 */
export class SharedAccountDetector {
  private readonly ibans: Set<string>;
  private readonly bankCodes: Set<string>;
  private readonly words: Set<string>;
  private readonly phrases: string[];

  constructor(denyList: DenyList) {
    this.ibans = new Set(denyList.ibans);
    this.bankCodes = new Set(denyList.bankCodes);
    this.words = new Set(denyList.namePatterns.filter((pattern) => !pattern.includes(' ')));
    this.phrases = denyList.namePatterns.filter((pattern) => pattern.includes(' '));
  }

  /** Why a counterparty counts as shared, or undefined when it does not (same answers as sharedAccountReason). */
  reason(iban?: string, name?: string): string | undefined {
    if (iban) {
      if (this.ibans.has(iban)) return `IBAN ${iban} is on the deny-list of shared accounts`;
      const code = dutchBankCode(iban);
      if (code && this.bankCodes.has(code)) return `IBAN ${iban} belongs to ${code}, a payment provider`;
    }
    if (!name) return undefined;
    const tokens = sharedNameTokens(name);
    const word = tokens.find((token) => this.words.has(token));
    if (word) return `counterparty "${name}" is a payment provider or shared account ("${word}")`;
    if (this.phrases.length === 0) return undefined;
    const normalized = ` ${tokens.join(' ')} `;
    const phrase = this.phrases.find((pattern) => normalized.includes(` ${pattern} `));
    return phrase
      ? `counterparty "${name}" is a payment provider or shared account ("${phrase}")`
      : undefined;
  }
}
