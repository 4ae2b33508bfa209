import type { HourEntry } from './hour-entry.ts';
import type { CreditNoteReference, SalesInvoiceMailing, SalesInvoiceRecord } from './sales-invoice-record.ts';

/** Hours per administration. */
export interface HoursStore {
  list(administration: string): Promise<HourEntry[]>;
  getMany(administration: string, ids: readonly string[]): Promise<HourEntry[]>;
  add(entry: HourEntry): Promise<void>;
  /** `billed` when the hours are on an invoice (kept), `not-found` when there are none of that id. */
  remove(administration: string, id: string): Promise<'removed' | 'not-found' | 'billed'>;
  /** Marks hours billed on `invoiceId`, all or none; throws HoursNotBillableError naming the ones that are not. */
  claim(administration: string, ids: readonly string[], invoiceId: string): Promise<void>;
  /** Undoes a claim that did not lead to an invoice. */
  release(administration: string, ids: readonly string[], invoiceId: string): Promise<void>;
  /**
   * Makes hours billed on `invoiceId` invoiceable again because credit note `creditNoteId` credited their
   * lines: `invoiceId` is cleared, the credit note added to `creditedBy`. Hours billed elsewhere meanwhile
   * are left alone.
   */
  releaseCredited(
    administration: string,
    ids: readonly string[],
    invoiceId: string,
    creditNoteId: string,
  ): Promise<void>;
}

/** Issued invoices per administration, numbered without gaps per year. */
export interface SalesInvoiceStore {
  /**
   * Gives the invoice the next number of `year` (`2026-0001`, …) and stores it with that number, or
   * answers the stored record when `draft.id` has one already (a retry).
   */
  issue(
    draft: Omit<SalesInvoiceRecord, 'number'>,
    year: number,
    build: (number: string) => SalesInvoiceRecord,
  ): Promise<SalesInvoiceRecord>;
  get(administration: string, id: string): Promise<SalesInvoiceRecord | undefined>;
  /** Invoices and credit notes, highest number first; `cursor` is the last page's `nextCursor`. */
  list(
    administration: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: SalesInvoiceRecord[]; nextCursor?: string }>;
  setEvent(
    administration: string,
    id: string,
    event: Pick<SalesInvoiceRecord, 'eventId' | 'eventType'>,
  ): Promise<void>;
  /**
   * Takes the invoice's mail lock when it was sent exactly `sentBefore` times and no other sending holds a
   * lock younger than `staleBefore`; false when it does not (sent meanwhile, or being sent).
   */
  beginMailing(
    administration: string,
    id: string,
    lock: { token: string; at: string },
    sentBefore: number,
    staleBefore: string,
  ): Promise<boolean>;
  /** Appends the mailing (when sent) and gives the lock `token` back. */
  endMailing(administration: string, id: string, token: string, mailing?: SalesInvoiceMailing): Promise<void>;
  /** Remembers on the invoice a credit note made for it. */
  noteCredit(administration: string, id: string, credit: CreditNoteReference): Promise<void>;
}

/** `2026`, `7` → `2026-0007`; five digits and more when a year has that many. */
export const invoiceNumber = (year: number, sequence: number) =>
  `${year}-${String(sequence).padStart(4, '0')}`;
