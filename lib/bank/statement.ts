/**
 * The normalized shape of a bank statement and its entries, whatever the source format
 * (CAMT.053, MT940 dialects, bank CSV exports). Amounts are integer cents, dates ISO `YYYY-MM-DD`.
 */
export type StatementFormat = 'camt053' | 'mt940' | 'csv';

export type BankCode =
  | 'abnamro'
  | 'ing'
  | 'rabobank'
  | 'knab'
  | 'bunq'
  | 'triodos'
  | 'sns'
  | 'asn'
  | 'regiobank'
  | 'vanlanschot'
  | 'moneyou'
  | 'generic';

export interface BankEntry {
  /** Stable across re-sent, overlapping and cross-format exports of the same entry (see import-id). */
  importId: string;
  bookingDate: string;
  valueDate?: string;
  /** Signed: credit (money in) positive, debit (money out) negative. */
  amountCents: number;
  currency: string;
  counterpartyIban?: string;
  /** Legacy (pre-SEPA) or foreign counter account number when no IBAN is given. */
  counterpartyAccount?: string;
  counterpartyBic?: string;
  counterpartyName?: string;
  remittance?: string;
  /** Dutch betalingskenmerk (16 digits) or ISO 11649 RF creditor reference. */
  structuredReference?: string;
  endToEndId?: string;
  mandateId?: string;
  bankReference?: string;
  /** Bank transaction code / type as given by the bank (e.g. SWIFT NTRF, camt domain/family). */
  transactionType?: string;
  reversal?: boolean;
  /** SEPA creditor id (incassant id) of a direct debit. */
  creditorId?: string;
  /**
   * Why this entry must go to a person instead of being booked automatically, although its statement may be
   * booked (e.g. its bank reference is on another entry of the statement too).
   */
  flags?: string[];
}

/** A source line that could not be read: where, what it says (truncated) and why. */
export interface UnreadableLine {
  /** 1-based line number in the file. */
  line: number;
  /** The line's text, truncated. */
  text: string;
  reason: string;
}

export interface BankStatement {
  format: StatementFormat;
  bank: BankCode;
  /** Account IBAN (or the bank's account number when no IBAN is given). */
  account: string;
  /** The account's IBAN: `account` itself, or derived from a legacy Dutch number and the bank's code. */
  accountIban?: string;
  currency: string;
  statementId: string;
  /**
   * The version of the source format when the file says it: `camt.053.001.08` (namespace), `mt940`, or the
   * CSV layout (`rabobank`, `ing`, `abnamro-tab`, …).
   */
  formatVersion?: string;
  openingBalanceCents?: number;
  closingBalanceCents?: number;
  openingDate?: string;
  closingDate?: string;
  /**
   * `incomplete`: some lines of the statement could not be read (see `unreadableLines`), so its balances
   * prove nothing even when they add up.
   */
  balanceCheck: 'ok' | 'mismatch' | 'not-available' | 'incomplete';
  /** Lines of the source that could not be read; each is also in `errors`. Absent when there are none. */
  unreadableLines?: UnreadableLine[];
  entries: BankEntry[];
  /** Problems that a person must see: field, rule, value. A statement with errors is not booked. */
  errors: string[];
}
