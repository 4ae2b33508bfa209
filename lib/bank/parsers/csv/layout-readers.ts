import { quoteText } from '../../../runtime/quoted-text.ts';
import type { BankEntry } from '../../statement.ts';
import type { AmountParse } from '../amount.ts';
import { parseEntryDetails } from '../entry-details.ts';
import {
  compactIban,
  findStructuredReference,
  looksLikeIban,
  normaliseStructuredReference,
} from '../references.ts';
import { type DecimalMark, isSignedAmount, parseAmountInNotation } from './amount-notation.ts';

/**
 * How each bank CSV layout with a header row maps its columns onto an entry: by header name (lower case),
 * never by position; Dutch and English headers where a bank has both.
 */
export type HeaderLayout = 'ing' | 'rabobank' | 'knab' | 'bunq';

/** A cell of a row by header name: the first of the names the header has, as the bank wrote it. */
export type Column = (...names: string[]) => string;

/** A date cell in the file's date order. */
export type DateReader = (raw: string) => string | undefined;

/** Reads one data row of a layout into `entry`; returns the amount, or a failure message. */
type LayoutReader = (
  column: Column,
  entry: BankEntry,
  mark: DecimalMark,
  lineNumber: number,
  date: DateReader,
) =>
  | {
      amountRaw: string;
      amount: AmountParse;
      dateRaw: string;
      balanceRaw?: string;
      balanceAfter?: AmountParse;
    }
  | string;

/** A direction column says the sign: a signed amount beside it contradicts or repeats it. */
function unsignedAmount(
  raw: string,
  mark: DecimalMark,
  lineNumber: number,
  direction: string,
): AmountParse | string {
  const parsed = parseAmountInNotation(raw, mark);
  if (parsed.ok && isSignedAmount(raw))
    return `line ${lineNumber} amount ${quoteText(raw)}: signed, but ${direction} gives the direction`;
  return parsed;
}

export const READERS: Record<HeaderLayout, LayoutReader> = {
  rabobank: (column, entry, mark, _lineNumber, date) => {
    entry.valueDate = date(column('rentedatum'));
    entry.counterpartyName = column('naam tegenpartij');
    entry.counterpartyBic = column('bic tegenpartij');
    entry.transactionType = column('code');
    entry.endToEndId = column('transactiereferentie');
    entry.mandateId = column('machtigingskenmerk');
    entry.creditorId = column('incassant id');
    entry.bankReference = column('volgnr');
    entry.remittance = ['omschrijving-1', 'omschrijving-2', 'omschrijving-3']
      .map((name) => column(name))
      .filter(Boolean)
      .join(' ');
    const kenmerk = column('betalingskenmerk');
    if (kenmerk) entry.structuredReference = normaliseStructuredReference(kenmerk);
    const counter = column('tegenrekening iban/bban');
    if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
    else if (counter) entry.counterpartyAccount = counter;
    const saldo = column('saldo na trn');
    const amountRaw = column('bedrag');
    return {
      amountRaw,
      amount: parseAmountInNotation(amountRaw, mark),
      dateRaw: column('datum'),
      ...(saldo ? { balanceRaw: saldo, balanceAfter: parseAmountInNotation(saldo, mark) } : {}),
    };
  },
  ing: (column, entry, mark, lineNumber) => {
    // Dutch and English headers of the Mijn ING export.
    const amountRaw = column('bedrag (eur)', 'bedrag', 'amount (eur)', 'amount');
    const direction = column('af bij', 'debit/credit').toLowerCase();
    const debit = direction === 'af' || direction === 'debit';
    if (!debit && direction !== 'bij' && direction !== 'credit')
      return `line ${lineNumber} Af Bij ${quoteText(direction)}: expected "Af" or "Bij"`;
    const unsigned = unsignedAmount(amountRaw, mark, lineNumber, 'Af Bij');
    if (typeof unsigned === 'string') return unsigned;
    entry.counterpartyName = column('naam / omschrijving', 'name / description');
    entry.transactionType = column('mutatiesoort', 'transaction type') || column('code');
    const notes = column('mededelingen', 'notifications');
    const details = parseEntryDetails([notes]);
    // Labelled notes ("Naam: … Omschrijving: … IBAN: …") hold the remittance under Omschrijving.
    const labelled = /omschrijving:|description:/i.test(notes) && details.remittance;
    entry.remittance = labelled ? (details.remittance ?? notes) : notes;
    entry.counterpartyIban = compactIban(column('tegenrekening', 'counterparty')) || details.counterpartyIban;
    entry.endToEndId = details.endToEndId;
    entry.mandateId = details.mandateId;
    entry.creditorId = details.creditorId;
    entry.structuredReference = details.structuredReference ?? findStructuredReference(notes);
    const saldo = column('saldo na mutatie', 'resulting balance');
    return {
      amountRaw,
      amount: unsigned.ok ? { ok: true, cents: debit ? -unsigned.cents : unsigned.cents } : unsigned,
      dateRaw: column('datum', 'date'),
      ...(saldo ? { balanceRaw: saldo, balanceAfter: parseAmountInNotation(saldo, mark) } : {}),
    };
  },
  knab: (column, entry, mark, lineNumber, date) => {
    const amountRaw = column('bedrag');
    const direction = column('creditdebet').toUpperCase();
    if (direction !== 'C' && direction !== 'D')
      return `line ${lineNumber} CreditDebet ${quoteText(direction)}: expected "C" or "D"`;
    const unsigned = unsignedAmount(amountRaw, mark, lineNumber, 'CreditDebet');
    if (typeof unsigned === 'string') return unsigned;
    entry.valueDate = date(column('valutadatum'));
    entry.counterpartyName = column('tegenrekeninghouder');
    entry.remittance = column('omschrijving');
    entry.transactionType = column('betaalwijze', 'type betaling');
    entry.bankReference = column('referentie');
    entry.mandateId = column('machtigingsnummer');
    entry.creditorId = column('incassant id');
    entry.structuredReference = findStructuredReference(entry.remittance);
    const counter = column('tegenrekeningnummer');
    if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
    else if (counter) entry.counterpartyAccount = counter;
    return {
      amountRaw,
      amount: unsigned.ok
        ? { ok: true, cents: direction === 'D' ? -unsigned.cents : unsigned.cents }
        : unsigned,
      dateRaw: column('boekdatum') || column('transactiedatum'),
    };
  },
  bunq: (column, entry, mark) => {
    entry.counterpartyName = column('naam', 'name');
    entry.remittance = column('omschrijving', 'description');
    entry.structuredReference = findStructuredReference(entry.remittance);
    const counter = column('tegenrekening', 'counterparty');
    if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
    else if (counter) entry.counterpartyAccount = counter;
    const amountRaw = column('bedrag', 'amount');
    return { amountRaw, amount: parseAmountInNotation(amountRaw, mark), dateRaw: column('datum', 'date') };
  },
};
