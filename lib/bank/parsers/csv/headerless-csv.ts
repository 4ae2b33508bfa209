import { quoteText } from '../../../runtime/quoted-text.ts';
import type { BankEntry } from '../../statement.ts';
import type { AmountParse } from '../amount.ts';
import { parseFlexibleDate } from '../dates.ts';
import { parseEntryDetails } from '../entry-details.ts';
import {
  compactIban,
  findStructuredReference,
  looksLikeIban,
  normaliseStructuredReference,
} from '../references.ts';
import { isSignedAmount, parseAmountInNotation } from './amount-notation.ts';
import { readCsvRecords } from './csv-reader.ts';
import { amountError, clean, problemError, type Row, type RowFailure, type RowsRead } from './csv-rows.ts';

/**
 * Exports without a header row: ABN AMRO's TXT*.TAB (8 TAB-separated columns, decimal comma), the pre-2018
 * Rabobank CSV and the de Volksbank (ASN/SNS/RegioBank) CSV (19 columns each, decimal dot). Their notation is
 * the layout's, so amounts are read in it strictly.
 */
export function readAbnTab(text: string): RowsRead {
  const rows: Row[] = [];
  const failures: RowFailure[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const lineNumber = index + 1;
    const cells = line.split('\t');
    const fail = (error: string) =>
      failures.push({
        lineNumber,
        account: (cells[0] ?? '').trim(),
        currency: (cells[1] ?? '').trim(),
        error,
      });
    if (cells.length < 8) {
      fail(`line ${lineNumber} columns "${cells.length}": expected 8 TAB-separated columns`);
      return;
    }
    const [
      account = '',
      currency = '',
      date = '',
      before = '',
      after = '',
      valueDateRaw = '',
      amountRaw = '',
    ] = cells;
    const description = cells.slice(7).join('\t');
    const amount = parseAmountInNotation(amountRaw, ',');
    const opening = parseAmountInNotation(before, ',');
    const closing = parseAmountInNotation(after, ',');
    const bookingDate = parseFlexibleDate(date);
    if (!amount.ok) {
      fail(amountError(lineNumber, 'amount', amountRaw, amount));
      return;
    }
    if (!bookingDate) {
      fail(`line ${lineNumber} transaction date ${quoteText(date)}: not a date (yyyymmdd)`);
      return;
    }
    // The description is the MT940 :86: text (fixed 32-character columns or /TRTP/ tags) on one line.
    const details = parseEntryDetails([description.trimEnd()]);
    const { reversalHint, ...fields } = details;
    const entry: BankEntry = clean({
      importId: '',
      bookingDate,
      valueDate: parseFlexibleDate(valueDateRaw),
      amountCents: amount.cents,
      currency: currency.trim(),
      ...fields,
      ...(reversalHint ? { reversal: true } : {}),
    });
    const row: Row = { lineNumber, account: account.trim(), currency: currency.trim(), entry };
    if (opening.ok) row.balanceBefore = opening.cents;
    if (closing.ok) row.balanceAfter = closing.cents;
    rows.push(row);
  });
  return { rows, failures };
}

export function readHeaderless(
  text: string,
  layout: 'rabobank-legacy' | 'asn',
  maxFieldChars?: number,
): RowsRead {
  const rows: Row[] = [];
  const failures: RowFailure[] = [];
  const { records, problems } = readCsvRecords(text, ',', maxFieldChars);
  const problemsByRecord = new Map(problems.map((problem) => [problem.recordLine, problem]));
  for (const record of records) {
    const raw = record.cells;
    const cells = raw.map((cell) => cell.trim());
    const lineNumber = record.line;
    const cell = (position: number) => cells[position] ?? '';
    const fail = (error: string) =>
      failures.push({
        lineNumber,
        account: compactIban(layout === 'rabobank-legacy' ? cell(0) : cell(1)),
        currency: layout === 'rabobank-legacy' ? cell(1) : cell(9) || cell(7),
        error,
      });
    const problem = problemsByRecord.get(lineNumber);
    if (problem) {
      fail(problemError(problem));
      continue;
    }
    const entry: BankEntry = { importId: '', bookingDate: '', amountCents: 0, currency: '' };
    let amount: AmountParse;
    let amountRaw: string;
    let dateRaw: string;
    let before: AmountParse | undefined;
    if (layout === 'rabobank-legacy') {
      amountRaw = cell(4);
      const unsigned = parseAmountInNotation(amountRaw, '.');
      if (cell(3) !== 'C' && cell(3) !== 'D') {
        fail(`line ${lineNumber} bij/af code ${quoteText(cell(3))}: expected C or D`);
        continue;
      }
      if (unsigned.ok && isSignedAmount(amountRaw)) {
        fail(
          `line ${lineNumber} amount ${quoteText(amountRaw)}: signed, but the bij/af code gives the direction`,
        );
        continue;
      }
      amount = unsigned.ok
        ? { ok: true, cents: cell(3) === 'D' ? -unsigned.cents : unsigned.cents }
        : unsigned;
      dateRaw = cell(7);
      entry.currency = cell(1);
      entry.valueDate = parseFlexibleDate(cell(2));
      entry.counterpartyName = cell(6);
      entry.transactionType = cell(8);
      entry.remittance = cells.slice(10, 16).filter(Boolean).join(' ');
      entry.endToEndId = cell(16);
      entry.creditorId = cell(17);
      entry.mandateId = cell(18);
      const counter = cell(5);
      if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
      else if (/[1-9]/.test(counter)) entry.counterpartyAccount = counter;
    } else {
      amountRaw = cell(10);
      amount = parseAmountInNotation(amountRaw, '.');
      dateRaw = cell(0);
      entry.currency = cell(9) || cell(7);
      entry.valueDate = parseFlexibleDate(cell(12));
      entry.counterpartyName = cell(3);
      entry.transactionType = cell(14) || cell(13);
      entry.bankReference = cell(15);
      // ASN quotes the description with single quotes inside the CSV field.
      // A comma inside the single-quoted description splits it over extra cells: join them back.
      const description =
        cells.length > 19
          ? raw
              .slice(17, raw.length - 1)
              .join(',')
              .trim()
          : cell(17);
      entry.remittance = description
        .replace(/^'(.*)'$/s, '$1')
        .replace(/\s+/g, ' ')
        .trim();
      const kenmerk = cell(16).replace(/^'(.*)'$/s, '$1');
      entry.structuredReference = kenmerk
        ? normaliseStructuredReference(kenmerk)
        : findStructuredReference(entry.remittance);
      const counter = cell(2);
      if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
      else if (/[1-9]/.test(counter)) entry.counterpartyAccount = counter;
      before = parseAmountInNotation(cell(8), '.');
    }
    if (!amount.ok) {
      fail(amountError(lineNumber, 'amount', amountRaw, amount));
      continue;
    }
    const bookingDate = parseFlexibleDate(dateRaw);
    if (!bookingDate) {
      fail(`line ${lineNumber} date ${quoteText(dateRaw)}: not a date`);
      continue;
    }
    entry.bookingDate = bookingDate;
    entry.amountCents = amount.cents;
    const account = layout === 'rabobank-legacy' ? cell(0) : cell(1);
    const row: Row = {
      lineNumber,
      account: compactIban(account),
      currency: entry.currency,
      entry: clean(entry),
    };
    if (before?.ok) {
      row.balanceBefore = before.cents;
      row.balanceAfter = before.cents + amount.cents;
    }
    rows.push(row);
  }
  return { rows, failures };
}
