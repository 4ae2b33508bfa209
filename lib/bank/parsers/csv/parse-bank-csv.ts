import type { BankCode, BankEntry, BankStatement } from '../../statement.ts';
import { type AmountParse, parseAmountToCents, parseLooseAmountToCents } from '../amount.ts';
import { applyBalanceCheck } from '../balance.ts';
import { accountIbanOf, bankFromIban } from '../bank-codes.ts';
import { parseFlexibleDate } from '../dates.ts';
import { parseEntryDetails } from '../entry-details.ts';
import {
  compactIban,
  findStructuredReference,
  looksLikeIban,
  normaliseStructuredReference,
} from '../references.ts';
import { guessSeparator, readDelimited } from './csv-reader.ts';

/**
 * CSV/TAB exports of Dutch internet banking. Columns are found by header name (lower case), never by
 * position, except ABN AMRO's TAB export which has no header. Rows are grouped into one statement per
 * account and currency. Where rows carry a running balance ("Saldo na trn", "Saldo na mutatie", ABN's
 * start/end balance) the opening and closing balances are derived and checked; else `not-available`.
 */
export type CsvLayout = 'abnamro-tab' | 'ing' | 'rabobank' | 'rabobank-legacy' | 'asn' | 'bunq' | 'knab';

interface Row {
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
interface RowFailure {
  lineNumber: number;
  account: string;
  currency: string;
  error: string;
}

/** What reading the rows of a file yields: the rows, and the rows that failed. */
interface RowsRead {
  rows: Row[];
  failures: RowFailure[];
}

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

function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

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
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const first = lines[0] ?? '';
  if (first.split('\t').length >= 8 && /^\s*[\d.]+\t[A-Z]{3}\t\d{8}\t/.test(first)) {
    return { layout: 'abnamro-tab', bank: 'abnamro' };
  }
  const headerless = detectHeaderless(first);
  if (headerless) return headerless;
  // Knab exports start with a line "KNAB EXPORT;…" before the header.
  const headerLine = /^"?KNAB EXPORT/i.test(first) ? (lines[1] ?? '') : first;
  const header = (readDelimited(headerLine, guessSeparator(headerLine))[0] ?? []).map(normaliseHeader);
  for (const signature of HEADER_SIGNATURES) {
    if (signature.required.every((name) => header.includes(name)))
      return { layout: signature.layout, bank: signature.bank };
  }
  return undefined;
}

function amountError(lineNumber: number, column: string, raw: string, parsed: AmountParse): string {
  return `line ${lineNumber} ${column} "${raw}": ${parsed.ok ? '' : parsed.reason}`;
}

function clean(entry: BankEntry): BankEntry {
  for (const key of Object.keys(entry) as (keyof BankEntry)[]) {
    if (entry[key] === undefined || entry[key] === '') delete entry[key];
  }
  return entry;
}

function readAbnTab(text: string): RowsRead {
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
    const amount = parseAmountToCents(amountRaw);
    const opening = parseAmountToCents(before);
    const closing = parseAmountToCents(after);
    const bookingDate = parseFlexibleDate(date);
    if (!amount.ok) {
      fail(amountError(lineNumber, 'amount', amountRaw, amount));
      return;
    }
    if (!bookingDate) {
      fail(`line ${lineNumber} transaction date "${date}": not a date (yyyymmdd)`);
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

function readHeaderless(text: string, layout: CsvLayout): RowsRead {
  const rows: Row[] = [];
  const failures: RowFailure[] = [];
  readDelimited(text, ',').forEach((raw, index) => {
    const cells = raw.map((cell) => cell.trim());
    const lineNumber = index + 1;
    const cell = (position: number) => cells[position] ?? '';
    const fail = (error: string) =>
      failures.push({
        lineNumber,
        account: compactIban(layout === 'rabobank-legacy' ? cell(0) : cell(1)),
        currency: layout === 'rabobank-legacy' ? cell(1) : cell(9) || cell(7),
        error,
      });
    const entry: BankEntry = { importId: '', bookingDate: '', amountCents: 0, currency: '' };
    let amount: AmountParse;
    let amountRaw: string;
    let dateRaw: string;
    let before: AmountParse | undefined;
    if (layout === 'rabobank-legacy') {
      amountRaw = cell(4);
      const unsigned = parseAmountToCents(amountRaw);
      if (cell(3) !== 'C' && cell(3) !== 'D') {
        fail(`line ${lineNumber} bij/af code "${cell(3)}": expected C or D`);
        return;
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
      amount = parseAmountToCents(amountRaw);
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
      before = parseAmountToCents(cell(8));
    }
    if (!amount.ok) {
      fail(amountError(lineNumber, 'amount', amountRaw, amount));
      return;
    }
    const bookingDate = parseFlexibleDate(dateRaw);
    if (!bookingDate) {
      fail(`line ${lineNumber} date "${dateRaw}": not a date`);
      return;
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
  });
  return { rows, failures };
}

function readHeaderCsv(text: string, layout: CsvLayout): RowsRead {
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && (lines[start]?.trim() === '' || /^"?KNAB EXPORT/i.test(lines[start] ?? '')))
    start++;
  const separator = guessSeparator(lines[start] ?? '');
  const table = readDelimited(lines.slice(start).join('\n'), separator);
  const header = (table[0] ?? []).map(normaliseHeader);
  const rows: Row[] = [];
  const failures: RowFailure[] = [];
  const column = (cells: string[], ...names: string[]) => {
    for (const name of names) {
      const index = header.indexOf(name);
      if (index >= 0) return (cells[index] ?? '').trim();
    }
    return '';
  };
  table.slice(1).forEach((cells, index) => {
    const lineNumber = start + index + 2;
    let amountRaw: string;
    let amount: AmountParse;
    let account: string;
    let currency = 'EUR';
    let dateRaw: string;
    const entry: BankEntry = { importId: '', bookingDate: '', amountCents: 0, currency };
    let balanceAfter: AmountParse | undefined;
    // Which statement a broken row belongs to: the account and currency columns of its layout.
    const fail = (error: string) =>
      failures.push({
        lineNumber,
        account: compactIban(column(cells, 'iban/bban', 'rekening', 'account', 'rekeningnummer')),
        currency: column(cells, 'munt', 'valutacode') || 'EUR',
        error,
      });
    switch (layout) {
      case 'rabobank': {
        account = column(cells, 'iban/bban');
        currency = column(cells, 'munt') || 'EUR';
        dateRaw = column(cells, 'datum');
        amountRaw = column(cells, 'bedrag');
        amount = parseLooseAmountToCents(amountRaw);
        entry.valueDate = parseFlexibleDate(column(cells, 'rentedatum'));
        entry.counterpartyName = column(cells, 'naam tegenpartij');
        entry.counterpartyBic = column(cells, 'bic tegenpartij');
        entry.transactionType = column(cells, 'code');
        entry.endToEndId = column(cells, 'transactiereferentie');
        entry.mandateId = column(cells, 'machtigingskenmerk');
        entry.creditorId = column(cells, 'incassant id');
        entry.bankReference = column(cells, 'volgnr');
        entry.remittance = ['omschrijving-1', 'omschrijving-2', 'omschrijving-3']
          .map((name) => column(cells, name))
          .filter(Boolean)
          .join(' ');
        const kenmerk = column(cells, 'betalingskenmerk');
        if (kenmerk) entry.structuredReference = normaliseStructuredReference(kenmerk);
        const counter = column(cells, 'tegenrekening iban/bban');
        if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
        else if (counter) entry.counterpartyAccount = counter;
        const saldo = column(cells, 'saldo na trn');
        if (saldo) balanceAfter = parseLooseAmountToCents(saldo);
        break;
      }
      case 'ing': {
        // Dutch and English headers of the Mijn ING export.
        account = column(cells, 'rekening', 'account');
        dateRaw = column(cells, 'datum', 'date');
        amountRaw = column(cells, 'bedrag (eur)', 'bedrag', 'amount (eur)', 'amount');
        const unsigned = parseLooseAmountToCents(amountRaw);
        const direction = column(cells, 'af bij', 'debit/credit').toLowerCase();
        const debit = direction === 'af' || direction === 'debit';
        if (!debit && direction !== 'bij' && direction !== 'credit') {
          fail(`line ${lineNumber} Af Bij "${direction}": expected "Af" or "Bij"`);
          return;
        }
        amount = unsigned.ok ? { ok: true, cents: debit ? -unsigned.cents : unsigned.cents } : unsigned;
        entry.counterpartyName = column(cells, 'naam / omschrijving', 'name / description');
        entry.transactionType = column(cells, 'mutatiesoort', 'transaction type') || column(cells, 'code');
        const notes = column(cells, 'mededelingen', 'notifications');
        const details = parseEntryDetails([notes]);
        // Labelled notes ("Naam: … Omschrijving: … IBAN: …") hold the remittance under Omschrijving.
        const labelled = /omschrijving:|description:/i.test(notes) && details.remittance;
        entry.remittance = (labelled ? (details.remittance ?? notes) : notes).replace(/\s+/g, ' ');
        entry.counterpartyIban =
          compactIban(column(cells, 'tegenrekening', 'counterparty')) || details.counterpartyIban;
        entry.endToEndId = details.endToEndId;
        entry.mandateId = details.mandateId;
        entry.creditorId = details.creditorId;
        entry.structuredReference = details.structuredReference ?? findStructuredReference(notes);
        const saldo = column(cells, 'saldo na mutatie', 'resulting balance');
        if (saldo) balanceAfter = parseLooseAmountToCents(saldo);
        break;
      }
      case 'knab': {
        account = column(cells, 'rekeningnummer');
        currency = column(cells, 'valutacode') || 'EUR';
        dateRaw = column(cells, 'boekdatum') || column(cells, 'transactiedatum');
        amountRaw = column(cells, 'bedrag');
        const unsigned = parseLooseAmountToCents(amountRaw);
        const direction = column(cells, 'creditdebet').toUpperCase();
        if (direction !== 'C' && direction !== 'D') {
          fail(`line ${lineNumber} CreditDebet "${direction}": expected "C" or "D"`);
          return;
        }
        amount = unsigned.ok
          ? { ok: true, cents: direction === 'D' ? -unsigned.cents : unsigned.cents }
          : unsigned;
        entry.valueDate = parseFlexibleDate(column(cells, 'valutadatum'));
        entry.counterpartyName = column(cells, 'tegenrekeninghouder');
        entry.remittance = column(cells, 'omschrijving');
        entry.transactionType = column(cells, 'betaalwijze', 'type betaling');
        entry.bankReference = column(cells, 'referentie');
        entry.mandateId = column(cells, 'machtigingsnummer');
        entry.creditorId = column(cells, 'incassant id');
        entry.structuredReference = findStructuredReference(entry.remittance);
        const counter = column(cells, 'tegenrekeningnummer');
        if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
        else if (counter) entry.counterpartyAccount = counter;
        break;
      }
      default: {
        account = column(cells, 'rekening', 'account');
        dateRaw = column(cells, 'datum', 'date');
        amountRaw = column(cells, 'bedrag', 'amount');
        amount = parseLooseAmountToCents(amountRaw);
        entry.counterpartyName = column(cells, 'naam', 'name');
        entry.remittance = column(cells, 'omschrijving', 'description');
        entry.structuredReference = findStructuredReference(entry.remittance);
        const counter = column(cells, 'tegenrekening', 'counterparty');
        if (looksLikeIban(counter)) entry.counterpartyIban = compactIban(counter);
        else if (counter) entry.counterpartyAccount = counter;
        break;
      }
    }
    const bookingDate = parseFlexibleDate(dateRaw);
    if (!amount.ok) {
      fail(amountError(lineNumber, 'amount', amountRaw, amount));
      return;
    }
    if (!bookingDate) {
      fail(`line ${lineNumber} date "${dateRaw}": not a date`);
      return;
    }
    entry.bookingDate = bookingDate;
    entry.amountCents = amount.cents;
    entry.currency = currency;
    const row: Row = { lineNumber, account: compactIban(account), currency, entry: clean(entry) };
    if (balanceAfter?.ok) {
      row.balanceAfter = balanceAfter.cents;
      row.balanceBefore = balanceAfter.cents - amount.cents;
    }
    rows.push(row);
  });
  return { rows, failures };
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

export function parseBankCsv(text: string): { statements: BankStatement[]; errors: string[] } {
  const detected = detectCsvLayout(text);
  if (!detected)
    return {
      statements: [],
      errors: ['csv: layout not recognised as an ABN AMRO, ING, Rabobank, Knab, bunq or ASN/SNS export'],
    };
  const read =
    detected.layout === 'abnamro-tab'
      ? readAbnTab(text)
      : detected.layout === 'rabobank-legacy' || detected.layout === 'asn'
        ? readHeaderless(text, detected.layout)
        : readHeaderCsv(text, detected.layout);
  return toStatements(read, detected.bank, detected.layout);
}
