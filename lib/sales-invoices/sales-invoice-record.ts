import type { SalesInvoice } from './sales-invoice.ts';

/** An issued invoice as stored (documents table, pk `SALESINV#<administration>`). */
export interface SalesInvoiceRecord {
  /** `si_` and 16 hex digits; chosen before the number so the hours can be claimed for it first. */
  id: string;
  administration: string;
  number: string;
  invoice: SalesInvoice;
  hourIds: string[];
  /** The booking event (`journal-entry.book` or `sales-order.create`) once sent. */
  eventId?: string;
  eventType?: 'journal-entry.book' | 'sales-order.create';
  createdAt: string;
  createdBy: string;
  /** Every time the invoice was e-mailed, oldest first. */
  mailings?: SalesInvoiceMailing[];
  /** A sending in progress (so a second click does not send twice); stale after a few minutes. */
  mailLock?: { token: string; at: string };
  /** For an invoice: the credit notes made for it. */
  creditedBy?: CreditNoteReference[];
}

/** One e-mail of an invoice: to whom, when, by whom, and the sending service's MessageId. */
export interface SalesInvoiceMailing {
  to: string;
  at: string;
  by: string;
  subject: string;
  messageId: string;
  /** Whether the SI-UBL 2.0 file went along (not when the invoice cannot be valid UBL). */
  ubl: boolean;
}

/** A credit note made for an invoice, as the invoice remembers it. */
export interface CreditNoteReference {
  id: string;
  number: string;
  payableCents: number;
  /** The invoice's lines (0-based) the credit note credits in full. */
  lineIndexes?: number[];
  /** The hours it made invoiceable again. */
  releasedHourIds?: string[];
}

/** Hours that are billed already, or gone, and so cannot go on a new invoice. */
export class HoursNotBillableError extends Error {
  constructor(
    readonly hourIds: string[],
    options?: { cause?: unknown },
  ) {
    super(`hours ${hourIds.join(', ')} are billed already or do not exist`, options);
    this.name = 'HoursNotBillableError';
  }
}
