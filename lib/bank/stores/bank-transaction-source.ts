import type { BankStatement } from '../statement.ts';

/**
 * The seam for scheduled pulls from a bank API (a PSD2 aggregator, bunq's API): whatever the source, it
 * yields normalized statements whose entries carry import ids by the same recipe as files
 * (`assignImportIds`), so a line pulled by API and later uploaded as a file is booked once.
 */
export interface BankTransactionSource {
  /** Short name for logs and documents, e.g. `bunq`. */
  readonly name: string;
  /** Statements with the entries booked since the given ISO date-time (inclusive). */
  fetch(since: string): Promise<BankStatement[]>;
}
