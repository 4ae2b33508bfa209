import { dutchBankCode } from './iban.ts';
import { normalizeName } from './normalize.ts';
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
