import type { SalesInvoice } from './sales-invoice.ts';

/**
 * A credit note for `original`: the same parties, VAT and lines (all of them, or `lines` when only part is
 * credited), positive as a credit note's amounts are, with the BillingReference to the original. Pure.
 */
export function creditNoteOf(
  original: SalesInvoice,
  header: {
    number: string;
    issueDate: string;
    dueDate: string;
    lines?: SalesInvoice['lines'];
    note?: string;
  },
): SalesInvoice {
  const {
    kind: _kind,
    billingReference: _reference,
    paymentReference: _payment,
    note: _note,
    ...rest
  } = original;
  return {
    ...rest,
    kind: 'credit-note',
    billingReference: { number: original.number, issueDate: original.issueDate },
    number: header.number,
    issueDate: header.issueDate,
    dueDate: header.dueDate,
    lines: header.lines ?? original.lines,
    ...(header.note ? { note: header.note } : {}),
  };
}
