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
