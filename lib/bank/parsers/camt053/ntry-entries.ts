import { quoteText } from '../../../runtime/quoted-text.ts';
import type { BankEntry } from '../../statement.ts';
import { formatCents } from '../amount.ts';
import type { EntryOrigin } from '../duplicate-references.ts';
import { findStructuredReference, normaliseStructuredReference } from '../references.ts';
import { type Amount, accountCurrencyAmount, readAmount } from './camt-amounts.ts';
import { child, dateOf, list, type Node, text, usable } from './camt-nodes.ts';

/**
 * One camt.053 `Ntry` into bank entries: its amount and direction, dates, reversal, parties, references and
 * remittance; a batch split per `TxDtls` when their amounts add up to the Ntry. What cannot be read right is
 * an error naming the Ntry and element (see the statement reader).
 */

function bankTransactionCode(node: unknown): string | undefined {
  const domain = text(node, 'BkTxCd', 'Domn', 'Cd');
  if (domain) {
    return [
      domain,
      text(node, 'BkTxCd', 'Domn', 'Fmly', 'Cd'),
      text(node, 'BkTxCd', 'Domn', 'Fmly', 'SubFmlyCd'),
    ]
      .filter(Boolean)
      .join('/');
  }
  return text(node, 'BkTxCd', 'Prtry', 'Cd');
}

/** Fills counterparty, references and remittance from one TxDtls. */
function applyTransactionDetails(entry: BankEntry, tx: Node, credit: boolean, split = false): void {
  const parties = child(tx, 'RltdPties');
  // Money in: the counterparty is the debtor; money out: the creditor.
  const side = credit ? 'Dbtr' : 'Cdtr';
  const party = child(parties, side);
  // From 001.08 a party sits inside `Pty` (Party40Choice); before, its `Nm` is a direct child.
  const ultimate = child(parties, `Ultmt${side}`);
  const name =
    text(party, 'Nm') ?? text(party, 'Pty', 'Nm') ?? text(ultimate, 'Nm') ?? text(ultimate, 'Pty', 'Nm');
  if (name) entry.counterpartyName = name;
  const accountNode = child(parties, `${side}Acct`, 'Id');
  const iban = text(accountNode, 'IBAN');
  if (iban) entry.counterpartyIban = iban.replace(/\s/g, '').toUpperCase();
  else {
    const other = text(accountNode, 'Othr', 'Id');
    if (other) entry.counterpartyAccount = other;
  }
  const agent = child(tx, 'RltdAgts', `${side}Agt`, 'FinInstnId');
  const bic = text(agent, 'BICFI') ?? text(agent, 'BIC');
  if (bic) entry.counterpartyBic = bic;
  const endToEnd = usable(text(tx, 'Refs', 'EndToEndId'));
  if (endToEnd) entry.endToEndId = endToEnd;
  const mandate = text(tx, 'Refs', 'MndtId');
  if (mandate) entry.mandateId = mandate;
  const servicerRef = text(tx, 'Refs', 'AcctSvcrRef');
  // Batch parts carry their own servicer reference; a single entry keeps the Ntry's.
  if (servicerRef && (split || !entry.bankReference)) entry.bankReference = servicerRef;
  const creditorId =
    text(parties, 'Cdtr', 'Id', 'PrvtId', 'Othr', 'Id') ??
    text(tx, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id');
  if (creditorId && !credit) entry.creditorId = creditorId;
  const remittance = child(tx, 'RmtInf');
  const unstructured = list(remittance, 'Ustrd')
    .map((item) => (typeof item === 'string' ? item : text(item)))
    .filter(Boolean);
  const structured = list(remittance, 'Strd');
  const refs: string[] = [];
  for (const item of structured) {
    const ref = text(item, 'CdtrRefInf', 'Ref');
    if (ref) refs.push(ref);
    const additional = text(item, 'AddtlRmtInf');
    if (additional) unstructured.push(additional);
    const invoiceNumber = text(item, 'RfrdDocInf', 'Nb');
    if (invoiceNumber) unstructured.push(invoiceNumber);
  }
  const remittanceText = unstructured.join(' ').replace(/\s+/g, ' ').trim();
  if (remittanceText) entry.remittance = remittanceText;
  else if (refs.length) entry.remittance = refs.join(' ');
  const reference = refs[0] ? normaliseStructuredReference(refs[0]) : findStructuredReference(remittanceText);
  if (reference) entry.structuredReference = reference;
  const code = bankTransactionCode(tx);
  if (code) entry.transactionType = code;
  const returnReason = text(tx, 'RtrInf', 'Rsn', 'Cd');
  if (returnReason) entry.remittance = [entry.remittance, `RTRN ${returnReason}`].filter(Boolean).join(' ');
}

function txAmount(tx: Node, errors: string[], where: string): Amount | undefined {
  return (
    readAmount(child(tx, 'Amt'), where, 'TxDtls Amt', errors) ??
    readAmount(child(tx, 'AmtDtls', 'TxAmt', 'Amt'), where, 'TxDtls AmtDtls/TxAmt/Amt', errors) ??
    readAmount(child(tx, 'AmtDtls', 'InstdAmt', 'Amt'), where, 'TxDtls AmtDtls/InstdAmt/Amt', errors)
  );
}

/** The facts every entry of one Ntry shares. */
function baseEntry(
  ntry: Node,
  bookingDate: string,
  valueDate: string | undefined,
  reversal: boolean,
  currency: string,
): BankEntry {
  const entry: BankEntry = { importId: '', bookingDate, amountCents: 0, currency };
  if (valueDate) entry.valueDate = valueDate;
  if (reversal) entry.reversal = true;
  const servicerRef = usable(text(ntry, 'AcctSvcrRef')) ?? usable(text(ntry, 'NtryRef'));
  if (servicerRef) entry.bankReference = servicerRef;
  const code = bankTransactionCode(ntry);
  if (code) entry.transactionType = code;
  return entry;
}

/** What reading an Ntry needs of its statement: the account currency, and where errors and origins go. */
export interface EntryContext {
  /** The account's currency ('' while unknown). */
  currency: string;
  errors: string[];
  origins: EntryOrigin[];
}

/** `RvslInd` is an xs:boolean: `true`/`1` or `false`/`0`. */
function reversalOf(ntry: Node, where: string, errors: string[]): boolean {
  const raw = text(ntry, 'RvslInd');
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  errors.push(`${where} RvslInd ${quoteText(raw)}: expected true or false`);
  return false;
}

/**
 * The signed parts of a batch Ntry when every TxDtls has an amount in the entry's currency (undefined when
 * some do not: the batch is then one entry). Parts that do not add up to the Ntry are an error: one of them,
 * or the Ntry, is wrong.
 */
function batchParts(
  details: readonly Node[],
  currency: string,
  credit: boolean,
  where: string,
  errors: string[],
): number[] | undefined {
  const partErrors: string[] = [];
  const parts: number[] = [];
  for (const [index, tx] of details.entries()) {
    const amount = txAmount(tx, partErrors, `${where} TxDtls ${index + 1}`);
    if (!amount || (amount.currency !== undefined && amount.currency !== currency)) return undefined;
    const indicator = text(tx, 'CdtDbtInd');
    if (indicator !== undefined && indicator !== 'CRDT' && indicator !== 'DBIT') {
      errors.push(`${where} TxDtls ${index + 1} CdtDbtInd ${quoteText(indicator)}: expected CRDT or DBIT`);
      return undefined;
    }
    const txCredit = indicator ? indicator === 'CRDT' : credit;
    parts.push(txCredit ? amount.cents : -amount.cents);
  }
  return parts;
}

/** One Ntry → one entry, or one per TxDtls when a batch's details carry amounts that add up to the Ntry. */
export function entriesOf(ntry: Node, statement: EntryContext, where: string): BankEntry[] {
  const errors = statement.errors;
  const amountNode = child(ntry, 'Amt');
  const read = readAmount(amountNode, where, 'Amt', errors, statement.currency);
  if (!read) {
    if (text(amountNode) === undefined) errors.push(`${where}: Amt missing`);
    return [];
  }
  const indicator = text(ntry, 'CdtDbtInd');
  const credit = indicator === 'CRDT';
  if (!credit && indicator !== 'DBIT') {
    errors.push(`${where}: CdtDbtInd ${quoteText(indicator ?? '')}: expected CRDT or DBIT`);
  }
  // A date that is there but no real day (2026-02-31, 99999-01-01) is an error, never replaced by the other one.
  if (!datesReadable(ntry, where, errors)) return [];
  const bookingDate = dateOf(child(ntry, 'BookgDt')) ?? dateOf(child(ntry, 'ValDt'));
  if (!bookingDate) {
    errors.push(`${where}: BookgDt missing or not a date`);
    return [];
  }
  const details = list(ntry, 'NtryDtls').flatMap((block) => list(block, 'TxDtls'));
  let amount = read;
  const entryCurrency = read.currency ?? statement.currency;
  let foreign = false;
  if (statement.currency && entryCurrency !== statement.currency) {
    // An entry moves the account's balance in the account's currency: another currency needs its counter value.
    const counter = accountCurrencyAmount(ntry, details, statement.currency, where, errors);
    if (!counter) {
      errors.push(
        `${where} Amt Ccy ${quoteText(entryCurrency)}: differs from the account's ${statement.currency} and no ` +
          `exchange details (AmtDtls) give the amount in ${statement.currency}`,
      );
      return [];
    }
    amount = counter;
    foreign = true;
  }
  const valueDate = dateOf(child(ntry, 'ValDt'));
  const reversal = reversalOf(ntry, where, errors);
  const currency = foreign ? statement.currency : entryCurrency;
  const additional = list(ntry, 'AddtlNtryInf')
    .map((item) => (typeof item === 'string' ? item : text(item)))
    .join(' ')
    .trim();
  const signed = credit ? amount.cents : -amount.cents;
  const batchTotal = readAmount(child(ntry, 'NtryDtls', 'Btch', 'TtlAmt'), where, 'Btch TtlAmt', errors);
  if (
    batchTotal &&
    (batchTotal.currency ?? entryCurrency) === entryCurrency &&
    batchTotal.cents !== read.cents
  ) {
    errors.push(
      `${where} Btch TtlAmt ${formatCents(batchTotal.cents)}: differs from the Ntry Amt ${formatCents(read.cents)}`,
    );
  }
  if (details.length > 1 && !foreign) {
    const parts = batchParts(details, entryCurrency, credit, where, errors);
    const sum = parts?.reduce((total, part) => total + part, 0);
    if (parts && sum === signed) {
      return details.map((tx, index) => {
        // A module function, not a named closure: tsx/esbuild keepNames would rename a closure per Ntry.
        const entry = baseEntry(ntry, bookingDate, valueDate, reversal, currency);
        entry.amountCents = parts[index] ?? 0;
        applyTransactionDetails(entry, tx, (parts[index] ?? 0) >= 0, true);
        if (!entry.remittance && additional) entry.remittance = additional;
        return entry;
      });
    }
    if (parts && sum !== undefined) {
      errors.push(
        `${where}: the ${details.length} TxDtls amounts add up to ${formatCents(sum)}, the Ntry Amt is ` +
          `${formatCents(signed)}`,
      );
    }
  }
  const entry = baseEntry(ntry, bookingDate, valueDate, reversal, currency);
  entry.amountCents = signed === 0 ? 0 : signed;
  if (details.length === 1 && details[0]) applyTransactionDetails(entry, details[0], credit);
  if (details.length > 1)
    entry.transactionType = [entry.transactionType, `batch of ${details.length}`].filter(Boolean).join(' ');
  if (foreign && read.currency) {
    entry.transactionType = [entry.transactionType, `${read.currency} ${formatCents(read.cents)}`]
      .filter(Boolean)
      .join(' ');
  }
  if (!entry.remittance && additional) entry.remittance = additional.replace(/\s+/g, ' ');
  if (!entry.structuredReference) {
    const reference = findStructuredReference(entry.remittance);
    if (reference) entry.structuredReference = reference;
  }
  return [entry];
}

/** False (with an error naming element and value) when BookgDt or ValDt holds a value that is not a real day. */
function datesReadable(ntry: unknown, where: string, errors: string[]): boolean {
  let readable = true;
  for (const element of ['BookgDt', 'ValDt']) {
    const node = child(ntry, element);
    const raw = text(node, 'Dt') ?? text(node, 'DtTm');
    if (raw === undefined || dateOf(node) !== undefined) continue;
    errors.push(`${where} ${element} ${quoteText(raw)}: not a date`);
    readable = false;
  }
  return readable;
}
