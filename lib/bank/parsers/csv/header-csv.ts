import { quoteText } from '../../../runtime/quoted-text.ts';
import type { BankEntry } from '../../statement.ts';
import { compactIban } from '../references.ts';
import {
  type AmountCell,
  type DecimalMark,
  decideDecimalMark,
  type MarkDecision,
} from './amount-notation.ts';
import {
  type CsvProblem,
  type CsvRecord,
  guessSeparator,
  readCsvRecords,
  separatorHint,
} from './csv-reader.ts';
import { amountError, clean, problemError, type Row, type RowFailure, type RowsRead } from './csv-rows.ts';
import { type DateOrderDecision, decideDateOrder, parseCsvDate } from './date-notation.ts';
import { type Column, type DateReader, type HeaderLayout, READERS } from './layout-readers.ts';
import { defuseFormula, unmangleCell } from './spreadsheet-cells.ts';

export type { HeaderLayout };

/**
 * The decimal mark each layout writes. bunq lets the user choose, so its files are decided from their own
 * amounts (`decideDecimalMark`).
 */
const LAYOUT_MARK: Record<HeaderLayout, DecimalMark | undefined> = {
  rabobank: ',',
  ing: ',',
  knab: ',',
  bunq: undefined,
};

/** Columns holding amounts, per layout: the decimal mark is decided over all of them. */
const AMOUNT_COLUMNS: Record<HeaderLayout, string[]> = {
  rabobank: ['bedrag', 'saldo na trn'],
  ing: ['bedrag (eur)', 'bedrag', 'amount (eur)', 'amount', 'saldo na mutatie', 'resulting balance'],
  knab: ['bedrag'],
  bunq: ['bedrag', 'amount'],
};

/** Columns holding dates, per layout: the order of slash dates is decided over all of them. */
const DATE_COLUMNS: Record<HeaderLayout, string[]> = {
  rabobank: ['datum', 'rentedatum'],
  ing: ['datum', 'date'],
  knab: ['transactiedatum', 'boekdatum', 'valutadatum'],
  bunq: ['datum', 'date', 'rentedatum', 'interest date'],
};

/** Columns that must be one value on one line: a line break in them means the row is broken. */
const VALUE_COLUMNS = [
  ...new Set([
    ...Object.values(AMOUNT_COLUMNS).flat(),
    ...Object.values(DATE_COLUMNS).flat(),
    'iban/bban',
    'rekening',
    'account',
    'rekeningnummer',
    'munt',
    'valutacode',
    'af bij',
    'debit/credit',
    'creditdebet',
  ]),
];

export function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** Lines before the header that are not data: blank lines, Knab's "KNAB EXPORT" line, Excel's `sep=;`. */
export function isPreambleLine(line: string): boolean {
  return line.trim() === '' || /^"?KNAB EXPORT/i.test(line) || separatorHint(line) !== undefined;
}

/** The header line of a file with its separator, and the text from the header on. */
export function locateHeader(text: string): {
  header: string;
  separator: string;
  offset: number;
  line: number;
} {
  let offset = 0;
  let line = 1;
  let hinted: string | undefined;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const current = text.slice(offset, end < 0 ? text.length : end);
    if (!isPreambleLine(current)) {
      return { header: current, separator: hinted ?? guessSeparator(current), offset, line };
    }
    hinted = separatorHint(current) ?? hinted;
    if (end < 0) break;
    offset = end + 1;
    line++;
  }
  return { header: '', separator: hinted ?? ',', offset: text.length, line };
}

/** Free-text fields: one line each, and never a formula for the next spreadsheet. */
const TEXT_FIELDS = ['counterpartyName', 'remittance', 'transactionType'] as const;

/**
 * Reads an export with a header row. Columns are found by header name (lower case), never by position. Every
 * data row is an entry or a failure naming its line: a quote left open or text after a closing quote, a
 * row with another number of fields than the header (a separator or line break out of place), a line break
 * inside an amount, date or account, an amount the file's notation cannot read.
 */
export function readHeaderCsv(text: string, layout: HeaderLayout, maxFieldChars?: number): RowsRead {
  const located = locateHeader(text);
  const { records, problems } = readCsvRecords(text.slice(located.offset), located.separator, maxFieldChars);
  const lineOffset = located.line - 1;
  const [headerRecord, ...data] = records;
  const rawHeader = (headerRecord?.cells ?? []).map((cell) => cell.replace(/^\uFEFF/, '').trim());
  const header = rawHeader.map(normaliseHeader);
  const indexOf = (name: string) => header.indexOf(name);
  const cellOf = (record: CsvRecord, names: readonly string[]) => {
    for (const name of names) {
      const index = indexOf(name);
      if (index >= 0) return { index, raw: record.cells[index] ?? '' };
    }
    return undefined;
  };
  const columnOf =
    (record: CsvRecord): Column =>
    (...names) => {
      const found = cellOf(record, names);
      return found ? unmangleCell(found.raw) : '';
    };
  const known = LAYOUT_MARK[layout];
  const decision: MarkDecision = known
    ? { ok: true, mark: known }
    : decideDecimalMark(cellsOf(data, AMOUNT_COLUMNS[layout], rawHeader, cellOf, lineOffset));
  const dates: DateOrderDecision = decideDateOrder(
    cellsOf(data, DATE_COLUMNS[layout], rawHeader, cellOf, lineOffset),
  );
  /** Why no row of the file is read (its notation cannot be decided), else undefined. */
  const fileProblem = !decision.ok ? decision.error : !dates.ok ? dates.error : undefined;
  const mark: DecimalMark = decision.ok ? decision.mark : ',';
  const order = dates.ok ? dates.order : 'day-first';
  const date: DateReader = (raw) => parseCsvDate(raw, order);
  const rows: Row[] = [];
  const failures: RowFailure[] = [];
  const problemsByRecord = new Map<number, CsvProblem>();
  for (const problem of problems)
    if (!problemsByRecord.has(problem.recordLine)) problemsByRecord.set(problem.recordLine, problem);
  /** Accounts that already carry the undecided-notation error (once per statement is enough). */
  const undecided = new Set<string>();
  for (const record of data) {
    const lineNumber = record.line + lineOffset;
    const column = columnOf(record);
    const currency = column('munt', 'valutacode') || 'EUR';
    const fail = (error: string) =>
      failures.push({
        lineNumber,
        account: compactIban(column('iban/bban', 'rekening', 'account', 'rekeningnummer')),
        currency,
        error,
      });
    const problem = problemsByRecord.get(record.line);
    if (problem) {
      fail(
        problemError(
          {
            ...problem,
            line: problem.line + lineOffset,
            ...(problem.swallowedTo !== undefined ? { swallowedTo: problem.swallowedTo + lineOffset } : {}),
          },
          rawHeader,
        ),
      );
      continue;
    }
    if (record.cells.map(normaliseHeader).join('\u0000') === header.join('\u0000')) {
      // Two exports joined into one file: they may overlap, and reading both would book the overlap twice.
      // It belongs to no account: every statement of the file gets it.
      failures.push({
        lineNumber,
        account: '',
        currency,
        error: `line ${lineNumber}: the header again (two exports joined into one file?)`,
      });
      continue;
    }
    const extra = record.cells.slice(header.length);
    if (record.cells.length < header.length || extra.some((cell) => cell.trim() !== '')) {
      fail(
        `line ${lineNumber}: ${record.cells.length} fields where the header has ${header.length} ` +
          '(a separator, quote or line break out of place)',
      );
      continue;
    }
    const broken = VALUE_COLUMNS.map((name) => ({ name, found: cellOf(record, [name]) })).find(({ found }) =>
      found?.raw.includes('\n'),
    );
    if (broken?.found) {
      fail(
        `line ${lineNumber} ${rawHeader[broken.found.index]} ${quoteText(broken.found.raw)}: ` +
          'line break inside the value',
      );
      continue;
    }
    if (fileProblem !== undefined) {
      // No amount or date of the file is read by a guess: each of its statements is blocked with the reason.
      const account = compactIban(column('iban/bban', 'rekening', 'account', 'rekeningnummer'));
      if (!undecided.has(account)) fail(fileProblem);
      undecided.add(account);
      continue;
    }
    const entry: BankEntry = { importId: '', bookingDate: '', amountCents: 0, currency };
    const read = READERS[layout](column, entry, mark, lineNumber, date);
    if (typeof read === 'string') {
      fail(read);
      continue;
    }
    const bookingDate = date(read.dateRaw);
    if (!read.amount.ok) {
      fail(amountError(lineNumber, 'amount', read.amountRaw, read.amount));
      continue;
    }
    if (!bookingDate) {
      fail(`line ${lineNumber} date ${quoteText(read.dateRaw)}: not a date`);
      continue;
    }
    if (read.balanceAfter && !read.balanceAfter.ok) {
      fail(amountError(lineNumber, 'balance', read.balanceRaw ?? '', read.balanceAfter));
      continue;
    }
    entry.bookingDate = bookingDate;
    entry.amountCents = read.amount.cents;
    for (const field of TEXT_FIELDS) {
      const value = entry[field];
      if (value) entry[field] = defuseFormula(value.replace(/\s+/g, ' ').trim());
    }
    const account = column('iban/bban', 'rekening', 'account', 'rekeningnummer');
    const row: Row = { lineNumber, account: compactIban(account), currency, entry: clean(entry) };
    if (read.balanceAfter?.ok) {
      row.balanceAfter = read.balanceAfter.cents;
      row.balanceBefore = read.balanceAfter.cents - read.amount.cents;
    }
    rows.push(row);
  }
  return { rows, failures };
}

/** The non-empty cells of the given columns, named for error messages. */
function cellsOf(
  data: readonly CsvRecord[],
  names: readonly string[],
  rawHeader: readonly string[],
  cellOf: (record: CsvRecord, names: readonly string[]) => { index: number; raw: string } | undefined,
  lineOffset: number,
): AmountCell[] {
  const cells: AmountCell[] = [];
  for (const record of data) {
    for (const name of names) {
      const found = cellOf(record, [name]);
      if (found && found.raw.trim() !== '')
        cells.push({
          raw: unmangleCell(found.raw),
          line: record.line + lineOffset,
          column: rawHeader[found.index] ?? name,
        });
    }
  }
  return cells;
}
