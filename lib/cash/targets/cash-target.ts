import type { CashRecord } from '../records/cash-record.ts';
import type { CashErrorDetail } from '../rest/parse-cash-errors.ts';

export type ImportOutcome =
  | { status: 'success'; transaction: string }
  /** Written where CASHWin/CASHWeb picks it up; CASH's own verdict comes later (its .ERR file / import log). */
  | { status: 'delivered'; location: string }
  | { status: 'pending'; transaction: string }
  | { status: 'rejected'; errors: CashErrorDetail[]; transaction?: string };

/** Where a batch of records goes: the REST API or an XML outbox. */
export interface CashTarget {
  submit(administration: string, records: CashRecord[], batchId: string): Promise<ImportOutcome>;
}
