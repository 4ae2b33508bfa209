import type { BankCode, BankEntry, BankStatement } from '../../statement.ts';
import { formatCents, parseAmountToCents } from '../amount.ts';
import { applyBalanceCheck } from '../balance.ts';
import { accountIbanOf, bankFromIban } from '../bank-codes.ts';
import { coversOneBookingDay } from '../dates.ts';
import { parseEntryDetails } from '../entry-details.ts';
import { compactIban, looksLikeIban } from '../references.ts';
import { parseAccount, parseBalance } from './header-fields.ts';
import { parseStatementLine } from './statement-line.ts';
import { type Mt940Field, quoteLine } from './tokenize-mt940.ts';

/** Fields that hold one line: anything on the lines after them was not read. */
const SINGLE_LINE_TAGS = new Set(['20', '21', '28', '28C', '60F', '60M', '62F', '62M', '64', '65']);
/** Envelope remains (`}`, `{5:…}`) that may follow the last field of a message. */
const ENVELOPE_REMAINS = /^\s*(?:\{\d:.*|\}+)\s*$/;

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
  // Coded supplementary details (ING `/TRCD/01028/`, SWIFT `/OCMT/EUR4,5/`, `/CHGS/…`) are no name.
  const value = supplementary.replace(/\/[A-Z]{4}\/[^/]*\/?/g, '').trim();
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
 * Reads the fields of one MT940 file, statement by statement, across message blocks: a statement lasts
 * from its `:20:` (or, without one, its header) to the next statement, so lines after a stray `-` or `-}`
 * still belong to it. Every line that cannot be read is an error and an `unreadableLines` entry of the
 * statement it is in, which makes the balance check `incomplete`.
 */
export class Mt940StatementReader {
  readonly statements: BankStatement[] = [];
  /** Problems outside any statement (before the first one). */
  readonly fileErrors: string[] = [];
  private statement: BankStatement | undefined;
  private withoutEntryDate: BankEntry[] = [];
  private entry: BankEntry | undefined;
  private entryDetails: string[] | undefined;
  private afterClosing = false;
  /** MT942 `:90D:`/`:90C:`: number and sum of the debit/credit entries, as the bank counts them. */
  private entryTotals: { field: Mt940Field; count: number; cents: bigint; debit: boolean }[] = [];
  private sequence = '';
  private reference = '';

  /** The statement being read, if any. */
  get current(): BankStatement | undefined {
    return this.statement;
  }

  /** Whether the statement being read has had its closing balance (`:62F:`/`:62M:`, `:64:`, `:65:`). */
  get closed(): boolean {
    return this.afterClosing;
  }

  /** Starts a statement; `reference` is the `:20:` content, absent when the file gives none. */
  startStatement(bank: BankCode, reference = ''): BankStatement {
    this.finishStatement();
    this.statement = newStatement(bank);
    this.reference = reference;
    return this.statement;
  }

  /** Records a line that could not be read: an error naming line, text and rule, and an unreadable line. */
  unreadable(lineNumber: number, text: string, message: string): void {
    const target = this.statement;
    if (!target) {
      this.fileErrors.push(message);
      return;
    }
    target.errors.push(message);
    const reason = message.replace(/^line \d+ /, '');
    target.unreadableLines ??= [];
    target.unreadableLines.push({ line: lineNumber, text: quoteLine(text), reason });
  }

  /** Reads one field into the current statement (there must be one). */
  read(field: Mt940Field): void {
    const statement = this.statement;
    if (!statement) return;
    const content = (field.lines[0] ?? '').trim();
    this.reportUnreadContinuation(field);
    for (const suspect of field.suspectLines ?? []) {
      this.unreadable(
        suspect.lineNumber,
        suspect.text,
        `line ${suspect.lineNumber} "${quoteLine(suspect.text, 40)}": not an MT940 tag, but shaped like a statement line or balance`,
      );
    }
    switch (field.tag) {
      case '20':
        this.reference = content;
        break;
      case '25': {
        const account = parseAccount(field.lines.join(' '));
        statement.account = account.account;
        if (account.currency) statement.currency ||= account.currency;
        statement.bank = bankFromIban(account.account) ?? account.bank ?? statement.bank;
        break;
      }
      case '28':
      case '28C':
        this.sequence = content;
        break;
      case '60F':
      case '60M': {
        const balance = parseBalance(field);
        if (typeof balance === 'string')
          this.unreadable(field.lineNumber, `:${field.tag}:${content}`, balance);
        else if (statement.openingBalanceCents === undefined) {
          this.checkCurrency(field, content, balance.currency);
          statement.openingBalanceCents = balance.cents;
          statement.currency = balance.currency || statement.currency;
          if (balance.date) statement.openingDate = balance.date;
        }
        break;
      }
      case '61':
        this.readStatementLine(field, statement);
        break;
      case '86':
        if (this.entry && !this.afterClosing)
          this.entryDetails = [...(this.entryDetails ?? []), ...field.lines];
        break;
      case '62F':
      case '62M': {
        this.finishEntry();
        const balance = parseBalance(field);
        if (typeof balance === 'string')
          this.unreadable(field.lineNumber, `:${field.tag}:${content}`, balance);
        else if (this.afterClosing && statement.closingBalanceCents !== undefined) {
          this.unreadable(
            field.lineNumber,
            `:${field.tag}:${content}`,
            `line ${field.lineNumber} :${field.tag}: "${quoteLine(content, 40)}": a second closing balance`,
          );
        } else {
          this.checkCurrency(field, content, balance.currency);
          statement.closingBalanceCents = balance.cents;
          if (balance.date) statement.closingDate = balance.date;
          statement.currency ||= balance.currency;
        }
        this.afterClosing = true;
        break;
      }
      case '34F': {
        // MT942 floor limit `PLN0`, `EURD0,00`: the only currency an interim report without balances has.
        const currency = /^([A-Z]{3})/.exec(content)?.[1];
        if (currency) statement.currency ||= currency;
        break;
      }
      case '90D':
      case '90C':
        this.readEntryTotal(field, content);
        break;
      case '64':
      case '65':
        this.finishEntry();
        this.afterClosing = true;
        break;
      default:
        break;
    }
  }

  /** Ends the file: the last statement is checked and kept. */
  finish(): void {
    this.finishStatement();
  }

  /** A balance in another currency than the account's or the other balance's cannot be checked. */
  private checkCurrency(field: Mt940Field, content: string, currency: string): void {
    const expected = this.statement?.currency;
    if (!expected || !currency || expected === currency) return;
    this.unreadable(
      field.lineNumber,
      `:${field.tag}:${content}`,
      `line ${field.lineNumber} :${field.tag}: currency "${currency}": differs from the statement's currency ${expected}`,
    );
  }

  private reportUnreadContinuation(field: Mt940Field): void {
    if (!SINGLE_LINE_TAGS.has(field.tag)) return;
    field.lines.forEach((line, index) => {
      if (index === 0 || line.trim() === '' || ENVELOPE_REMAINS.test(line)) return;
      const lineNumber = field.lineNumber + index;
      this.unreadable(
        lineNumber,
        line,
        `line ${lineNumber} "${quoteLine(line, 40)}": not a tag, and :${field.tag}: holds one line`,
      );
    });
  }

  /**
   * Lines after a statement's closing balance, without a header of their own: no balance covers them, so
   * they become a statement of their own (same account) that is read and shown but never booked, and the
   * statement before them stays as it was.
   */
  private startStatementAfterClosing(field: Mt940Field, closed: BankStatement): void {
    const closedId = this.statementId();
    const content = (field.lines[0] ?? '').trim();
    const orphan = this.startStatement(closed.bank, `${closedId}+`);
    orphan.account = closed.account;
    orphan.currency = closed.currency;
    orphan.errors.push(
      `line ${field.lineNumber} :${field.tag}: "${quoteLine(content, 40)}": after the closing balance of statement ${closedId}, without a statement header (:20:, :60F:) of its own`,
    );
  }

  private readStatementLine(field: Mt940Field, statement: BankStatement): void {
    this.finishEntry();
    const content = (field.lines[0] ?? '').trim();
    if (this.afterClosing) this.startStatementAfterClosing(field, statement);
    const target = this.statement ?? statement;
    const parsed = parseStatementLine(field.lines);
    if (!parsed.ok) {
      this.unreadable(field.lineNumber, `:61:${content}`, `line ${field.lineNumber} :61: ${parsed.reason}`);
      return;
    }
    const line = parsed.line;
    const entry: BankEntry = {
      importId: '',
      bookingDate: line.bookingDate,
      amountCents: line.amountCents,
      currency: target.currency,
    };
    if (line.transactionType) entry.transactionType = line.transactionType;
    this.entry = entry;
    if (!line.entryDate) this.withoutEntryDate.push(entry);
    if (line.valueDate) entry.valueDate = line.valueDate;
    else
      this.unreadable(
        field.lineNumber,
        `:61:${content}`,
        `line ${field.lineNumber} :61: value date "${content.slice(0, 6)}": not a valid date`,
      );
    if (line.reversal) entry.reversal = true;
    if (line.invalidEntryDate) {
      this.unreadable(
        field.lineNumber,
        `:61:${content}`,
        `line ${field.lineNumber} :61: entry date "${line.invalidEntryDate}": not a valid MMDD, booked on the value date`,
      );
    }
    const customerReference = line.customerReference;
    const ibanReference =
      customerReference !== undefined &&
      /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(customerReference.replace(/\s/g, ''));
    const referenceIsAccount =
      customerReference !== undefined && (ibanReference || /^P?\d{9,10}$/.test(customerReference));
    if (line.bankReference) entry.bankReference = line.bankReference;
    else if (
      customerReference &&
      !referenceIsAccount &&
      !/^(NONREF|EREF|PREF|MARF)$/.test(customerReference)
    ) {
      entry.bankReference = customerReference;
    }
    if (customerReference && ibanReference) entry.counterpartyIban = compactIban(customerReference);
    fillFromSupplementary(entry, line.supplementary);
    // Old Rabobank lines put the counter account in the reference field, the name after it.
    if (customerReference && /^P?\d{9,10}$/.test(customerReference) && !entry.counterpartyIban) {
      entry.counterpartyAccount ??= customerReference;
    }
  }

  private finishEntry(): void {
    const { statement, entry, entryDetails } = this;
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
    this.entry = undefined;
    this.entryDetails = undefined;
  }

  private statementId(): string {
    return [this.reference, this.sequence].filter(Boolean).join('/') || 'unknown';
  }

  private readEntryTotal(field: Mt940Field, content: string): void {
    const match = /^(\d{1,5})([A-Z]{3})(.*)$/.exec(content);
    const amount = match ? parseAmountToCents(match[3] ?? '') : undefined;
    if (!match || !amount?.ok) {
      this.unreadable(
        field.lineNumber,
        `:${field.tag}:${content}`,
        `line ${field.lineNumber} :${field.tag}: "${quoteLine(content, 40)}": expected number of entries + currency + amount`,
      );
      return;
    }
    if (this.statement) this.statement.currency ||= match[2] ?? '';
    this.entryTotals.push({
      field,
      count: Number(match[1]),
      cents: BigInt(amount.cents),
      debit: field.tag === '90D',
    });
  }

  /** MT942 without balances: the entries must still match the bank's own count and sum. */
  private checkEntryTotals(statement: BankStatement): void {
    for (const total of this.entryTotals) {
      const entries = statement.entries.filter((entry) => entry.amountCents < 0 === total.debit);
      const sum = entries.reduce((acc, entry) => acc + BigInt(Math.abs(entry.amountCents)), 0n);
      if (entries.length === total.count && sum === total.cents) continue;
      statement.errors.push(
        `line ${total.field.lineNumber} :${total.field.tag}: ${total.count} ${total.debit ? 'debit' : 'credit'} entries of ${formatCents(total.cents)}, but the statement has ${entries.length} of ${formatCents(sum)}`,
      );
    }
    this.entryTotals = [];
  }

  private finishStatement(): void {
    this.finishEntry();
    const statement = this.statement;
    if (statement) {
      statement.statementId = this.statementId();
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
      bookOnStatementDay(statement, this.withoutEntryDate);
      this.checkEntryTotals(statement);
      applyBalanceCheck(statement);
      this.statements.push(statement);
    }
    this.statement = undefined;
    this.withoutEntryDate = [];
    this.afterClosing = false;
    this.sequence = '';
    this.reference = '';
  }
}
