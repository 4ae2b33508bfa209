import type { BankCode, BankStatement } from '../../statement.ts';
import { applyBalanceCheck } from '../balance.ts';
import { accountIbanOf, bankFromIban } from '../bank-codes.ts';
import { flagDuplicateReferences } from '../duplicate-references.ts';
import { readDelimited } from './csv-reader.ts';
import type { Row, RowFailure, RowsRead } from './csv-rows.ts';
import { type HeaderLayout, locateHeader, normaliseHeader, readHeaderCsv } from './header-csv.ts';
import { readAbnTab, readHeaderless } from './headerless-csv.ts';

/**
 * CSV/TAB exports of Dutch internet banking. Columns are found by header name (lower case), never by
 * position, except ABN AMRO's TAB export which has no header. Rows are grouped into one statement per
 * account and currency. Where rows carry a running balance ("Saldo na trn", "Saldo na mutatie", ABN's
 * start/end balance) the opening and closing balances are derived and checked; else `not-available`.
 */
export type CsvLayout = 'abnamro-tab' | 'ing' | 'rabobank' | 'rabobank-legacy' | 'asn' | 'bunq' | 'knab';

const HEADER_SIGNATURES: { layout: CsvLayout; bank: BankCode; required: string[] }[] = [
  { layout: 'rabobank', bank: 'rabobank', required: ['iban/bban', 'munt', 'volgnr', 'datum', 'bedrag'] },
  { layout: 'ing', bank: 'ing', required: ['datum', 'naam / omschrijving', 'rekening', 'af bij'] },
  { layout: 'ing', bank: 'ing', required: ['date', 'name / description', 'account', 'debit/credit'] },
  { layout: 'knab', bank: 'knab', required: ['rekeningnummer', 'transactiedatum', 'creditdebet', 'bedrag'] },
  {
    layout: 'bunq',
    bank: 'bunq',
    required: ['datum', 'bedrag', 'rekening', 'tegenrekening', 'naam', 'omschrijving'],
  },
  {
    layout: 'bunq',
    bank: 'bunq',
    required: ['date', 'amount', 'account', 'counterparty', 'name', 'description'],
  },
];

/**
 * Exports without a header row, recognised by the shape of their first row: the pre-2018 Rabobank CSV
 * (19 columns: account, currency, rentedatum, C/D, amount with dot, counter account, name, boekdatum, …)
 * and the de Volksbank (ASN/SNS/RegioBank) CSV (19 columns starting with dd-mm-yyyy and the account).
 */
function detectHeaderless(first: string): { layout: CsvLayout; bank: BankCode } | undefined {
  const cells = readDelimited(first, ',')[0] ?? [];
  if (
    cells.length >= 16 &&
    /^[A-Z]{3}$/.test(cells[1] ?? '') &&
    /^\d{8}$/.test(cells[2] ?? '') &&
    /^[CD]$/.test(cells[3] ?? '') &&
    /^\d+(?:\.\d+)?$/.test(cells[4] ?? '') &&
    /^\d{8}$/.test(cells[7] ?? '')
  ) {
    return { layout: 'rabobank-legacy', bank: 'rabobank' };
  }
  if (
    cells.length >= 18 &&
    /^\d{2}-\d{2}-\d{4}$/.test(cells[0] ?? '') &&
    /^[A-Z]{3}$/.test(cells[7] ?? '') &&
    /^[+-]?\d+(?:\.\d+)?$/.test(cells[10] ?? '')
  ) {
    return { layout: 'asn', bank: bankFromIban(cells[1]) ?? 'asn' };
  }
  return undefined;
}

/** Which CSV layout a header row belongs to. */
export function detectCsvLayout(text: string): { layout: CsvLayout; bank: BankCode } | undefined {
  const lines = text.split('\n', 50).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const first = lines[0] ?? '';
  if (first.split('\t').length >= 8 && /^\s*[\d.]+\t[A-Z]{3}\t\d{8}\t/.test(first)) {
    return { layout: 'abnamro-tab', bank: 'abnamro' };
  }
  const headerless = detectHeaderless(first);
  if (headerless) return headerless;
  // Knab exports start with a line "KNAB EXPORT;…" before the header, spreadsheets with `sep=;`.
  const located = locateHeader(text);
  const header = (readDelimited(located.header, located.separator)[0] ?? []).map(normaliseHeader);
  for (const signature of HEADER_SIGNATURES) {
    if (signature.required.every((name) => header.includes(name)))
      return { layout: signature.layout, bank: signature.bank };
  }
  return undefined;
}

/** Where a broken row's error goes: the statement of its account and currency, else of its account. */
function statementOfFailure(failure: RowFailure, statements: BankStatement[]): BankStatement | undefined {
  return (
    statements.find(
      (statement) => statement.account === failure.account && statement.currency === failure.currency,
    ) ?? statements.find((statement) => statement.account === failure.account)
  );
}

/**
 * Groups rows into statements per account/currency and checks the running balances where given. A row that
 * could not be read puts its error on its statement (one without entries when no row of that account could
 * be read); a row whose account cannot be read either may belong to any statement, so all of them get it.
 * Only a file without any statement keeps such errors as file errors.
 */
function toStatements(
  { rows, failures }: RowsRead,
  bank: BankCode,
  layout: CsvLayout,
): { statements: BankStatement[]; errors: string[] } {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.account}|${row.currency}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const statements: BankStatement[] = [];
  for (const group of groups.values()) {
    // Exports list newest first or oldest first; a running balance needs date order (stable).
    const ordered = [...group];
    if (
      ordered.length > 1 &&
      (ordered[0]?.entry.bookingDate ?? '') > (ordered[ordered.length - 1]?.entry.bookingDate ?? '')
    ) {
      ordered.reverse();
    }
    const first = ordered[0];
    const last = ordered[ordered.length - 1];
    if (!first || !last) continue;
    const statement: BankStatement = {
      format: 'csv',
      formatVersion: layout,
      bank: bankFromIban(first.account) ?? bank,
      account: first.account,
      currency: first.currency,
      statementId: `${layout}:${first.account}:${first.entry.bookingDate}..${last.entry.bookingDate}`,
      openingDate: first.entry.bookingDate,
      closingDate: last.entry.bookingDate,
      balanceCheck: 'not-available',
      entries: ordered.map((row) => row.entry),
      errors: [],
    };
    const accountIban = accountIbanOf(statement.account, statement.bank);
    if (accountIban) statement.accountIban = accountIban;
    flagDuplicateReferences(
      ordered.map((row) => ({ entry: row.entry, position: `line ${row.lineNumber}` })),
      'this export',
    );
    if (ordered.every((row) => row.balanceBefore !== undefined && row.balanceAfter !== undefined)) {
      statement.openingBalanceCents = first.balanceBefore;
      statement.closingBalanceCents = last.balanceAfter;
      ordered.forEach((row, index) => {
        const previous = ordered[index - 1];
        if ((row.balanceBefore ?? 0) + row.entry.amountCents !== row.balanceAfter) {
          statement.errors.push(
            `line ${row.lineNumber}: balance before + amount does not equal balance after`,
          );
        }
        if (previous && previous.balanceAfter !== row.balanceBefore) {
          statement.errors.push(
            `line ${row.lineNumber}: starting balance does not continue from line ${previous.lineNumber} (missing rows?)`,
          );
        }
      });
    }
    applyBalanceCheck(statement);
    statements.push(statement);
  }
  const unattributed: string[] = [];
  for (const failure of failures) {
    if (!failure.account) {
      unattributed.push(failure.error);
      continue;
    }
    let statement = statementOfFailure(failure, statements);
    if (!statement) {
      statement = {
        format: 'csv',
        formatVersion: layout,
        bank: bankFromIban(failure.account) ?? bank,
        account: failure.account,
        currency: failure.currency,
        statementId: `${layout}:${failure.account}:unread`,
        balanceCheck: 'not-available',
        entries: [],
        errors: [],
      };
      const accountIban = accountIbanOf(statement.account, statement.bank);
      if (accountIban) statement.accountIban = accountIban;
      statements.push(statement);
    }
    statement.errors.push(failure.error);
  }
  for (const statement of statements) {
    statement.errors.push(...unattributed);
    if (statement.balanceCheck === 'ok' && statement.errors.length) statement.balanceCheck = 'mismatch';
  }
  return { statements, errors: statements.length ? [] : unattributed };
}

export function parseBankCsv(
  text: string,
  maxFieldChars?: number,
): { statements: BankStatement[]; errors: string[] } {
  const detected = detectCsvLayout(text);
  if (!detected)
    return {
      statements: [],
      errors: ['csv: layout not recognised as an ABN AMRO, ING, Rabobank, Knab, bunq or ASN/SNS export'],
    };
  const { layout } = detected;
  const read =
    layout === 'abnamro-tab'
      ? readAbnTab(text)
      : layout === 'rabobank-legacy' || layout === 'asn'
        ? readHeaderless(text, layout, maxFieldChars)
        : readHeaderCsv(text, layout as HeaderLayout, maxFieldChars);
  if (read.rows.length === 0 && read.failures.length === 0) {
    // Nothing to book is not the same as nothing read: the file's status says it held no transactions.
    return { statements: [], errors: [`csv: ${layout} export without transactions (header only)`] };
  }
  return toStatements(read, detected.bank, layout);
}
