import type { BankCode, BankEntry, BankStatement } from '../../statement.ts';
import { parseAmountToCents } from '../amount.ts';
import { applyBalanceCheck } from '../balance.ts';
import { accountIbanOf, bankFromIban, bankFromText } from '../bank-codes.ts';
import { coversOneBookingDay, parseYymmdd } from '../dates.ts';
import { parseEntryDetails } from '../entry-details.ts';
import { compactIban, looksLikeIban } from '../references.ts';
import { parseStatementLine } from './statement-line.ts';

/** The tags of an MT940 (and MT942) message; any other `:xx:` at a line start is continuation text. */
const KNOWN_TAGS = new Set([
  '13',
  '13D',
  '20',
  '21',
  '25',
  '25P',
  '28',
  '28C',
  '34F',
  '60F',
  '60M',
  '61',
  '62F',
  '62M',
  '64',
  '65',
  '86',
  '90C',
  '90D',
]);

/** Tags that open a statement's header: after a lost `:20:` they start a statement of their own. */
const STATEMENT_HEAD_TAGS = new Set(['25', '25P', '28', '28C', '60F', '60M']);

interface Field {
  tag: string;
  lines: string[];
  lineNumber: number;
}

interface Block {
  header: string[];
  fields: Field[];
}

const TAG_LINE = /^:(\d{2}[A-Z]?):(.*)$/;
const BLOCK_END = /^\s*-\s*(?:\}.*|XXX)?\s*$/;
const ENVELOPE = /^\{1:[^}]*\}(?:\{[^4][^}]*\})*(?:\{4:)?/;

/**
 * Splits the text into message blocks and fields. Tolerant: envelopes `{1:…}{2:…}{4:`, trailers `-}`,
 * `-}{5:…}`, `-XXX`, ABN/bunq/ING preamble lines and Rabobank `:940:` lines start or end blocks; unknown
 * lines continue the previous field.
 */
export function tokenizeMt940(text: string): Block[] {
  const blocks: Block[] = [];
  let block: Block = { header: [], fields: [] };
  let field: Field | undefined;
  const finish = () => {
    if (block.fields.length || block.header.length) blocks.push(block);
    block = { header: [], fields: [] };
    field = undefined;
  };
  text.split('\n').forEach((rawLine, index) => {
    let line = rawLine;
    const envelope = ENVELOPE.exec(line);
    if (envelope) {
      if (block.fields.length) finish();
      block.header.push(envelope[0]);
      line = line.slice(envelope[0].length);
      if (line.trim() === '') return;
    }
    if (BLOCK_END.test(line)) {
      finish();
      return;
    }
    const tag = TAG_LINE.exec(line);
    if (tag && KNOWN_TAGS.has(tag[1] ?? '')) {
      field = { tag: tag[1] ?? '', lines: [tag[2] ?? ''], lineNumber: index + 1 };
      block.fields.push(field);
      return;
    }
    if (field) {
      field.lines.push(line);
    } else if (line.trim() !== '') {
      block.header.push(line.trim());
    }
  });
  finish();
  return blocks;
}

interface Balance {
  cents: number;
  date?: string;
  currency: string;
}

function parseBalance(field: Field): Balance | string {
  const content = (field.lines[0] ?? '').trim();
  const match = /^([CD])(\d{6})([A-Z]{3})(.*)$/.exec(content);
  if (!match)
    return `line ${field.lineNumber} :${field.tag}: "${content}": expected C|D + YYMMDD + currency + amount`;
  const amount = parseAmountToCents(match[4] ?? '');
  if (!amount.ok) return `line ${field.lineNumber} :${field.tag}: amount "${match[4]}": ${amount.reason}`;
  const balance: Balance = {
    cents: match[1] === 'D' ? -amount.cents : amount.cents,
    currency: match[3] ?? '',
  };
  const date = parseYymmdd(match[2] ?? '');
  if (date) balance.date = date;
  if (balance.cents === 0) balance.cents = 0;
  return balance;
}

/** `:25:` account: IBAN (spaces and a trailing currency removed), `TRIODOSBANK/0390…`, legacy numbers. */
function parseAccount(raw: string): { account: string; currency?: string; bank?: BankCode } {
  let value = raw.trim();
  let bank: BankCode | undefined;
  if (/^TRIODOSBANK\//i.test(value)) {
    bank = 'triodos';
    value = value.slice('TRIODOSBANK/'.length);
  }
  const compact = value.replace(/\s/g, '').toUpperCase();
  const withCurrency = /^(.*?)(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|JPY|TRY|MKD)$/.exec(compact);
  if (withCurrency && looksLikeIban(withCurrency[1] ?? '')) {
    return {
      account: compactIban(withCurrency[1] ?? ''),
      currency: withCurrency[2],
      ...(bank ? { bank } : {}),
    };
  }
  if (looksLikeIban(compact)) return { account: compact, ...(bank ? { bank } : {}) };
  // Legacy Dutch numbers are written with dots (Rabobank `1291.99.348`); the digits are the number.
  const legacy = /^(\d[\d./-]*\d)([A-Z]{3})?$/.exec(compact);
  if (legacy) {
    const number = (legacy[1] ?? '').includes('/') ? (legacy[1] ?? '') : (legacy[1] ?? '').replace(/\./g, '');
    return { account: number, ...(legacy[2] ? { currency: legacy[2] } : {}), ...(bank ? { bank } : {}) };
  }
  return { account: compact, ...(bank ? { bank } : {}) };
}

function newStatement(bank: BankCode): BankStatement {
  return {
    format: 'mt940',
    formatVersion: 'mt940',
    bank,
    account: '',
    currency: '',
    statementId: '',
    balanceCheck: 'not-available',
    entries: [],
    errors: [],
  };
}

function fillFromSupplementary(entry: BankEntry, supplementary: string | undefined): void {
  if (!supplementary) return;
  const value = supplementary.replace(/\/TRCD\/[^/]*\/?/g, '').trim();
  if (!value) return;
  const [first = '', ...rest] = value.split(/\s+/);
  if (looksLikeIban(first)) {
    entry.counterpartyIban ??= compactIban(first);
    if (rest.length) entry.counterpartyName ??= rest.join(' ');
  } else if (/^P?\d{6,10}$/.test(first) && /[1-9]/.test(first)) {
    entry.counterpartyAccount ??= first;
    if (rest.length) entry.counterpartyName ??= rest.join(' ');
  } else if (!entry.counterpartyName) {
    entry.counterpartyName = value.replace(/\s+/g, ' ');
  }
}

/**
 * Lines without an entry date were booked on the statement's day when the statement covers one day; MT940
 * then only gives the value date, while CAMT of the same day gives `BookgDt`. Using the closing date keeps
 * their import ids equal. Over longer periods the value date is the best guess left.
 */
function bookOnStatementDay(statement: BankStatement, withoutEntryDate: readonly BankEntry[]): void {
  const day = statement.closingDate;
  if (!day || withoutEntryDate.length === 0 || !coversOneBookingDay(statement.openingDate, day)) return;
  for (const entry of withoutEntryDate) entry.bookingDate = day;
}

/**
 * Parses all statements of an MT940 file. Every `:20:` starts a statement; lines that cannot be read become
 * errors naming line, tag, value and rule. Tags before the first `:20:` are file errors; later tags outside a
 * statement (a lost `:20:`, a stray block end) are errors of the statement they belong to, so it is not
 * booked with lines missing.
 */
export function parseMt940(text: string): { statements: BankStatement[]; errors: string[] } {
  const statements: BankStatement[] = [];
  const errors: string[] = [];
  const blocks = tokenizeMt940(text);
  const fileHeader = blocks.flatMap((block) => block.header).join('\n');
  const fileBank = bankFromText(fileHeader);
  for (const block of blocks) {
    const blockBank = bankFromText(block.header.join('\n')) ?? fileBank;
    let statement: BankStatement | undefined;
    let withoutEntryDate: BankEntry[] = [];
    let entry: BankEntry | undefined;
    let entryDetails: string[] | undefined;
    let afterClosing = false;
    let sequence = '';
    let reference = '';
    const finishEntry = () => {
      if (statement && entry) {
        if (entryDetails) {
          const details = parseEntryDetails(entryDetails);
          const { reversalHint, ...fields } = details;
          for (const [key, value] of Object.entries(fields)) {
            const target = entry as unknown as Record<string, unknown>;
            if (target[key] === undefined || key !== 'counterpartyName') target[key] = value;
          }
          if (reversalHint && entry.reversal === undefined) entry.reversal = true;
        }
        statement.entries.push(entry);
      }
      entry = undefined;
      entryDetails = undefined;
    };
    const finishStatement = () => {
      finishEntry();
      if (statement) {
        statement.statementId = [reference, sequence].filter(Boolean).join('/') || 'unknown';
        statement.bank =
          statement.bank === 'generic' ? (bankFromIban(statement.account) ?? statement.bank) : statement.bank;
        if (statement.closingBalanceCents === undefined && statement.openingBalanceCents !== undefined) {
          statement.errors.push('statement has no closing balance :62F:/:62M:');
        }
        if (statement.openingBalanceCents === undefined)
          statement.errors.push('statement has no opening balance :60F:/:60M:');
        if (!statement.account) statement.errors.push('statement has no account :25:');
        for (const item of statement.entries) item.currency ||= statement.currency;
        const accountIban = accountIbanOf(statement.account, statement.bank);
        if (accountIban) statement.accountIban = accountIban;
        bookOnStatementDay(statement, withoutEntryDate);
        applyBalanceCheck(statement);
        statements.push(statement);
      }
      statement = undefined;
      withoutEntryDate = [];
      afterClosing = false;
      sequence = '';
      reference = '';
    };
    for (const field of block.fields) {
      const content = (field.lines[0] ?? '').trim();
      if (field.tag === '20') {
        finishStatement();
        statement = newStatement(blockBank ?? 'generic');
        reference = content;
        continue;
      }
      if (!statement) {
        const previous = statements[statements.length - 1];
        if (!previous) {
          errors.push(`line ${field.lineNumber} :${field.tag}: outside a statement (no :20: before it)`);
          continue;
        }
        if (!STATEMENT_HEAD_TAGS.has(field.tag)) {
          // Lines, details or balances after the block of a statement ended: they belong to that statement.
          previous.errors.push(
            `line ${field.lineNumber} :${field.tag}: "${content.slice(0, 40)}": outside a statement (no :20: before it), after statement ${previous.statementId}`,
          );
          continue;
        }
        // A statement whose :20: is lost: read it, so its lines are seen, but never book it.
        statement = newStatement(blockBank ?? 'generic');
        statement.errors.push(
          `line ${field.lineNumber} :${field.tag}: "${content.slice(0, 40)}": statement has no transaction reference :20: before it`,
        );
      }
      switch (field.tag) {
        case '25': {
          const account = parseAccount(field.lines.join(' '));
          statement.account = account.account;
          if (account.currency) statement.currency ||= account.currency;
          statement.bank = bankFromIban(account.account) ?? account.bank ?? statement.bank;
          break;
        }
        case '28':
        case '28C':
          sequence = content;
          break;
        case '60F':
        case '60M': {
          const balance = parseBalance(field);
          if (typeof balance === 'string') statement.errors.push(balance);
          else if (statement.openingBalanceCents === undefined) {
            statement.openingBalanceCents = balance.cents;
            statement.currency = balance.currency;
            if (balance.date) statement.openingDate = balance.date;
          }
          break;
        }
        case '61': {
          finishEntry();
          const parsed = parseStatementLine(field.lines);
          if (!parsed.ok) {
            statement.errors.push(`line ${field.lineNumber} :61: ${parsed.reason}`);
            break;
          }
          const line = parsed.line;
          entry = {
            importId: '',
            bookingDate: line.bookingDate,
            amountCents: line.amountCents,
            currency: statement.currency,
            transactionType: line.transactionType,
          };
          if (!line.entryDate) withoutEntryDate.push(entry);
          if (line.valueDate) entry.valueDate = line.valueDate;
          else
            statement.errors.push(
              `line ${field.lineNumber} :61: value date "${content.slice(0, 6)}": not a valid date`,
            );
          if (line.reversal) entry.reversal = true;
          if (line.invalidEntryDate) {
            statement.errors.push(
              `line ${field.lineNumber} :61: entry date "${line.invalidEntryDate}": not a valid MMDD, booked on the value date`,
            );
          }
          const referenceIsAccount =
            line.customerReference !== undefined &&
            (/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(line.customerReference.replace(/\s/g, '')) ||
              /^P?\d{9,10}$/.test(line.customerReference));
          if (line.bankReference) entry.bankReference = line.bankReference;
          else if (
            line.customerReference &&
            !referenceIsAccount &&
            !/^(NONREF|EREF|PREF|MARF)$/.test(line.customerReference)
          ) {
            entry.bankReference = line.customerReference;
          }
          if (
            line.customerReference &&
            /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(line.customerReference.replace(/\s/g, ''))
          ) {
            entry.counterpartyIban = compactIban(line.customerReference);
          }
          fillFromSupplementary(entry, line.supplementary);
          // Old Rabobank lines put the counter account in the reference field, the name after it.
          if (
            line.customerReference &&
            /^P?\d{9,10}$/.test(line.customerReference) &&
            !entry.counterpartyIban
          ) {
            entry.counterpartyAccount ??= line.customerReference;
          }
          break;
        }
        case '86':
          if (entry && !afterClosing) {
            entryDetails = [...(entryDetails ?? []), ...field.lines];
          }
          break;
        case '62F':
        case '62M': {
          finishEntry();
          afterClosing = true;
          const balance = parseBalance(field);
          if (typeof balance === 'string') statement.errors.push(balance);
          else {
            statement.closingBalanceCents = balance.cents;
            if (balance.date) statement.closingDate = balance.date;
            statement.currency ||= balance.currency;
          }
          break;
        }
        case '64':
        case '65':
          finishEntry();
          afterClosing = true;
          break;
        default:
          break;
      }
    }
    finishStatement();
  }
  return { statements, errors };
}
