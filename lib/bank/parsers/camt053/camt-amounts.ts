import { quoteText } from '../../../runtime/quoted-text.ts';
import { parseAmountToCents } from '../amount.ts';
import { excessDecimals } from '../currency-decimals.ts';
import { child, list, type Node, text } from './camt-nodes.ts';

/**
 * camt.053 amounts (`ActiveOrHistoricCurrencyAndAmount`): an unsigned decimal with a dot and an `@Ccy`; the
 * direction is `CdtDbtInd`'s. A minus sign, a comma, more decimals than the currency has, are errors naming
 * the element, never read some way.
 */
export interface Amount {
  /** Unsigned. */
  cents: number;
  currency?: string;
}

const ISO_DECIMAL = /^\d+(?:\.\d+)?$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;

function amountError(errors: string[], where: string, element: string, message: string): void {
  errors.push(`${where} ${element}${message}`);
}

/**
 * The amount of `node`; an error names `${where} ${element}`, put together only when there is one (this runs
 * several times per Ntry).
 */
export function readAmount(
  node: unknown,
  where: string,
  element: string,
  errors: string[],
  fallbackCurrency = '',
): Amount | undefined {
  const raw = text(node);
  if (raw === undefined) return undefined;
  const currency =
    node && typeof node === 'object' ? ((node as Node)['@Ccy'] as string | undefined) : undefined;
  if (currency !== undefined && !CURRENCY_CODE.test(currency)) {
    amountError(errors, where, element, ` Ccy ${quoteText(currency)}: not an ISO 4217 currency code`);
    return undefined;
  }
  if (raw.startsWith('-')) {
    amountError(
      errors,
      where,
      element,
      ` ${quoteText(raw)}: negative amount; the direction is given by CdtDbtInd`,
    );
    return undefined;
  }
  if (!ISO_DECIMAL.test(raw)) {
    amountError(
      errors,
      where,
      element,
      ` ${quoteText(raw)}: not an ISO 20022 decimal (digits with a decimal dot)`,
    );
    return undefined;
  }
  const excess = excessDecimals(raw, currency ?? fallbackCurrency);
  if (excess) {
    amountError(errors, where, element, ` ${quoteText(raw)}: ${excess}`);
    return undefined;
  }
  const parsed = parseAmountToCents(raw);
  if (!parsed.ok) {
    amountError(errors, where, element, `: amount ${quoteText(raw)}: ${parsed.reason}`);
    return undefined;
  }
  return currency ? { cents: parsed.cents, currency } : { cents: parsed.cents };
}

/** The amounts of an `AmtDtls` (AmountAndCurrencyExchange): instructed, transaction, counter value, … */
const AMOUNT_DETAILS = ['TxAmt', 'CntrValAmt', 'InstdAmt', 'AnncdPstngAmt'];

/**
 * The amount in the account's currency of an entry booked in another one: from the exchange details of the
 * entry (`Ntry/AmtDtls`) or of its only transaction (`TxDtls/AmtDtls`). Without them the entry cannot move
 * the account's balance, so the caller reports it.
 */
export function accountCurrencyAmount(
  ntry: Node,
  details: readonly Node[],
  accountCurrency: string,
  where: string,
  errors: string[],
): Amount | undefined {
  const blocks = [child(ntry, 'AmtDtls'), ...(details.length === 1 ? [child(details[0], 'AmtDtls')] : [])];
  for (const block of blocks) {
    if (!block || typeof block !== 'object') continue;
    for (const name of [...AMOUNT_DETAILS, 'PrtryAmt']) {
      for (const item of list(block, name)) {
        const amountNode = child(item, 'Amt');
        const currency =
          amountNode && typeof amountNode === 'object' ? (amountNode as Node)['@Ccy'] : undefined;
        if (currency !== accountCurrency) continue;
        const amount = readAmount(amountNode, where, `AmtDtls/${name}/Amt`, errors, accountCurrency);
        if (amount) return amount;
      }
    }
  }
  return undefined;
}
