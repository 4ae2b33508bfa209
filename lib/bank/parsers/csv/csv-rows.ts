import { quoteText } from '../../../runtime/quoted-text.ts';
import type { BankEntry } from '../../statement.ts';
import type { AmountParse } from '../amount.ts';
import type { CsvProblem } from './csv-reader.ts';

/** One readable row of an export: the entry and the statement (account, currency) it belongs to. */
export interface Row {
  lineNumber: number;
  account: string;
  currency: string;
  entry: BankEntry;
  /** Balance before / after this row when the export gives them. */
  balanceBefore?: number;
  balanceAfter?: number;
}

/**
 * A row that could not be read: its error goes on the statement of its account and currency (as far as they
 * can be read), so that statement is not booked with the row silently missing.
 */
export interface RowFailure {
  lineNumber: number;
  account: string;
  currency: string;
  error: string;
}

/** What reading the rows of a file yields: the rows, and the rows that failed. */
export interface RowsRead {
  rows: Row[];
  failures: RowFailure[];
}

export function amountError(lineNumber: number, column: string, raw: string, parsed: AmountParse): string {
  return `line ${lineNumber} ${column} ${quoteText(raw)}: ${parsed.ok ? '' : parsed.reason}`;
}

/** The message of a reader problem, naming line, column and the field's header when there is one. */
export function problemError(problem: CsvProblem, header?: readonly string[]): string {
  const name = header?.[problem.field];
  const where = `line ${problem.line} column ${problem.column}${name ? ` (${name})` : ` (field ${problem.field + 1})`}`;
  if (problem.rule === 'field-too-long')
    return `${where}: the field has more than ${problem.maxFieldChars} characters (the limit)`;
  if (problem.rule === 'text-after-quote')
    return `${where}: text after a closing quote (a quote inside a quoted field must be doubled)`;
  return problem.swallowedTo === undefined
    ? `${where}: quote opened here is never closed: it would swallow every line after it`
    : `${where}: quote opened here is not closed on its line: it swallows the lines up to line ${problem.swallowedTo}`;
}

/** Drops empty fields, so entries compare and serialise the same whatever the layout. */
export function clean(entry: BankEntry): BankEntry {
  for (const key of Object.keys(entry) as (keyof BankEntry)[]) {
    if (entry[key] === undefined || entry[key] === '') delete entry[key];
  }
  return entry;
}
